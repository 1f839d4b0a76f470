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

class AccessLogAdapterTest {
    private static final SourceProfile APACHE = SourceProfile.of("apache", "access-log");
    private static final String UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36";
    private static final String LINE1 = "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023 \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"" + UA + "\"";

    @Test
    void combinedFormat() {
        Collected c = Collected.read(APACHE, LINE1 + "\n");
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals(Instant.parse("2015-05-17T10:05:03Z"), e.time());
        assertEquals("83.149.9.216", e.entity());
        assertEquals("83.149.9.216", e.srcIp());
        assertNull(e.srcHost());
        assertEquals("GET", e.action());
        assertEquals(EventKind.WEB_REQUEST, e.kind());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals(203023L, e.bytes());
        assertEquals(UA, e.userAgent());
        assertEquals(Map.of("url", "/presentations/logstash-monitorama-2013/images/kibana-search.png", "protocol", "HTTP/1.1",
                "status", "200", "referrer", "http://semicomplete.com/presentations/logstash-monitorama-2013/"), e.attributes());
        assertEquals(LINE1, c.records.get(0).raw());
    }

    @Test
    void commonFormatWithUserHostNameOffsetAndMissingBytes() {
        Collected c = Collected.read(APACHE, "client.example.org - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 -\r\n");
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals(Instant.parse("2000-10-10T20:55:36Z"), e.time());
        assertEquals("client.example.org", e.entity());
        assertEquals("client.example.org", e.srcHost());
        assertNull(e.srcIp());
        assertNull(e.bytes());
        assertNull(e.userAgent());
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals(Map.of("url", "/apache_pb.gif", "protocol", "HTTP/1.0", "status", "404", "user", "frank"), e.attributes());
    }

    @Test
    void oddRequestsEscapedQuotesAndIpv6() {
        Collected c = Collected.read(APACHE, "\uFEFF2001:db8::1 - - [17/May/2015:10:05:03 +0000] \"-\" 408 0 \"-\" \"-\"\n"
                + "1.2.3.4 - - [17/May/2015:10:05:04 +0000] \"\\x16\\x03\\x01\\x00\\xa5\\x01\" 400 226 \"-\" \"-\"\n"
                + "1.2.3.4 - - [17/May/2015:10:05:05 +0000] \"GET /q?x=\\\"a b\\\" HTTP/1.1\" 200 5 \"-\" \"Bot \\\"quoted\\\" 1.0\"\n"
                + "1.2.3.4 - - [17/May/2015:10:05:06 +0000] \"OPTIONS * HTTP/1.0\" 200 0 \"-\" \"x\" \"extra\" 12ms\n");
        assertEquals(List.of(), c.rejects);
        assertEquals("2001:db8::1", c.event(0).srcIp());
        assertEquals(Map.of("request", "-", "status", "408"), c.event(0).attributes());
        assertNull(c.event(0).action());
        assertEquals(0L, c.event(0).bytes());
        assertEquals("\\x16\\x03\\x01\\x00\\xa5\\x01", c.event(1).attributes().get("request"));
        assertEquals("GET /q?x=\"a b\" HTTP/1.1", c.event(2).attributes().get("request"));
        assertEquals("Bot \"quoted\" 1.0", c.event(2).userAgent());
        assertEquals("OPTIONS", c.event(3).action());
        assertEquals("*", c.event(3).attributes().get("url"));
    }

    @Test
    void entityUserOption() {
        SourceProfile p = new SourceProfile("apache", "access-log", null, null, null, Map.of("entity", "user"), null);
        Collected c = Collected.read(p, "1.2.3.4 - alice [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1\n"
                + "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1\n");
        assertEquals("alice", c.event(0).entity());
        assertEquals("1.2.3.4", c.event(0).srcIp());
        assertEquals(List.of(2L), c.skipLines());
        SourceProfile bad = new SourceProfile("apache", "access-log", null, null, null, Map.of("entity", "who"), null);
        assertThrows(IllegalArgumentException.class, () -> Adapters.create(bad, AdapterLimits.DEFAULT));
    }

    @Test
    void malformedLinesRejectedWithFieldNames() {
        String ok = "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"\n";
        Collected c = Collected.read(APACHE, ok
                + "1.2.3.4 - - [17/Mai/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1\n"
                + "1.2.3.4 - - 17/May/2015:10:05:03 \"GET / HTTP/1.1\" 200 1\n"
                + "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1 200 1\n"
                + "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" OK 1\n"
                + "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 lots\n"
                + "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200\n"
                + "garbage\n"
                + "\n"
                + ok);
        assertEquals(List.of(1L, 10L), c.recordLines());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L), c.rejectLines());
        assertEquals("time: '17/Mai/2015:10:05:03 +0000' is not dd/MMM/yyyy:HH:mm:ss +zzzz", c.reason(0));
        assertEquals("time: expected [dd/MMM/yyyy:HH:mm:ss +zzzz]", c.reason(1));
        assertEquals("request: closing quote missing", c.reason(2));
        assertEquals("status: 'OK' is not a 3-digit HTTP status", c.reason(3));
        assertEquals("bytes: 'lots' is not a whole number", c.reason(4));
        assertEquals("bytes: missing", c.reason(5));
        assertTrue(c.reason(6).startsWith("ident: missing"), c.reason(6));
        assertEquals(List.of(9L), c.skipLines());
    }

    @Test
    void overLongLine() {
        Collected c = Collected.read(Adapters.create(APACHE, new AdapterLimits(200, 8)),
                "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET /" + "a".repeat(300) + " HTTP/1.1\" 200 1\n"
                        + "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1\n");
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals("line longer than 200 characters", c.reason(0));
        assertEquals(List.of(2L), c.recordLines());
    }
}
