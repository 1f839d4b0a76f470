package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

/** LANL-format lines here are written by hand (the LANL data may not be committed). */
class LanlAuthAdapterTest {
    private static final SourceProfile LANL = SourceProfile.of("lanl", "lanl-auth");

    @Test
    void authTxtLayout() {
        Collected c = Collected.read(LANL, "1,C625$@DOM1,U147@DOM1,C625,C625,Negotiate,Batch,LogOn,Success\n"
                + "7,ANONYMOUS LOGON@C586,ANONYMOUS LOGON@C586,C1250,C586,NTLM,Network,LogOn,Fail\n"
                + "9,U22@DOM1,U22@DOM1,C1065,C1065,?,?,LogOff,Success\n");
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals(Instant.parse("2015-01-01T00:00:01Z"), e.time());
        assertEquals("C625$", e.entity());
        assertEquals(Map.of("domain", "DOM1", "dst_user", "U147@DOM1", "auth_type", "Negotiate", "logon_type", "Batch"),
                e.attributes());
        assertEquals("C625", e.srcHost());
        assertEquals("C625", e.dstHost());
        assertEquals("LogOn", e.action());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals(EventKind.AUTHENTICATION, e.kind());
        assertEquals("ANONYMOUS LOGON", c.event(1).entity());
        assertEquals("C586", c.event(1).attributes().get("domain"));
        assertEquals(Outcome.FAILURE, c.event(1).outcome());
        assertEquals(Map.of("domain", "DOM1", "dst_user", "U22@DOM1"), c.event(2).attributes());
        assertEquals("LogOff", c.event(2).action());
    }

    @Test
    void redteamLayoutWithBaseTimeOption() {
        SourceProfile p = new SourceProfile("lanl", "lanl-auth", null, null, null, Map.of("base-time", "2020-01-01T00:00:00Z"), null);
        Collected c = Collected.read(p, "150885,U620@DOM1,C17693,C1003\r\n151036,U748@DOM1,C17693,C305\r\n");
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(150885), e.time());
        assertEquals("U620", e.entity());
        assertEquals("C17693", e.srcHost());
        assertEquals("C1003", e.dstHost());
        assertNull(e.action());
        assertNull(e.outcome());
        assertEquals(Map.of("domain", "DOM1"), e.attributes());
    }

    @Test
    void malformedLinesAreRejectedAtTheirLines() {
        Collected c = Collected.read(LANL, "\uFEFF1,U1@DOM1,C1,C2\n"
                + "x,U1@DOM1,C1,C2\n"
                + "1,U1@DOM1,C1\n"
                + "2,?,C1,C2\n"
                + "3,U1@DOM1,U1@DOM1,C1,C2,NTLM,Network,LogOn,Maybe\n"
                + "-4,U1@DOM1,C1,C2\n"
                + "\n"
                + "5,U1@DOM1,C1,C2\n"
                + "999999999999999999,U1@DOM1,C1,C2\n"
                + "99999999999,U1@DOM1,C1,C2");
        assertEquals(List.of(1L, 8L), c.recordLines());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 9L, 10L), c.rejectLines());
        // found by AdapterFuzzTest: past Instant.MAX this was the catch-all "malformed record"
        assertEquals("time: 999999999999999999 seconds after the base time is out of range", c.reason(5));
        assertEquals("time: 5183-11-16T09:46:39Z is outside 1990-01-01T00:00:00Z .. 2100-01-01T00:00:00Z", c.reason(6));
        assertEquals("time: 'x' is not a whole number", c.reason(0));
        assertEquals("expected 9 columns (auth.txt) or 4 (redteam.txt), found 3", c.reason(1));
        assertEquals("src_user: missing", c.reason(2));
        assertEquals("success: 'Maybe' is not Success or Fail", c.reason(3));
        assertTrue(c.reason(4).startsWith("time:"));
        assertEquals(List.of(7L), c.skipLines());
    }

    @Test
    void tooManyFieldsAndBadOption() {
        Collected c = Collected.read(Adapters.create(LANL, new AdapterLimits(64, 8)), "1,2,3,4,5,6,7,8,9\n");
        assertEquals("record has more than 8 fields (the limit)", c.reason(0));
        SourceProfile bad = new SourceProfile("lanl", "lanl-auth", null, null, null, Map.of("base-time", "yesterday"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Adapters.create(bad, AdapterLimits.DEFAULT));
        assertTrue(e.getMessage().contains("base-time"));
    }
}
