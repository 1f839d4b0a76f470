package org.openueba.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** What the formatters make of {@code t}: an instant, or null when they reject it. */
    private static Instant byFormatters(String t, ZoneId zone) {
        try {
            return Timestamps.iso(t, zone);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    @Test
    void theHandReadSpellingsGiveWhatTheFormattersGiveAndLeaveEveryOtherSpellingToThem() {
        ZoneId[] zones = {java.time.ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York")};
        java.util.List<String> cases = new java.util.ArrayList<>(java.util.List.of(
                "2024-04-19T10:00:00.123Z", "2024-04-19 10:00:00+02:00", "2024-04-19T10:00:00+0200", "2024-04-19T10:00:00-05",
                "2024-04-19t10:00z", "2024-04-19T10:00", "2024-02-29T23:59:59.999999999+18:00", "2023-02-29T10:00:00Z",
                "2024-04-31T10:00:00Z", "2024-04-19T24:00:00Z", "2024-04-19T10:60:00Z", "2024-04-19T10:00:60Z",
                "2024-04-19T10:00:00.Z", "2024-04-19T10:00:00.1234567891Z", "2024-04-19T10:00:00+19:00", "2024-04-19T10:00:00+18:01",
                "2024-04-19T10:00:00+5:00", "2024-04-19T10:00:00+05:3", "2024-04-19T10:00:00+053", "2024-04-19T10:00:00 Z",
                "2024-04-19T10:00:00ZZ", "2024-04-19T10:00:00-00:00", "2024-04-19T10:00.5Z", "2024-04-19X10:00:00Z",
                "2024-4-19T10:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-03-29T02:30:00", "2026-10-25T02:30:00",
                "2026-03-08T02:30:00", "2026-11-01T01:30:00", "2024-04-19T10:00:00,5Z", "2024-04-19T1a:00:00Z", "2024-00-10T10:00:00Z"));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        String[] offsets = {"", "Z", "z", "+00:00", "-03:30", "+0545", "+14", "-12:00", "+18:00", "-18:00"};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%04d-%02d-%02d%c%02d:%02d",
                    1900 + rnd.nextInt(200), 1 + rnd.nextInt(12), 1 + rnd.nextInt(31), rnd.nextBoolean() ? 'T' : ' ',
                    rnd.nextInt(24), rnd.nextInt(60)));
            if (rnd.nextInt(4) > 0) b.append(String.format(java.util.Locale.ROOT, ":%02d", rnd.nextInt(60)));
            if (rnd.nextInt(3) == 0 && b.length() == 19) b.append('.').append(String.format(java.util.Locale.ROOT, "%09d", rnd.nextInt(1_000_000_000)), 0, 1 + rnd.nextInt(9));
            b.append(offsets[rnd.nextInt(offsets.length)]);
            cases.add(b.toString());
        }
        int hand = 0;
        for (String t : cases) {
            for (ZoneId zone : zones) {
                Instant fast = Timestamps.common(t, zone);
                if (fast != null) {
                    hand++;
                    assertEquals(byFormatters(t, zone), fast, t + " in " + zone);
                }
                // the public parse gives the formatters' answer whichever path reads it
                Instant expected = byFormatters(t, zone);
                if (expected != null) assertEquals(expected, Timestamps.parse(t, zone), t);
                else assertThrows(InvalidRecordException.class, () -> Timestamps.parse(t, zone), t);
            }
        }
        assertTrue(hand > 3 * 2_500, "the hand-read path took " + hand + " of " + 3 * cases.size());
    }
}
