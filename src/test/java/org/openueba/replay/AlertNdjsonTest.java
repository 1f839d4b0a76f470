package org.openueba.replay;

import org.junit.jupiter.api.Test;
import org.openueba.smart.Indicator;
import org.openueba.smart.Severity;
import org.openueba.smart.WindowAlert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlertNdjsonTest {
    static WindowAlert alert(String id, String crossedAt, double userPercentile) {
        Instant t = Instant.parse(crossedAt);
        return new WindowAlert(id, "alice", "hour", null, Instant.parse("2026-10-02T23:00:00Z"),
                Instant.parse("2026-10-03T00:00:00Z"), "vpn:1", "vpn:2", 2, List.of("cert-logon", "vpn"), 0.5344, 78.2,
                Severity.LOW, List.of(new Indicator("vpn.city", "Amsterdam, \"NL\"", 83.0, 0.415, 0.7766,
                "never used; usual: Jersey City", List.of("vpn:1"))), userPercentile, Double.NaN, t, t.plusSeconds(60));
    }

    @Test
    void oneLinePerAlertWithFixedMemberOrderIsoInstantsAndNaNAsNull() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AlertNdjson.write(List.of(alert("a1", "2026-10-02T23:37:03Z", 1.0), alert("a2", "2026-10-02T23:38:00Z", Double.NaN)), out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(3, lines.length);
        assertEquals("", lines[2]);
        assertEquals("{\"id\":\"a1\",\"entity\":\"alice\",\"window\":\"hour\",\"groupId\":null,"
                + "\"windowStart\":\"2026-10-02T23:00:00Z\",\"windowEnd\":\"2026-10-03T00:00:00Z\",\"score\":78.2,"
                + "\"severity\":\"low\",\"smartValue\":0.5344,\"userPercentile\":1.0,\"orgPercentile\":null,\"eventCount\":2,"
                + "\"firstEventId\":\"vpn:1\",\"lastEventId\":\"vpn:2\",\"sources\":[\"cert-logon\",\"vpn\"],"
                + "\"crossedAt\":\"2026-10-02T23:37:03Z\",\"updatedAt\":\"2026-10-02T23:38:03Z\",\"indicators\":[{"
                + "\"feature\":\"vpn.city\",\"value\":\"Amsterdam, \\\"NL\\\"\",\"score\":83.0,\"contribution\":0.415,"
                + "\"share\":0.7766,\"reason\":\"never used; usual: Jersey City\",\"evidence\":[\"vpn:1\"]}]}", lines[0]);
        assertEquals(lines[0].replace("\"a1\"", "\"a2\"").replace("\"userPercentile\":1.0", "\"userPercentile\":null")
                .replace("23:37:03Z", "23:38:00Z").replace("23:38:03Z", "23:39:00Z"), lines[1]);
        assertEquals(lines[0], AlertNdjson.line(alert("a1", "2026-10-02T23:37:03Z", 1.0)));
    }

    @Test
    void alertsAreOrderedByCrossingTimeThenId() {
        List<WindowAlert> l = new java.util.ArrayList<>(List.of(alert("b", "2026-10-02T10:00:00Z", 1),
                alert("c", "2026-10-02T09:00:00Z", 1), alert("a", "2026-10-02T10:00:00Z", 1)));
        l.sort(Replay.ALERT_ORDER);
        assertEquals(List.of("c", "a", "b"), l.stream().map(WindowAlert::id).toList());
    }
}
