package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

class CsvAdapterTest {
    private static SourceProfile profile(Map<String, String> mapping, Map<String, String> options) {
        return new SourceProfile("c", "csv", null, ZoneId.of("Europe/Berlin"), mapping, options, null);
    }

    @Test
    void headerMappingQuotingMultiLineAndExtras() {
        SourceProfile p = profile(Map.of("time", "when", "entity", "who", "outcome", "ok", "metrics.rtt", "rtt"),
                Map.of("kind", "authentication", "extra-columns", "attributes"));
        Collected c = Collected.read(p, "\uFEFFwhen,who,ok,rtt,note\r\n"
                + "2024-04-19 12:00:00,alice,True,12.5,\"a, b\"\r\n"
                + "2024-04-19 12:00:01,bob,False,-,\"line one\r\nline \"\"two\"\"\"\r\n"
                + "2024-04-19 12:00:02,carol,maybe,1,x\r\n"
                + "2024-04-19 12:00:03,dave,true,1\r\n"
                + "2024-04-19 12:00:04,erin,true,1,\"open\r\n");
        assertEquals(List.of(2L, 3L), c.recordLines());
        assertEquals(List.of(5L, 6L, 7L), c.rejectLines());
        assertEquals(Instant.parse("2024-04-19T10:00:00Z"), c.event(0).time());
        assertEquals(Outcome.SUCCESS, c.event(0).outcome());
        assertEquals(Map.of("rtt", 12.5), c.event(0).metrics());
        assertEquals(Map.of("note", "a, b"), c.event(0).attributes());
        assertEquals("line one line \"two\"", c.event(1).attributes().get("note"));
        assertEquals(EventKind.AUTHENTICATION, c.event(1).kind());
        assertEquals(true, c.reason(0).startsWith("column 'ok': outcome:"), c.reason(0));
        assertEquals("expected 5 columns, found 4", c.reason(1));
        assertEquals("unterminated quoted field at the end of the input", c.reason(2));
    }

    @Test
    void tsvWithoutHeaderAndTimeFormat() {
        SourceProfile p = profile(Map.of("time", "t", "entity", "u", "kind", "k"),
                Map.of("delimiter", "tab", "header", "false", "columns", "t,u,k", "time-format", "dd.MM.yyyy HH:mm"));
        Collected c = Collected.read(p, "19.04.2024 12:00\talice\tfile\n2024-04-19\tbob\tfile\n");
        assertEquals(List.of(1L), c.recordLines());
        assertEquals(Instant.parse("2024-04-19T10:00:00Z"), c.event(0).time());
        assertEquals(EventKind.FILE, c.event(0).kind());
        assertEquals("time: column 't' value '2024-04-19' does not match the time-format", c.reason(0));
    }

    @Test
    void mappingToMissingColumnRejectsEveryRecord() {
        SourceProfile p = profile(Map.of("time", "when", "entity", "user"), Map.of("kind", "other"));
        Collected c = Collected.read(p, "when,who\n2024-04-19 12:00:00,alice\n2024-04-19 12:00:01,bob\n");
        assertEquals(List.of(2L, 3L), c.rejectLines());
        assertEquals("mapping: column 'user' (for entity) is not in the header", c.reason(0));
    }

    @Test
    void configurationErrors() {
        assertThrows(IllegalArgumentException.class, () -> Adapters.create(profile(Map.of("entity", "u"), Map.of()), AdapterLimits.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> Adapters.create(profile(Map.of("nope", "u"), Map.of("kind", "other")), AdapterLimits.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> Adapters.create(profile(Map.of(), Map.of("kind", "other", "header", "false")), AdapterLimits.DEFAULT));
    }

    @Test
    void limits() {
        SourceProfile p = profile(Map.of("time", "a", "entity", "b"), Map.of("kind", "other"));
        Collected c = Collected.read(Adapters.create(p, new AdapterLimits(64, 8)), "a,b\n1,2,3,4,5,6,7,8,9\n" + "x".repeat(70) + "\n2024-04-19 12:00:00,z\n");
        assertEquals(List.of(2L, 3L), c.rejectLines());
        assertEquals("record has more than 8 fields (the limit)", c.reason(0));
        assertEquals("line longer than 64 characters", c.reason(1));
        assertEquals(List.of(4L), c.recordLines());
    }
}
