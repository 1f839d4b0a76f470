package org.openueba.enrich;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.InvalidRecordException;
import org.openueba.source.SourceProfile;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordNormaliserTest {
    static GeoEnricher geo;
    static final Pseudonymiser KEYED = new Pseudonymiser(PseudonymiserTest.KEY);
    static final Instant LATEST = Instant.parse("2026-02-01T00:00:00Z");

    @BeforeAll
    static void open() throws IOException {
        geo = GeoEnricher.bundled();
    }

    @AfterAll
    static void close() throws IOException {
        geo.close();
    }

    private static Event.Builder record() {
        return Event.builder().time(Instant.parse("2026-01-05T00:00:00Z")).entity("alice").kind(EventKind.AUTHENTICATION);
    }

    @Test
    void derivesHandComputedIdAndCountsIdenticalLines() {
        RecordNormaliser n = new RecordNormaliser(SourceProfile.of("json", "json"), KEYED, null, List.of(), 64, LATEST);
        // python3: 'json:h-' + hmac.new(KEY, 'json\0{"a":1}\00'.encode(), sha256).hexdigest()[:40]
        assertEquals("json:h-41480a0d1b65d960833962b4d5652c59e550b28e", n.normalise("{\"a\":1}", record()).id());
        String second = n.normalise("{\"a\":1}", record()).id();
        assertNotEquals("json:h-41480a0d1b65d960833962b4d5652c59e550b28e", second);
        assertEquals(EventIds.derive(KEYED, "json", "{\"a\":1}", 1), second);
        // a new batch (new normaliser) maps the same lines to the same ids again
        RecordNormaliser again = new RecordNormaliser(SourceProfile.of("json", "json"), KEYED, null, List.of(), 64, LATEST);
        assertEquals("json:h-41480a0d1b65d960833962b4d5652c59e550b28e", again.normalise("{\"a\":1}", record()).id());
        assertEquals(second, again.normalise("{\"a\":1}", record()).id());
    }

    @Test
    void prefixesNativeIdsWithTheSource() {
        RecordNormaliser n = new RecordNormaliser(SourceProfile.of("cert-logon", "cert-logon"), KEYED, null, List.of(),
                64, LATEST);
        assertEquals("cert-logon:{X1-2}", n.normalise("raw", record().id("{X1-2}")).id());
    }

    @Test
    void appliesEntityFieldGeoThenPseudonyms() {
        SourceProfile p = new SourceProfile("api", "json", "attributes.license", ZoneOffset.UTC, Map.of(), Map.of(),
                List.of("srcIp", "attributes.license"));
        RecordNormaliser n = new RecordNormaliser(p, KEYED, geo, List.of(), 64, LATEST);
        Event e = n.normalise("x", record().srcIp("81.2.69.160").attribute("license", "LIC-9"));
        assertEquals(KEYED.pseudonym("LIC-9"), e.entity());
        assertEquals(KEYED.pseudonym("LIC-9"), e.attributes().get("license"));
        assertEquals(KEYED.pseudonym("81.2.69.160"), e.srcIp());
        assertEquals("GB", e.country()); // located before the IP was pseudonymised
        assertEquals("Abingdon", e.city());
        assertEquals(20712L, e.asn());
        assertEquals("api", e.source());
    }

    @Test
    void keepsGivenLocationAndMarksPrivateAddresses() {
        RecordNormaliser n = new RecordNormaliser(SourceProfile.of("json", "json"), KEYED, geo, List.of(), 64, LATEST);
        Event given = n.normalise("a", record().srcIp("81.2.69.160").country("FR"));
        assertEquals("FR", given.country());
        assertNull(given.city());
        Event internal = n.normalise("b", record().srcIp("192.168.1.107"));
        assertEquals("private", internal.attributes().get(GeoEnricher.SCOPE_ATTRIBUTE));
        assertNull(internal.country());
    }

    @Test
    void rejectsFutureTimesMissingEntityFieldAndTooManyFields() {
        RecordNormaliser n = new RecordNormaliser(SourceProfile.of("json", "json"), KEYED, null, List.of(), 8, LATEST);
        assertTrue(assertThrows(InvalidRecordException.class,
                () -> n.normalise("a", record().time(Instant.parse("2026-03-01T00:00:00Z")))).getMessage()
                .startsWith("time: 2026-03-01T00:00:00Z is too far ahead"));
        Event.Builder wide = record();
        for (int i = 0; i < 6; i++) wide.attribute("k" + i, "v");
        assertEquals("record has more than 8 fields",
                assertThrows(InvalidRecordException.class, () -> n.normalise("b", wide)).getMessage());
        SourceProfile byIp = new SourceProfile("zeek", "json", "srcIp", ZoneOffset.UTC, Map.of(), Map.of(), List.of());
        RecordNormaliser z = new RecordNormaliser(byIp, KEYED, null, List.of(), 64, LATEST);
        assertEquals("entity: the record has no srcIp",
                assertThrows(InvalidRecordException.class, () -> z.normalise("c", record())).getMessage());
        assertEquals("10.0.0.1", z.normalise("d", record().srcIp("10.0.0.1")).entity());
    }

    @Test
    void longSetGrowsAndDetectsRepeats() {
        RecordNormaliser.LongSet s = new RecordNormaliser.LongSet();
        for (long i = 0; i < 10_000; i++) assertTrue(s.add(i * 7919));
        for (long i = 0; i < 10_000; i++) assertEquals(false, s.add(i * 7919));
    }
}
