package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

class SshdAdapterTest {
    private static final SourceProfile Y2015 = new SourceProfile("sshd", "sshd", null, null, null, Map.of("year", "2015"), null);

    private static Collected read(SourceProfile p, Instant now, String input) {
        return Collected.read(new SshdAdapter(p, AdapterLimits.DEFAULT, Clock.fixed(now, ZoneOffset.UTC)), input);
    }

    private static Collected read(String input) {
        return Collected.read(Y2015, input);
    }

    @Test
    void acceptedAndFailed() {
        Collected c = read("Nov 30 06:39:00 web1 sshd[22182]: Accepted publickey for alice from 203.0.113.9 port 50022 ssh2: RSA SHA256:abc\n"
                + "Dec  2 13:14:29 web1 sshd[6530]: Failed password for root from 122.225.103.87 port 4422 ssh2\n"
                + "Dec  2 13:14:30 web1 sshd[6530]: Failed keyboard-interactive/pam for invalid user admin test from 122.225.103.87 port 4423 ssh2\n");
        assertEquals(List.of(), c.rejects);
        Event a = c.event(0);
        assertEquals(Instant.parse("2015-11-30T06:39:00Z"), a.time());
        assertEquals("alice", a.entity());
        assertEquals("accepted", a.action());
        assertEquals(Outcome.SUCCESS, a.outcome());
        assertEquals(EventKind.AUTHENTICATION, a.kind());
        assertEquals("203.0.113.9", a.srcIp());
        assertEquals("web1", a.dstHost());
        assertEquals(Map.of("method", "publickey", "port", "50022", "user", "alice"), a.attributes());
        Event f = c.event(1);
        assertEquals(Instant.parse("2015-12-02T13:14:29Z"), f.time());
        assertEquals("root", f.entity());
        assertEquals("failed", f.action());
        assertEquals(Outcome.FAILURE, f.outcome());
        Event g = c.event(2);
        assertEquals("admin test", g.entity());
        assertEquals(Map.of("method", "keyboard-interactive/pam", "port", "4423", "user", "admin test", "invalid_user", "true"),
                g.attributes());
    }

    @Test
    void invalidUserWithAndWithoutPortAndEmptyUser() {
        Collected c = read("Nov 30 07:07:35 ip-172-31-27-153 sshd[22118]: Invalid user admin from 122.225.103.87\n"
                + "Nov 30 07:07:36 ip-172-31-27-153 sshd[22119]: Invalid user oracle from 2001:db8::7 port 6000\n"
                + "Nov 30 07:07:37 ip-172-31-27-153 sshd[22120]: Invalid user  from 1.2.3.4 port 6001\n");
        assertEquals(List.of(), c.rejects);
        assertEquals("invalid user", c.event(0).action());
        assertEquals(Outcome.FAILURE, c.event(0).outcome());
        assertEquals(Map.of("user", "admin", "invalid_user", "true"), c.event(0).attributes());
        assertEquals("2001:db8::7", c.event(1).srcIp());
        assertEquals("6000", c.event(1).attributes().get("port"));
        assertEquals("1.2.3.4", c.event(2).entity());
        assertEquals(Map.of("empty_user", "true", "invalid_user", "true", "port", "6001"), c.event(2).attributes());
    }

    @Test
    void messageRepeated() {
        Collected c = read("Dec  1 01:02:03 h sshd[1]: message repeated 5 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]\n");
        assertEquals(List.of(), c.rejects);
        assertEquals(Map.of("repeated", 5.0), c.event(0).metrics());
        assertEquals("root", c.event(0).entity());
        assertEquals("failed", c.event(0).action());
        // found by AdapterFuzzTest: without a count, the substring ended before it began (the catch-all reject)
        c = read("Dec  1 01:02:03 h sshd[1]: message repeated times: [ Failed password for root from 1.2.3.4 port 22 ssh2]\n"
                + "Dec  1 01:02:03 h sshd[1]: message repeated times: [ 2 times: [ Failed password for root from 1.2.3.4]\n");
        assertEquals(List.of(1L), c.skipLines());
        assertEquals(List.of("repeated: 'times: [ 2' is not a whole number"), c.rejects.stream().map(Collected.Note::text).toList());
    }

