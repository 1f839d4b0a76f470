package org.openueba.model;

import org.junit.jupiter.api.Test;
import org.openueba.event.Outcome;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openueba.model.EngineFixture.BERLIN;
import static org.openueba.model.EngineFixture.at;
import static org.openueba.model.EngineFixture.feature;

/**
 * Local days and buckets through the engine: DST, the local day at 00:30, midnight wrap, the first day,
 * the session rule (a logoff capped by its logon, the session learnt), a night worker across DST changes.
 */
class BehaviourEngineTimeTest {

    /** 14 days at 08:30 Berlin time from {@code first}, then the change day and the day after. */
    private static void eightThirtyAcross(LocalDate first) {
        EngineFixture f = new EngineFixture(Map.of("berlin", BERLIN));
        for (int d = 0; d < 16; d++) {
            LocalDate date = first.plusDays(d);
            List<FeatureScore> s = f.apply(f.event("berlin", at(date + "T08:30", BERLIN)));
            assertEquals("08:30", feature(s, "time_of_day").value(), date.toString());
            // bucket 51 was hit on every completed day: q = (d + 2π)/(d + 2) ≥ 0.4 → 0 from the start
            // (day 0 has certainty 0; until an entity has 3 days the prior is 0.1 everywhere, then this
            // entity's own share, 1)
            assertEquals(0.0, f.raw("time_of_day"), 0.0, date.toString());
        }
        // every completed day was active in local hour 8 and no other
        EntitySummary summary = f.engine.summary("berlin");
        assertEquals(15, summary.days());
        assertEquals(15, summary.hours()[8]);
        assertEquals(15, java.util.Arrays.stream(summary.hours()).sum());
        assertEquals("08:00–09:00", summary.usualHours());
        // The last day, first + 15, has 15 completed days. The organisation profile was rebuilt at its first
        // event from this entity alone with 14 days (all alike), so π = one day's smoothing and
        // q = (15·v + 2·v)/17 = v, v = K(d)/500 at distance d from bucket 51; certainty(15) = 1.
        // An hour early (07:30, d = 6): v = 113/500 = 0.226 → 0. (The baseline's narrow kernel gave 72.4
        // here; the wide part of the kernel now makes an hour's shift usual.)
        LocalDate after = first.plusDays(15);
        List<FeatureScore> s = f.apply(f.event("berlin", at(after + "T07:30", BERLIN)));
        assertEquals("07:30", feature(s, "time_of_day").value());
        assertEquals(0.0, f.raw("time_of_day"), 0.0);
        // three hours early (05:30, d = 18): v = 12/500 = 0.024 → 100·ln(0.1/0.024)/ln 20 = 47.6383
        s = f.apply(f.event("berlin", at(after + "T05:30", BERLIN)));
        assertEquals("05:30", feature(s, "time_of_day").value());
        assertEquals(47.63831428591195, f.raw("time_of_day"), 1e-4);
        // five hours early (03:30, d = 30): only the ε tail, v = 1/500 = 0.002 ≤ 0.005 → 100
        s = f.apply(f.event("berlin", at(after + "T03:30", BERLIN)));
        assertEquals("03:30", feature(s, "time_of_day").value());
        assertEquals(100.0, f.raw("time_of_day"), 1e-9);
    }

    @Test
    void springForwardKeepsEightThirtyInItsBucket() {
        // 2026-03-29 02:00 CET → 03:00 CEST: 08:30 local is 07:30Z before and 06:30Z from that day on
        assertEquals(Instant.parse("2026-03-28T07:30:00Z"), at("2026-03-28T08:30", BERLIN));
        assertEquals(Instant.parse("2026-03-29T06:30:00Z"), at("2026-03-29T08:30", BERLIN));
        eightThirtyAcross(LocalDate.parse("2026-03-15")); // …, 03-28, 03-29 (change), 03-30
    }

    @Test
    void fallBackKeepsEightThirtyInItsBucket() {
        // 2026-10-25 03:00 CEST → 02:00 CET: 08:30 local is 06:30Z before and 07:30Z from that day on
        assertEquals(Instant.parse("2026-10-24T06:30:00Z"), at("2026-10-24T08:30", BERLIN));
        assertEquals(Instant.parse("2026-10-25T07:30:00Z"), at("2026-10-25T08:30", BERLIN));
        eightThirtyAcross(LocalDate.parse("2026-10-11")); // …, 10-24, 10-25 (change), 10-26
    }

