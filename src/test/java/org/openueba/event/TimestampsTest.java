package org.openueba.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimestampsTest {
    @Test
    void parsesIsoWithOffsets() {
        assertEquals(Instant.parse("2024-04-19T10:00:00.123Z"), Timestamps.parse("2024-04-19T10:00:00.123Z"));
        assertEquals(Instant.parse("2024-04-19T08:00:00Z"), Timestamps.parse("2024-04-19 10:00:00+02:00"));
        assertEquals(Instant.parse("2024-04-19T08:00:00Z"), Timestamps.parse("2024-04-19T10:00:00+0200"));
    }

    @Test
    void localTimesUseTheGivenZoneIncludingDst() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals(Instant.parse("2026-01-05T07:00:00Z"), Timestamps.parse("2026-01-05T08:00:00", berlin));
        assertEquals(Instant.parse("2026-07-05T06:00:00Z"), Timestamps.parse("2026-07-05 08:00:00", berlin));
        assertEquals(Instant.parse("2026-07-04T22:00:00Z"), Timestamps.parse("2026-07-05", berlin));
    }

    @Test
    void parsesEpochSecondsAndMillis() {
        assertEquals(Instant.ofEpochSecond(1713484795, 943239000), Timestamps.parse("1713484795.943239"));
        assertEquals(Instant.ofEpochSecond(1713484795), Timestamps.parse("1713484795"));
        assertEquals(Instant.ofEpochMilli(1713484795943L), Timestamps.parse("1713484795943"));
    }

    @Test
    void rejectsGarbage() {
        assertEquals("time: 'yesterday' is not a timestamp (expected ISO-8601 or epoch seconds/milliseconds)",
                assertThrows(InvalidRecordException.class, () -> Timestamps.parse("yesterday")).getMessage());
        assertThrows(InvalidRecordException.class, () -> Timestamps.parse("2024-13-45T00:00:00Z"));
        assertThrows(InvalidRecordException.class, () -> Timestamps.parse("1.2.3"));
    }
}
