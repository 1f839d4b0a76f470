package org.openueba.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openueba.event.Event;
import org.openueba.event.EventInvariants;
import org.openueba.event.Field;
import org.openueba.event.InvalidRecordException;
import org.openueba.source.AdapterLimits;
import org.openueba.source.Adapters;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.RecordListener;
import org.openueba.source.SourceProfile;

/**
 * Fuzz target for normalisation (see docs/security.md "Fuzzing"): what an adapter parsed from
 * hostile input, through {@link RecordNormaliser} with GeoIP and pseudonymisation as ingestion
 * runs it. The input's first line names the source profile (a predefined one, or one with an
 * entity field and pseudonymised fields; any other text picks one by its hash), the rest is the
 * body. Normalising may only accept or throw {@link InvalidRecordException}; every accepted event
 * must satisfy {@link EventInvariants}, stay within the field limit (plus what enrichment adds)
 * and the clock, carry its
 * source, have pseudonyms where the profile asks for them and a derived id unlike any other of
 * the batch; and a second batch of the same body must give the same events with the same ids.
 *
 * <p>Seeds: {@code src/test/resources/org/openueba/enrich/RecordNormaliserFuzzTestInputs/normalise/}.
 */
class RecordNormaliserFuzzTest {
    private static final Pseudonymiser KEYED = new Pseudonymiser("fuzzing-key-not-a-secret-0123456789");
    private static final Instant LATEST = Instant.parse("2030-01-01T00:00:00Z");
    private static final int MAX_FIELDS = 16;
    /** Fields normalisation adds after checking the limit: the id, and from GeoIP country, city, lat, lon, asn, asOrg, geo_accuracy_km, geo_time_zone. */
    private static final int ADDED_FIELDS = 9;
    private static final List<String> GLOBAL = List.of("userAgent");
    private static final GeoEnricher GEO = bundled();
    private static final List<SourceProfile> PROFILES = profiles();

    private static GeoEnricher bundled() {
        try {
            return GeoEnricher.bundled();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<SourceProfile> profiles() {
        List<SourceProfile> all = new ArrayList<>(PredefinedProfiles.all());
        all.add(new SourceProfile("api", "json", "attributes.license", ZoneOffset.UTC, Map.of(), Map.of("kind", "web"),
                List.of("srcIp", "attributes.license")));
        all.add(new SourceProfile("by-ip", "access-log", "srcIp", ZoneOffset.UTC, Map.of(), Map.of(), List.of("srcIp", "dstHost")));
        return all;
    }

    /** One normalised record: the event, or the reason it was rejected. */
    private record Outcome(long line, Event event, String reason) {
    }

    @FuzzTest(maxDuration = "30s")
    void normalise(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String name = nl < 0 ? text : text.substring(0, nl).strip();
        String body = nl < 0 ? "" : text.substring(nl + 1);
        SourceProfile profile = PROFILES.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElse(PROFILES.get(Math.floorMod(name.hashCode(), PROFILES.size())));

        List<Outcome> first = batch(profile, body);
        Set<String> derived = new HashSet<>();
        for (Outcome o : first) {
            Event e = o.event();
            if (e == null) {
                assertTrue(!o.reason().isEmpty(), () -> "empty reason at line " + o.line());
                continue;
            }
            EventInvariants.check(e, o);
            assertEquals(profile.name(), e.source());
            assertTrue(e.id().startsWith(profile.name() + ":"), () -> "id " + e.id());
            if (e.id().startsWith(profile.name() + ":h-")) assertTrue(derived.add(e.id()), () -> "derived id twice: " + o);
            assertTrue(!e.time().isAfter(LATEST), () -> "time after the clock: " + o);
            assertTrue(e.toBuilder().fieldCount() <= MAX_FIELDS + ADDED_FIELDS, () -> "too many fields: " + o);
            List<String> hidden = new ArrayList<>(profile.pseudonymise());
            hidden.addAll(GLOBAL);
            if (profile.entityField() != null && hidden.contains(profile.entityField())) hidden.add("entity");
            for (String f : hidden) {
                String v = f.startsWith("attributes.") ? e.attributes().get(f.substring("attributes.".length()))
                        : e.get(Field.byName(f));
                assertTrue(v == null || v.startsWith(Pseudonymiser.PREFIX), () -> f + " not pseudonymised: " + o);
            }
        }
        assertEquals(first, batch(profile, body), "a second batch of the same body normalised differently");
    }

    /** Reads {@code body} with the profile's adapter and normalises every record, as one ingestion batch. */
    private static List<Outcome> batch(SourceProfile profile, String body) {
        RecordNormaliser normaliser = new RecordNormaliser(profile, KEYED, GEO, GLOBAL, MAX_FIELDS, LATEST);
        List<Outcome> out = new ArrayList<>();
        try {
            Adapters.create(profile, AdapterLimits.DEFAULT).read(new StringReader(body), new RecordListener() {
                @Override
                public void record(long line, String raw, Event.Builder event) {
                    try {
                        out.add(new Outcome(line, normaliser.normalise(raw, event), null));
                    } catch (InvalidRecordException e) {
                        out.add(new Outcome(line, null, e.getMessage()));
                    }
                }

                @Override
                public void reject(long line, String reason) {
                }
            });
        } catch (IOException e) {
            throw new AssertionError("an in-memory reader cannot fail", e);
        }
        return out;
    }
}
