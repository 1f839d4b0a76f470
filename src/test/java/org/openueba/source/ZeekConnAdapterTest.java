package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

class ZeekConnAdapterTest {
    private static final SourceProfile ZEEK = SourceProfile.of("zeek", "zeek-conn");
    private static final String HEADER = "#separator \\x09\n"
            + "#set_separator\t,\n"
            + "#empty_field\t(empty)\n"
            + "#unset_field\t-\n"
            + "#path\tconn\n"
            + "#open\t2024-04-19-00-00-01\n"
            + "#fields\t_node_name\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"
            + "#types\tstring\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n";

    @Test
    void ritaStyleTsv() {
        Collected c = Collected.read(ZEEK, HEADER
                + "worker-eth0-1\t1713484795.943239\tCYl7H53iN6mY9NyXJ8\t167.94.138.145\t25320\t64.225.56.201\t6008\ttcp\t-\t0.000064\t0\t0\tREJ\tF\tT\t0\tSr\t1\t60\t1\t40\t-\n"
                + "worker-eth0-1\t1713488392.647532\tCuuWKv2xI1qpLRO5X3\t45.79.168.172\t56488\t64.225.56.201\t443\ttcp\tssl\t-\t-\t-\tOTH\tF\tT\t0\tR\t1\t40\t0\t0\t-\n"
                + "#close\t2024-04-19-01-00-00\n");
        assertEquals(List.of(), c.rejects);
        assertEquals(List.of(9L, 10L), c.recordLines());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 11L), c.skipLines());
        Event e = c.event(0);
        assertEquals("CYl7H53iN6mY9NyXJ8", e.id());
        assertEquals(Instant.parse("2024-04-18T23:59:55.943239Z"), e.time());
        assertEquals("167.94.138.145", e.entity());
        assertEquals("167.94.138.145", e.srcIp());
        assertEquals("64.225.56.201", e.dstIp());
        assertEquals(EventKind.NETWORK_CONNECTION, e.kind());
        assertEquals("REJ", e.action());
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals(0L, e.bytes());
        assertEquals(Map.of("node", "worker-eth0-1", "orig_port", "25320", "resp_port", "6008", "proto", "tcp", "conn_state", "REJ",
                "local_orig", "false", "local_resp", "true", "history", "Sr"), e.attributes());
        assertEquals(Map.of("duration", 0.000064, "orig_bytes", 0.0, "resp_bytes", 0.0, "orig_pkts", 1.0, "resp_pkts", 1.0), e.metrics());
        Event o = c.event(1);
        assertEquals(Outcome.UNKNOWN, o.outcome());
        assertNull(o.bytes());
        assertEquals("ssl", o.attributes().get("service"));
        assertEquals(Map.of("orig_pkts", 1.0, "resp_pkts", 0.0), o.metrics());
    }

    @Test
    void labelledColumnsBecomeAttributesAndLayoutSwitches() {
        Collected c = Collected.read(ZEEK, "#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\torig_bytes\tresp_bytes\tconn_state\tlabel\tdetailedlabel\n"
                + "1677024005.317605\tCsmq\t192.168.1.107\t64746\t162.159.136.234\t443\ttcp\t572\t11677\tSF\tBenign\tFrom_benign-To_benign-Application_discord\n"
                + "1677024033.849842\tCfyN\t192.168.1.107\t49752\t77.88.55.55\t443\ttcp\t1\t0\tOTH\tUnknown\t(empty)\n"
                + "#fields\tts\tid.orig_h\n"
                + "1677024040\t10.0.0.1\n"
                + "1677024041\t10.0.0.1\textra\n");
        assertEquals(List.of(7L), c.rejectLines());
        assertEquals("expected 2 columns (from #fields), found 3", c.reason(0));
        Event e = c.event(0);
        assertEquals(12249L, e.bytes());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals("Benign", e.attributes().get("label"));
        assertEquals("From_benign-To_benign-Application_discord", e.attributes().get("detailedlabel"));
        assertNull(c.event(1).attributes().get("detailedlabel"));
        assertEquals(Instant.parse("2023-02-22T00:00:40Z"), c.event(2).time());
        assertEquals("line-6", c.event(2).id()); // no uid: the collector assigns one as the pipeline would
    }

    @Test
    void jsonLines() {
        Collected c = Collected.read(ZEEK, "{\"ts\":1713484795.94,\"uid\":\"Cab\",\"id.orig_h\":\"10.1.2.3\",\"id.orig_p\":5000,\"id.resp_h\":\"8.8.8.8\",\"id.resp_p\":53,\"proto\":\"udp\",\"service\":\"dns\",\"duration\":0.01,\"orig_bytes\":40,\"resp_bytes\":120,\"conn_state\":\"SF\",\"local_orig\":true,\"local_resp\":false,\"tunnel_parents\":[],\"orig_pkts\":1,\"resp_pkts\":1,\"community_id\":\"1:abc\"}\n"
                + "{\"ts\":\"2024-04-19T10:00:00.5Z\",\"uid\":\"Ccd\",\"id.orig_h\":\"10.1.2.4\",\"conn_state\":\"S0\"}\n"
                + "{\"ts\":1713484795.94,\"uid\":\"Cef\"}\n"
                + "{\"ts\":1713484795.94,\"uid\":\"Cgh\",\"id.orig_h\":\"10.1.2.300\"}\n"
                + "{\"ts\":\"yesterday\",\"id.orig_h\":\"10.1.2.3\"}\n"
                + "{\"ts\":1713484795.94,\"id.orig_h\":\"10.1.2.3\",\"orig_bytes\":\"many\"}\n"
                + "{not json\n");
        assertEquals(List.of(1L, 2L), c.recordLines());
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), c.rejectLines());
        Event e = c.event(0);
        assertEquals(Instant.parse("2024-04-18T23:59:55.940Z"), e.time());
        assertEquals("Cab", e.id());
        assertEquals("10.1.2.3", e.entity());
        assertEquals(160L, e.bytes());
        assertEquals(Map.of("orig_port", "5000", "resp_port", "53", "proto", "udp", "service", "dns", "conn_state", "SF",
                "local_orig", "true", "local_resp", "false", "community_id", "1:abc"), e.attributes());
        assertEquals(Instant.parse("2024-04-19T10:00:00.5Z"), c.event(1).time());
        assertEquals(Outcome.FAILURE, c.event(1).outcome());
        assertEquals("id.orig_h: missing", c.reason(0));
        assertEquals("id.orig_h: '10.1.2.300' is not an IP address", c.reason(1));
        assertTrue(c.reason(2).startsWith("time: 'yesterday'"), c.reason(2));
        assertEquals("orig_bytes: 'many' is not a number", c.reason(3));
        assertTrue(c.reason(4).startsWith("invalid JSON: "), c.reason(4));
    }

    @Test
    void dataBeforeFieldsCommaSeparatorCrlfBomAndLimits() {
        Collected c = Collected.read(Adapters.create(ZEEK, new AdapterLimits(120, 8)), "\uFEFF1677024040\t10.0.0.1\r\n"
                + "#separator ,\r\n"
                + "#fields,ts,id.orig_h,a,b,c,d,e,f,g\r\n"
                + "1,2\r\n"
                + "#fields,ts,id.orig_h,proto\r\n"
                + "1677024040,10.0.0.1,tcp\r\n"
                + "1677024040,10.0.0.1,tcp" + ",".repeat(120) + "\r\n"
                + "1677024040,10.0.0.1,udp\r\n");
        assertEquals(List.of(6L, 8L), c.recordLines());
        assertEquals(List.of(1L, 3L, 4L, 7L), c.rejectLines());
        assertEquals("data line before any #fields header", c.reason(0));
        assertEquals("record has more than 8 fields (the limit)", c.reason(1));
        assertEquals("data line before any #fields header", c.reason(2));
        assertEquals("line longer than 120 characters", c.reason(3));
        assertEquals("tcp", c.event(0).attributes().get("proto"));
    }

    @Test
    void outcomeTable() {
        for (String s : List.of("SF", "S1", "S2", "S3", "RSTO", "RSTR")) assertEquals(Outcome.SUCCESS, ZeekConnAdapter.outcome(s), s);
        for (String s : List.of("REJ", "S0", "RSTOS0", "RSTRH", "SH", "SHR")) assertEquals(Outcome.FAILURE, ZeekConnAdapter.outcome(s), s);
        assertEquals(Outcome.UNKNOWN, ZeekConnAdapter.outcome("OTH"));
    }
}
