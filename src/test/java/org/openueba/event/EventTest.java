package org.openueba.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTest {
    private static Event.Builder minimal() {
        return Event.builder().id("e1").time(Instant.parse("2026-01-05T08:00:00Z")).source("json").entity("alice")
                .kind(EventKind.AUTHENTICATION);
    }

    @Test
    void buildsWithAllFields() {
        Event e = minimal().action("logon").outcome(Outcome.SUCCESS).srcHost("PC-1").dstHost("SRV-2")
                .srcIp("::ffff:81.2.69.160").dstIp("2001:DB8:0:0:0:0:0:1").country("gb").city("Abingdon")
                .coordinates(51.7, -1.36).asn(20712L).asOrg("A&A").device("USB-1").userAgent("curl/8")
                .bytes(10L).attribute("url", "/x").metric("duration", 1.5).build();
        assertEquals("81.2.69.160", e.srcIp());
        assertEquals("2001:db8::1", e.dstIp());
        assertEquals("GB", e.country());
        assertEquals("/x", e.attributes().get("url"));
        assertEquals(1.5, e.metrics().get("duration"), 0.0);
        assertEquals(e, e.toBuilder().build());
    }

    @Test
    void requiredFieldsAreNamed() {
        assertEquals("entity: missing", assertThrows(InvalidRecordException.class,
                () -> Event.builder().id("x").time(Instant.EPOCH.plusSeconds(1_000_000_000L)).source("s")
                        .kind(EventKind.OTHER).build()).getMessage());
        assertEquals("time: missing", assertThrows(InvalidRecordException.class,
                () -> Event.builder().id("x").source("s").entity("a").kind(EventKind.OTHER).build()).getMessage());
    }

    @Test
    void blankTextIsAbsent() {
        assertNull(minimal().action("  ").build().action());
    }

    @Test
    void rejectsBadValuesWithFieldNames() {
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().srcIp("999.1.1.1"))
                .getMessage().startsWith("srcIp:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().srcIp("example.com"))
                .getMessage().startsWith("srcIp:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().coordinates(91.0, 0.0))
                .getMessage().startsWith("lat:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().coordinates(1.0, null))
                .getMessage().startsWith("lat/lon:"));
        // found by EventFuzzTest: set(LAT) alone built an event with a latitude and no longitude,
        // which the journal codec could not encode (NullPointerException)
        assertEquals("lat/lon: give both coordinates or neither",
                assertThrows(InvalidRecordException.class, () -> minimal().set(Field.LAT, "10").build()).getMessage());
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().bytes(-1L))
                .getMessage().startsWith("bytes:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().asn(1L << 33))
                .getMessage().startsWith("asn:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().time(Instant.parse("1970-01-02T00:00:00Z")))
                .getMessage().startsWith("time:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().entity("a\u0001b"))
                .getMessage().startsWith("entity:"));
        // found by AdapterFuzzTest: JSON "\ud800" is valid JSON but not Unicode; the journal stored it as '?'
        assertEquals("entity: contains an unpaired surrogate (not Unicode text)",
                assertThrows(InvalidRecordException.class, () -> minimal().entity("a\ud800")).getMessage());
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().attribute("k", "\udc00b"))
                .getMessage().startsWith("k: contains an unpaired surrogate"));
        assertEquals("a\ud83d\ude00", minimal().entity("a\ud83d\ude00").build().entity());
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().entity("x".repeat(257)))
                .getMessage().startsWith("entity: longer than 256"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().attribute("bad key", "v"))
                .getMessage().contains("may contain only"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().metric("m", Double.NaN))
                .getMessage().startsWith("m:"));
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().id("a b"))
                .getMessage().startsWith("id:"));
    }

    @Test
    void setParsesTextByFieldType() {
        Event.Builder b = minimal();
        b.set(Field.ASN, "AS15169").set(Field.BYTES, "42").set(Field.OUTCOME, "Failed").set(Field.KIND, "logon")
                .set(Field.LAT, "10.5").set(Field.LON, "-20.25").set(Field.TIME, "2026-01-05T10:00:00+02:00");
        Event e = b.build();
        assertEquals(15169L, e.asn());
        assertEquals(42L, e.bytes());
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals(EventKind.AUTHENTICATION, e.kind());
        assertEquals(10.5, e.lat(), 0.0);
        assertEquals(-20.25, e.lon(), 0.0);
        assertEquals(Instant.parse("2026-01-05T08:00:00Z"), e.time());
        assertEquals("bytes: 'many' is not a whole number",
                assertThrows(InvalidRecordException.class, () -> minimal().set(Field.BYTES, "many")).getMessage());
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().set(Field.KIND, "teleport"))
                .getMessage().startsWith("kind: unknown kind 'teleport'"));
        // found by AdapterFuzzTest: the whole value (up to a line) was quoted in the reason
        assertEquals("kind: unknown kind '" + "x".repeat(40) + "…' (expected one of authentication, device, web_request,"
                + " network_connection, file, process, email, other)",
                assertThrows(InvalidRecordException.class, () -> minimal().set(Field.KIND, "x".repeat(300))).getMessage());
        assertTrue(assertThrows(InvalidRecordException.class, () -> minimal().set(Field.OUTCOME, "y".repeat(300)))
                .getMessage().startsWith("outcome: unknown outcome '" + "y".repeat(40) + "…'"));
    }

    @Test
    void limitsExtraFields() {
        Event.Builder b = minimal();
        for (int i = 0; i < Event.MAX_EXTRA_FIELDS; i++) b.attribute("a" + i, "v");
        assertThrows(InvalidRecordException.class, () -> b.metric("one-more", 1));
        b.attribute("a0", "replaced"); // replacing an existing key is fine
        assertEquals(5 + Event.MAX_EXTRA_FIELDS, b.fieldCount());
    }

    @Test
    void fieldCountCountsEachStandardFieldThatIsSetWhateverItsType() {
        Event.Builder b = minimal();
        assertEquals(5, b.fieldCount(), "id, time, source, entity, kind");
        b.set(Field.OUTCOME, "failure");
        b.set(Field.LAT, "52.5");
        b.set(Field.LON, "13.4");
        b.set(Field.ASN, "3320");
        b.set(Field.BYTES, "1200");
        b.set(Field.CITY, "Berlin");
        assertEquals(11, b.fieldCount());
        long shown = java.util.Arrays.stream(Field.values()).filter(f -> b.get(f) != null).count();
        assertEquals(shown, b.fieldCount(), "the same fields get() shows");
        b.metric("m", 1);
        b.attribute("a", "v");
        assertEquals(13, b.fieldCount());
    }

    @Test
    void anEventKeepsItsAttributesAndMetricsWhenItsBuilderGoesOnChanging() {
        Event.Builder b = minimal().attribute("domain", "DTAA").metric("files", 3);
        Event first = b.build();
        b.attribute("file_tree", "R:\\").metric("size", 10).replaceAttribute("domain", "other");
        Event second = b.build();
        b.replaceAttribute("domain", "third").metric("files", 4);
        assertEquals(java.util.Map.of("domain", "DTAA"), first.attributes());
        assertEquals(java.util.Map.of("files", 3.0), first.metrics());
        assertEquals(java.util.Map.of("domain", "other", "file_tree", "R:\\"), second.attributes());
        assertEquals(java.util.Map.of("files", 3.0, "size", 10.0), second.metrics());
        assertEquals(java.util.List.of("domain", "file_tree"), java.util.List.copyOf(second.attributes().keySet())); // sorted
        assertThrows(UnsupportedOperationException.class, () -> first.attributes().put("x", "y"));
        assertEquals("third", b.build().attributes().get("domain"));
    }
}
