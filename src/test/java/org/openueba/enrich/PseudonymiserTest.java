package org.openueba.enrich;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PseudonymiserTest {
    static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void matchesHandComputedHmac() {
        // python3: 'p.' + urlsafe_b64encode(hmac.new(KEY, b'10.1.2.3', sha256).digest()[:16]) without '='
        assertEquals("p.tERVSUyRLnN7-sFRblBCjA", new Pseudonymiser(KEY).pseudonym("10.1.2.3"));
    }

    @Test
    void stableAcrossFieldsAndIdempotent() {
        Pseudonymiser p = new Pseudonymiser(KEY);
        String once = p.pseudonym("LIC-1234");
        assertEquals(once, p.pseudonym("LIC-1234"));
        assertEquals(once, p.pseudonym(once));
        assertNotEquals(once, new Pseudonymiser(KEY + "x").pseudonym("LIC-1234"));
    }

    @Test
    void appliesToStandardFieldsAndAttributes() {
        Pseudonymiser p = new Pseudonymiser(KEY);
        Event.Builder b = Event.builder().id("1").time(Instant.parse("2026-01-05T00:00:00Z")).source("api")
                .entity("alice").kind(EventKind.WEB_REQUEST).srcIp("10.1.2.3").attribute("license", "LIC-1")
                .attribute("url", "/a");
        p.apply(b, Pseudonymiser.checkFields(List.of("srcIp", "attributes.license", "entity")));
        Event e = b.build();
        assertEquals("p.tERVSUyRLnN7-sFRblBCjA", e.srcIp());
        assertEquals(p.pseudonym("LIC-1"), e.attributes().get("license"));
        assertEquals(p.pseudonym("alice"), e.entity());
        assertEquals("/a", e.attributes().get("url"));
    }

    @Test
    void refusesShortKeysAndNonTextFields() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymiser("short"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pseudonymiser.checkFields(List.of("bytes")))
                .getMessage().startsWith("cannot pseudonymise 'bytes'"));
        assertThrows(IllegalArgumentException.class, () -> Pseudonymiser.checkFields(List.of("nonsense")));
        assertEquals(List.of("srcIp"), Pseudonymiser.checkFields(List.of("src_ip", "srcIp", " ")));
    }
}