    @Test
    void halfPastMidnightBelongsToTheLocalDay() {
        EngineFixture f = new EngineFixture(Map.of("night", BERLIN));
        // Friday 2026-06-05 20:00 CEST
        List<FeatureScore> s = f.apply(f.event("night", at("2026-06-05T20:00", BERLIN)));
        assertEquals("weekday", feature(s, "day_type").value());
        // Saturday 2026-06-06 00:30 CEST is still Friday 22:30 in UTC
        Instant saturday = at("2026-06-06T00:30", BERLIN);
        assertEquals(Instant.parse("2026-06-05T22:30:00Z"), saturday);
        s = f.apply(f.event("night", saturday));
        assertEquals("weekend", feature(s, "day_type").value());
        assertEquals("00:30", feature(s, "time_of_day").value());
        // and it is a new day for the models: Friday is now one completed day of history
        assertTrue(feature(s, "time_of_day").reason().contains("of 1 day;"), feature(s, "time_of_day").reason());
        assertTrue(feature(s, "day_type").reason().contains("never used in 1 day of history"), feature(s, "day_type").reason());

        // Monday 2026-03-30 00:30 CEST (the day after spring-forward) is Sunday 22:30Z: a weekday
        EngineFixture g = new EngineFixture(Map.of("night", BERLIN));
        Instant monday = at("2026-03-30T00:30", BERLIN);
        assertEquals(Instant.parse("2026-03-29T22:30:00Z"), monday);
        s = g.apply(g.event("night", monday));
        assertEquals("weekday", feature(s, "day_type").value());
        assertEquals("00:30", feature(s, "time_of_day").value());
    }

    @Test
    void smoothingWrapsRoundMidnight() {
        // active 23:00–23:50 local (buckets 138..143) every day for 20 days
        EngineFixture f = new EngineFixture(Map.of("owl", BERLIN));
        LocalDate first = LocalDate.parse("2026-05-01");
        for (int d = 0; d < 20; d++) {
            for (int m = 0; m < 60; m += 10) {
                f.apply(f.event("owl", at(first.plusDays(d) + String.format("T23:%02d", m), BERLIN)));
            }
        }
        LocalDate day21 = first.plusDays(20);
        // At day 21's first event the organisation profile is rebuilt from this entity alone (19 days, all
        // alike), then it rolls over to 20 completed days: q = (20·v + 2·v)/22 = v, v = one day's smoothing
        // (the kernel K at the distance from the nearest of 23:00–23:50). Certainty(20 days) = 1.
        //
        // 00:10 is bucket 1, two buckets after 23:50 once the ring wraps round midnight: v = 411/500 → 0.
        // Without the wrap it would be as unusual as noon. 00:50 (6 buckets): v = 113/500 → 0. 02:00
        // (13 buckets): v = 42/500 = 0.084 → 100·ln(0.1/0.084)/ln 20 = 5.8201. 03:00 (19 buckets):
        // v = 9/500 = 0.018 → 57.2414. Noon only has the ε tail: v = 0.002 → 100.
        List<FeatureScore> s = f.apply(f.event("owl", at(day21 + "T00:10", BERLIN)));
        assertEquals("00:10", feature(s, "time_of_day").value());
        double tenPastMidnight = f.raw("time_of_day");
        f.apply(f.event("owl", at(day21 + "T00:50", BERLIN)));
        double tenToOne = f.raw("time_of_day");
        f.apply(f.event("owl", at(day21 + "T02:00", BERLIN)));
        double two = f.raw("time_of_day");
        f.apply(f.event("owl", at(day21 + "T03:00", BERLIN)));
        double three = f.raw("time_of_day");
        s = f.apply(f.event("owl", at(day21 + "T12:00", BERLIN)));
        double noon = f.raw("time_of_day");
        assertTrue(feature(s, "time_of_day").reason().contains("active around then on 0.2% of 20 days"),
                feature(s, "time_of_day").reason());
        assertEquals(0.0, tenPastMidnight, 0.0);
        assertEquals(0.0, tenToOne, 0.0);
        assertEquals(5.820059044793524, two, 1e-4);
        assertEquals(57.24137778365533, three, 1e-4);
        assertEquals(100.0, noon, 1e-9);
    }

    /** A logoff scores at most what its logon scored; the session between them is learnt as active. */
    @Test
    void aLateLogoffAfterAUsualLogonIsNotUnusual() {
        EngineFixture f = new EngineFixture();
        LocalDate first = LocalDate.parse("2026-05-04");
        for (int d = 0; d < 20; d++) {
            f.apply(f.event("clerk", EngineFixture.utc(first.plusDays(d) + "T09:00")).action("logon"));
            f.apply(f.event("clerk", EngineFixture.utc(first.plusDays(d) + "T17:00")).action("logoff"));
        }
        // day 20: a logon at 16:50 (inside the learnt 09:00–17:00) and its logoff at 23:00. On its own 23:00
        // would score 100 (36 buckets from 17:00: the ε tail, q = 0.002), but the session started at a usual
        // time, so the logoff scores what the logon scored: 0.
        LocalDate d20 = first.plusDays(20);
        f.apply(f.event("clerk", EngineFixture.utc(d20 + "T16:50")).action("logon"));
        assertEquals(0.0, f.raw("time_of_day"), 0.0);
        f.apply(f.event("clerk", EngineFixture.utc(d20 + "T23:00")).action("logoff"));
        assertEquals(0.0, f.raw("time_of_day"), 0.0);
        // the evening was learnt (16:50–23:00 filled): the next day a logon at 23:00 meets
        // s = 20·(1/500) + 1 = 1.04 over 21 days, π = 0.002 (the organisation is this entity, 20 days):
        // q = (1.04 + 2·0.002)/23 = 0.045391 → 100·ln(0.1/q)/ln 20 = 26.3658 — once in 21 days, not new
        f.apply(f.event("clerk", EngineFixture.utc(first.plusDays(21) + "T23:00")).action("logon"));
        assertEquals(26.365828497004433, f.raw("time_of_day"), 1e-4);
        EntitySummary summary = f.engine.summary("clerk");
        assertEquals(20, summary.hours()[9]);  // day 20 started at 16:50
        assertEquals(21, summary.hours()[16]);
        assertEquals(1, summary.hours()[22]);
        assertEquals(0, summary.hours()[3]);
    }

