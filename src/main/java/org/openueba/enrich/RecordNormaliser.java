package org.openueba.enrich;

import org.openueba.event.Event;
import org.openueba.event.Field;
import org.openueba.event.InvalidRecordException;
import org.openueba.source.SourceProfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Turns what an adapter parsed into a stored-ready {@link Event}, for one batch of one source:
 * <ol>
 *   <li>sets the source name and, when the profile names an {@code entityField}, the entity;</li>
 *   <li>checks the field count and that the time is not too far ahead of the server clock;</li>
 *   <li>GeoIP-enriches from the source IP (before pseudonymisation, which hides the IP);</li>
 *   <li>pseudonymises the profile's and the globally configured fields (and the entity, when it
 *       was taken from one of them);</li>
 *   <li>gives the event its stable id ({@link EventIds}).</li>
 * </ol>
 * Not thread-safe: one instance per batch (it remembers the derived ids of the batch).
 */
public final class RecordNormaliser {
    private final SourceProfile profile;
    private final Pseudonymiser keyed;
    private final GeoEnricher geo;
    private final List<String> pseudonymised;
    private final int maxFields;
    private final Instant latestAllowed;
    private final LongSet derivedInBatch = new LongSet();

    /**
     * @param geo             null disables GeoIP enrichment
     * @param globalFields    fields pseudonymised for every source (validated names)
     * @param latestAllowed   events after this instant are rejected (server clock plus allowed skew)
     */
    public RecordNormaliser(SourceProfile profile, Pseudonymiser keyed, GeoEnricher geo, List<String> globalFields,
                            int maxFields, Instant latestAllowed) {
        this.profile = profile;
        this.keyed = keyed;
        this.geo = geo;
        LinkedHashSet<String> all = new LinkedHashSet<>(Pseudonymiser.checkFields(profile.pseudonymise()));
        all.addAll(globalFields);
        String entityField = profile.entityField();
        if (entityField != null) {
            // an entity taken from a pseudonymised field must not carry the clear value
            String canonical = entityField.startsWith("attributes.") ? entityField
                    : (Field.byName(entityField) == null ? entityField : Field.byName(entityField).wireName());
            if (all.contains(canonical)) all.add(Field.ENTITY.wireName());
        }
        this.pseudonymised = new ArrayList<>(all);
        this.maxFields = maxFields;
        this.latestAllowed = latestAllowed;
    }

    /**
     * @param raw the record's text, used to derive an id when it has none
     * @throws InvalidRecordException with a reason for the sender
     */
    public Event normalise(String raw, Event.Builder b) {
        return normalise(() -> raw, b);
    }

    /**
     * As {@link #normalise(String, Event.Builder)}, with the record's text made only when an id must be
     * derived from it (a record without its own id).
     */
    public Event normalise(java.util.function.Supplier<String> raw, Event.Builder b) {
        b.source(profile.name());
        String entityField = profile.entityField();
        if (entityField != null) {
            String v;
            if (entityField.startsWith("attributes.")) {
                v = b.attributes().get(entityField.substring("attributes.".length()));
            } else {
                Field f = Field.byName(entityField);
                v = f == null ? null : b.get(f);
            }
            if (v == null) throw new InvalidRecordException("entity: the record has no " + entityField);
            b.entity(v);
        }
        if (b.fieldCount() > maxFields) {
            throw new InvalidRecordException("record has more than " + maxFields + " fields");
        }
        Instant t = b.time();
        if (t != null && t.isAfter(latestAllowed)) {
            throw new InvalidRecordException("time: " + t + " is too far ahead of the server clock (latest accepted "
                    + latestAllowed + ")");
        }
        if (geo != null) geo.enrich(b);
        if (!pseudonymised.isEmpty()) keyed.apply(b, pseudonymised);
        String nativeId = b.id();
        if (nativeId != null) {
            b.replaceText(Field.ID, EventIds.fromNative(profile.name(), nativeId));
        } else {
            int occurrence = 0;
            String id;
            while (true) {
                id = EventIds.derive(keyed, profile.name(), raw.get(), occurrence);
                long head = Long.parseUnsignedLong(id.substring(id.length() - 40, id.length() - 24), 16);
                if (derivedInBatch.add(head)) break;
                occurrence++;
            }
            b.replaceText(Field.ID, id);
        }
        return b.build();
    }

    /** A minimal open-addressing set of longs (no boxing: batches hold millions of records). */
    static final class LongSet {
        private long[] slots = new long[1024];
        private boolean hasZero;
        private int size;

        boolean add(long v) {
            if (v == 0) {
                if (hasZero) return false;
                hasZero = true;
                return true;
            }
            if ((size + 1) * 2 > slots.length) grow();
            int mask = slots.length - 1;
            int i = (int) (mix(v) & mask);
            while (slots[i] != 0) {
                if (slots[i] == v) return false;
                i = (i + 1) & mask;
            }
            slots[i] = v;
            size++;
            return true;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long v : old) {
                if (v == 0) continue;
                int i = (int) (mix(v) & mask);
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = v;
            }
        }

        private static long mix(long v) {
            v ^= v >>> 33;
            v *= 0xff51afd7ed558ccdL;
            v ^= v >>> 33;
            return v;
        }
    }
}
