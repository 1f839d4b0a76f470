package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cached offset equals {@code ZoneRules.getOffset} for every instant, in any order. */
class ZoneClockTest {
    static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC",
            "America/Sao_Paulo", "Europe/London", "Pacific/Chatham", "Asia/Tehran", "+05:30"};

    @Test
    void sameOffsetAsTheRulesAroundTransitionsAndOutOfOrder() {
        for (String name : ZONES) {
            ZoneId zone = ZoneId.of(name);
            ZoneClock clock = new ZoneClock(zone);
            // every second across the 2026 spring and autumn changes of the northern and southern zones, forwards
            for (long s : new long[]{Instant.parse("2026-03-08T06:00:00Z").getEpochSecond(),
                    Instant.parse("2026-03-29T00:30:00Z").getEpochSecond(), Instant.parse("2026-04-05T15:30:00Z").getEpochSecond(),
                    Instant.parse("2026-10-04T15:30:00Z").getEpochSecond(), Instant.parse("2026-10-25T00:30:00Z").getEpochSecond(),
                    Instant.parse("2026-11-01T05:30:00Z").getEpochSecond()}) {
                for (long t = s; t < s + 3 * 3600; t += 7) check(zone, clock, Instant.ofEpochSecond(t, 999_999_999));
            }
            // random instants over 1990..2100 in random order (late events, jumps across many transitions)
            SplittableRandom rnd = new SplittableRandom(name.hashCode());
            long lo = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond(), hi = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
            for (int i = 0; i < 20_000; i++) {
                long t = rnd.nextLong(lo, hi);
                check(zone, clock, Instant.ofEpochSecond(t));
                check(zone, clock, Instant.ofEpochSecond(t + rnd.nextInt(-86_400, 86_400)));
            }
        }
    }

    @Test
    void fixedOffsets() {
        ZoneClock clock = new ZoneClock(ZoneOffset.ofHours(-3));
        assertEquals(-3 * 3600, clock.offsetSeconds(Instant.parse("2026-07-01T00:00:00Z")));
        assertEquals(-3 * 3600, clock.offsetSeconds(Instant.parse("1990-01-01T00:00:00Z")));
    }

    private static void check(ZoneId zone, ZoneClock clock, Instant t) {
        assertEquals(zone.getRules().getOffset(t).getTotalSeconds(), clock.offsetSeconds(t), zone + " at " + t);
    }
}