    /** A night worker across a DST change: the shift is learnt in local buckets and nights are usual. */
    private static void nightShiftsFrom(LocalDate first) {
        EngineFixture f = new EngineFixture(Map.of("nurse", BERLIN));
        for (int n = 0; n < 20; n++) {
            f.apply(f.event("nurse", at(first.plusDays(n) + "T22:00", BERLIN)).action("logon"));
            f.apply(f.event("nurse", at(first.plusDays(n + 1) + "T06:00", BERLIN)).action("logoff"));
        }
        // day 20, 14:00: 8 h from the shift on both sides, the ε tail only: q = (20·0.002 + 2·0.002)/22 → 100
        LocalDate d20 = first.plusDays(20);
        f.apply(f.event("nurse", at(d20 + "T14:00", BERLIN)).action("logon"));
        assertEquals(100.0, f.raw("time_of_day"), 1e-9);
        // every completed day (0..19) has 22:00; days 1..19 also 00:00–06:00 through the learnt sessions,
        // including the night of the change (22:00 → 06:00 is 48 local buckets, 7 or 9 hours of real time)
        EntitySummary summary = f.engine.summary("nurse");
        assertEquals(20, summary.days());
        assertEquals(20, summary.hours()[22]);
        assertEquals(19, summary.hours()[2]);
        assertEquals(19, summary.hours()[6]);
        assertEquals(0, summary.hours()[7]);
        assertEquals(0, summary.hours()[14]);
        // a logon at 02:00 the next night: active then on 20 of 21 days → q ≈ 0.96 → 0
        f.apply(f.event("nurse", at(first.plusDays(21) + "T02:00", BERLIN)).action("logon"));
        assertEquals(0.0, f.raw("time_of_day"), 0.0);
    }

    @Test
    void aNightShiftAcrossSpringForwardIsUsualAtNight() {
        nightShiftsFrom(LocalDate.parse("2026-03-15")); // the night 03-28 → 03-29 is 7 h long
    }

    @Test
    void aNightShiftAcrossFallBackIsUsualAtNight() {
        nightShiftsFrom(LocalDate.parse("2026-10-11")); // the night 10-24 → 10-25 is 9 h long
    }

    @Test
    void everyScoreOfABrandNewEntityIsZeroOnItsFirstDay() {
        EngineFixture f = new EngineFixture();
        // an established owner of host H1 (so population and ownership could apply)
        for (int d = 1; d <= 10; d++) {
            f.apply(f.event("owner", EngineFixture.utc(String.format("2026-05-%02dT09:00", d))).dstHost("H1")
                    .srcHost("ws-owner").country("DE"));
        }
        // the newcomer's first day: many failures, values all over the place, same coordinates
        Set<String> seen = new TreeSet<>();
        String[] hosts = {"H1", "H2", "H3", "H4", "H5"};
        String[] countries = {"DE", "FR", "US", "BR", "JP"};
        for (int i = 0; i < 24; i++) {
            List<FeatureScore> s = f.apply(f.event("newbie", EngineFixture.utc(String.format("2026-05-11T%02d:%02d", i % 24, i)))
                    .outcome(i % 5 == 4 ? Outcome.SUCCESS : Outcome.FAILURE)
                    .srcHost("ws-" + i).dstHost(hosts[i % 5]).srcIp("192.0.2." + i)
                    .country(countries[i % 5]).city("City " + i).asn(64_500L + i)
                    .userAgent(i % 2 == 0 ? "curl/8.0" : "Mozilla/5.0 Firefox/120.0")
                    .coordinates(50.0, 8.0));
            for (FeatureScore fs : s) {
                assertEquals(0.0, fs.score(), 0.0, "event " + i + ": " + fs);
                seen.add(fs.feature());
            }
            for (int k = 0; k < f.out.size(); k++) assertEquals(0.0, f.out.score(k), 0.0);
            assertEquals(0.0, f.out.combined(), 0.0);
            FeatureScore host = feature(s, "SRC.dst_host");
            assertTrue(host.reason().contains("first day of history") && host.reason().contains("certainty 0%"), host.reason());
        }
        assertEquals(new TreeSet<>(List.of("SRC.src_host", "SRC.dst_host", "SRC.src_ip", "SRC.country", "SRC.city", "SRC.asn",
                "SRC.user_agent", "activity", "day_type", "time_of_day", "travel", "SRC.events.hour", "SRC.events.day",
                "SRC.failures.hour", "SRC.failures.day", "SRC.dst_hosts.hour", "SRC.dst_hosts.day")), seen);
    }
}