    @Test
    void skipsOtherSyslogLinesAndRejectsNonSyslog() {
        Collected c = read("Nov 30 06:39:00 ip-172-31-27-153 CRON[21882]: pam_unix(cron:session): session closed for user root\n"
                + "Nov 30 07:07:14 ip-172-31-27-153 sshd[22116]: Connection closed by 122.225.103.87 [preauth]\n"
                + "Nov 30 07:07:15 ip-172-31-27-153 sshd[22116]: input_userauth_request: invalid user test [preauth]\n"
                + "Nov 30 07:07:16 h sshd[2]: pam_unix(sshd:auth): authentication failure; logname= uid=0\n"
                + "this is not syslog\n"
                + "Nov 31 07:07:16 h sshd[2]: Invalid user x from 1.2.3.4\n"
                + "\n"
                + "Nov 30 07:07:17 h sshd[2]: Invalid user x from 1.2.3.4\n"
                + "Dec  2 13:14:2");
        assertEquals(List.of(8L), c.recordLines());
        assertEquals(List.of(5L, 6L), c.rejectLines());
        assertEquals("line: not a syslog line (expected 'Mmm dd HH:mm:ss host program[pid]: message')", c.reason(0));
        assertEquals(List.of(1L, 2L, 3L, 4L, 7L, 9L), c.skipLines());
        assertEquals("not an sshd message (CRON)", c.skips.get(0).text());
        assertEquals("incomplete last line (no line terminator)", c.skips.get(5).text());
    }

    @Test
    void cutOffLineInTheMiddleIsRejected() {
        Collected c = read("Dec  2 13:14:2\nDec  2 13:14:29 h sshd[1]: Invalid user a from 1.2.3.4\r\n");
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals(List.of(2L), c.recordLines());
    }

    @Test
    void isoAndRfc5424StyleHeadersAndSshdSession() {
        Collected c = read("2024-04-19T10:00:00.123456+02:00 bastion sshd[123]: Accepted password for bob from 10.0.0.5 port 1 ssh2\n"
                + "<38>1 2024-04-19T10:00:01Z bastion sshd-session[124]: Failed password for bob from 10.0.0.5 port 2 ssh2\n"
                + "2024-04-19T10:00:02 bastion sshd[125]: Accepted password for bob from 10.0.0.5 port 3 ssh2\n");
        assertEquals(List.of(), c.rejects);
        assertEquals(Instant.parse("2024-04-19T08:00:00.123456Z"), c.event(0).time());
        assertEquals(Instant.parse("2024-04-19T10:00:01Z"), c.event(1).time());
        assertEquals("failed", c.event(1).action());
        assertEquals(Instant.parse("2024-04-19T10:00:02Z"), c.event(2).time());
    }

    @Test
    void yearInferenceFromClockAndZone() {
        SourceProfile noYear = new SourceProfile("sshd", "sshd", null, ZoneId.of("Europe/Berlin"), null, null, null);
        Instant now = Instant.parse("2024-01-03T00:00:00Z");
        Collected c = read(noYear, now, "Jan  4 10:00:00 h sshd[1]: Invalid user a from 1.2.3.4\n"
                + "Jan  6 10:00:00 h sshd[1]: Invalid user a from 1.2.3.4\n"
                + "Dec 31 23:00:00 h sshd[1]: Invalid user a from 1.2.3.4\n");
        assertEquals(Instant.parse("2024-01-04T09:00:00Z"), c.event(0).time());
        assertEquals(Instant.parse("2023-01-06T09:00:00Z"), c.event(1).time());
        assertEquals(Instant.parse("2023-12-31T22:00:00Z"), c.event(2).time());
    }

    @Test
    void entitySrcIpOptionAndHostNames() {
        SourceProfile p = new SourceProfile("sshd", "sshd", null, null, null, Map.of("year", "2015", "entity", "srcIp"), null);
        Collected c = Collected.read(p, "Nov 30 06:39:00 h sshd[1]: Failed password for root from ::ffff:1.2.3.4 port 22 ssh2\n"
                + "Nov 30 06:39:00 h sshd[1]: Failed password for root from attacker.example port 22 ssh2\n");
        assertEquals("1.2.3.4", c.event(0).entity());
        assertEquals("1.2.3.4", c.event(0).srcIp());
        assertEquals("root", c.event(0).attributes().get("user"));
        assertEquals("attacker.example", c.event(1).entity());
        assertEquals("attacker.example", c.event(1).srcHost());
        assertNull(c.event(1).srcIp());
    }

    @Test
    void overLongLine() {
        Collected c = Collected.read(Adapters.create(Y2015, new AdapterLimits(100, 8)),
                "Nov 30 06:39:00 h sshd[1]: Invalid user " + "x".repeat(100) + " from 1.2.3.4\n"
                        + "Nov 30 06:39:00 h sshd[1]: Invalid user y from 1.2.3.4\n");
        assertEquals(List.of(1L), c.rejectLines());
        assertTrue(c.reason(0).contains("longer than 100"));
        assertEquals(List.of(2L), c.recordLines());
    }
}
