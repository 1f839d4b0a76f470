package org.openueba.enrich;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.IpAddresses;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Expected values were read from the bundled GeoLite2 databases of 2019-11-19. */
class GeoEnricherTest {
    static GeoEnricher geo;

    @BeforeAll
    static void open() throws IOException {
        geo = GeoEnricher.bundled();
    }

    @AfterAll
    static void close() throws IOException {
        geo.close();
    }

    private static Event.Builder located(String ip) {
        Event.Builder b = Event.builder().srcIp(ip);
        geo.enrich(b);
        return b;
    }

    @Test
    void locatesPublicAddressesV4AndV6() {
        Event.Builder moscow = located("83.149.9.216");
        assertEquals("RU", moscow.get(org.openueba.event.Field.COUNTRY));
        assertEquals("Moscow", moscow.get(org.openueba.event.Field.CITY));
        assertEquals("55.7527", moscow.get(org.openueba.event.Field.LAT));
        assertEquals("37.6172", moscow.get(org.openueba.event.Field.LON));
        assertEquals("25159", moscow.get(org.openueba.event.Field.ASN));
        assertEquals("PJSC MegaFon", moscow.get(org.openueba.event.Field.AS_ORG));
        assertEquals(1000.0, moscow.metrics().get("geo_accuracy_km"), 0.0);
        assertEquals("Europe/Moscow", moscow.attributes().get(GeoEnricher.TIME_ZONE_ATTRIBUTE));
        Event.Builder google6 = located("2001:4860:4860::8888");
        assertEquals("US", google6.get(org.openueba.event.Field.COUNTRY));
        assertNull(google6.get(org.openueba.event.Field.CITY));
        assertEquals("15169", google6.get(org.openueba.event.Field.ASN));
    }

    @Test
    void cachesPerAddressWithoutChangingResults() {
        var a = IpAddresses.parse("ip", "81.2.69.160");
        GeoEnricher.Location first = geo.locate(a);
        assertSame(first, geo.locate(IpAddresses.parse("ip", "81.2.69.160")));
        assertEquals("Abingdon", first.city());
        assertEquals(located("81.2.69.160").get(org.openueba.event.Field.CITY), "Abingdon");
    }

    @Test
    void leavesPrivateAndPseudonymisedAddressesUnlocated() {
        Event.Builder internal = located("10.20.30.40");
        assertEquals("private", internal.attributes().get(GeoEnricher.SCOPE_ATTRIBUTE));
        assertNull(internal.get(org.openueba.event.Field.COUNTRY));
        Event.Builder pseudo = Event.builder().replaceText(org.openueba.event.Field.SRC_IP, "p.tERVSUyRLnN7-sFRblBCjA");
        geo.enrich(pseudo);
        assertNull(pseudo.get(org.openueba.event.Field.COUNTRY));
    }
}
