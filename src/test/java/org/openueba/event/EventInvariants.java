package org.openueba.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.openueba.store.EventCodec;

/**
 * What every event that leaves ingestion must satisfy, checked by the fuzz tests: the required
 * fields are set, every value fits its column of the event store (db/migration V1), holds no
 * control character or unpaired surrogate (which UTF-8 storage would silently turn into
 * {@code ?}), and the journal encoding gives back the same event.
 */
public final class EventInvariants {
    /** Column sizes of the {@code events} table, in characters. */
    private static final Map<Field, Integer> COLUMN = Map.ofEntries(Map.entry(Field.ID, 270), Map.entry(Field.SOURCE, 64),
            Map.entry(Field.ENTITY, 256), Map.entry(Field.ACTION, 128), Map.entry(Field.SRC_HOST, 256),
            Map.entry(Field.DST_HOST, 256), Map.entry(Field.SRC_IP, 64), Map.entry(Field.DST_IP, 64),
            Map.entry(Field.COUNTRY, 64), Map.entry(Field.CITY, 128), Map.entry(Field.AS_ORG, 256),
            Map.entry(Field.DEVICE, 256), Map.entry(Field.USER_AGENT, 1024));
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventInvariants() {
    }

    /** Checks {@code e} as it would be stored; {@code context} goes into failure messages. */
    public static void check(Event e, Object context) {
        assertNotNull(e.id(), () -> "id of " + context);
        assertNotNull(e.time(), () -> "time of " + context);
        assertNotNull(e.source(), () -> "source of " + context);
        assertNotNull(e.entity(), () -> "entity of " + context);
        assertNotNull(e.kind(), () -> "kind of " + context);
        assertTrue(!e.time().isBefore(Event.MIN_TIME) && e.time().isBefore(Event.MAX_TIME), () -> "time of " + context);
        for (Map.Entry<Field, Integer> c : COLUMN.entrySet()) {
            String v = e.get(c.getKey());
            if (v != null) text(c.getKey().wireName(), v, c.getValue(), context);
        }
        assertTrue((e.lat() == null) == (e.lon() == null), () -> "lat/lon of " + context);
        if (e.lat() != null) {
            assertTrue(e.lat() >= -90 && e.lat() <= 90 && e.lon() >= -180 && e.lon() <= 180, () -> "lat/lon of " + context);
        }
        if (e.asn() != null) assertTrue(e.asn() >= 0 && e.asn() <= 0xFFFF_FFFFL, () -> "asn of " + context);
        if (e.bytes() != null) assertTrue(e.bytes() >= 0, () -> "bytes of " + context);
        assertTrue(e.attributes().size() + e.metrics().size() <= Event.MAX_EXTRA_FIELDS, () -> "extra fields of " + context);
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            key(a.getKey(), context);
            text("attributes." + a.getKey(), a.getValue(), Event.MAX_TEXT, context);
        }
        for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
            key(m.getKey(), context);
            assertTrue(Double.isFinite(m.getValue()), () -> "metric " + m.getKey() + " of " + context);
        }
        try {
            assertTrue(JSON.writeValueAsString(e.attributes()).length() <= 300_000, () -> "attributes column of " + context);
            assertTrue(JSON.writeValueAsString(e.metrics()).length() <= 100_000, () -> "metrics column of " + context);
        } catch (JsonProcessingException ex) {
            fail("attributes of " + context + " cannot be serialised", ex);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventCodec.encode(e, out);
        assertEquals(e, EventCodec.decode(ByteBuffer.wrap(out.toByteArray())), () -> "journal round trip of " + context);
    }

    private static void text(String name, String v, int max, Object context) {
        assertTrue(!v.isBlank() && v.length() <= max, () -> name + " length " + v.length() + " of " + context);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            int at = i;
            assertTrue(c >= 0x20 || c == '\t', () -> name + ": control character at " + at + " of " + context);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++;
            } else {
                assertTrue(!Character.isSurrogate(c), () -> name + ": unpaired surrogate at " + at + " of " + context);
            }
        }
    }

    private static void key(String k, Object context) {
        assertTrue(k.matches("[A-Za-z0-9_.:-]{1,64}"), () -> "key '" + k + "' of " + context);
    }
}
