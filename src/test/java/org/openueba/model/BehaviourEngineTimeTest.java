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

/** Local days and buckets through the engine: DST, the local day at 00:30, midnight wrap, the first day. */
class BehaviourEngineTimeTest {

    /** 14 days at 08:30 Berlin time from {@code first}, then the change day and the day after. */
    private static void eightThirtyAcross(LocalDate first) {
        EngineFixture f = new EngineFixture(Map.of("berlin", BERLIN));
        for (int d = 0; d < 16; d++) {
            LocalDate date = first.plusDays(d);
            List<FeatureScore> s = f.apply(f.event("berlin", at(date + "T08:30", BERLIN)));
            assertEquals("08:30", feature(s, "time_of_day").value(), date.toString());
            // bucket 51 has s = d (one hit a day); from s = 8 = maxRareCount on it scores 0
            if (d >= 8) assertEquals(0.0, f.raw("time_of_day"), 0.0, date.toString());
        }
        // every completed day was active in local hour 8 and no other
        EntitySummary summary = f.engine.summary("berlin");
        assertEquals(15, summary.days());
        assertEquals(15, summary.hours()[8]);
        assertEquals(15, java.util.Arrays.stream(summary.hours()).sum());
        assertEquals("08:00–09:00", summary.usualHours());
        // an hour off would not go unnoticed: 07:30 is 6 buckets away, s = 15·31/500 = 0.93;
        // n = 1, p' = (1 − 1/16 − 0.7)/0.3 = 0.791667; table(0) = 79.1667, table(1) = 79.1667·D(8,2)
        // = 71.9368 → 79.1667 − 7.2299·0.93 = 72.4428, certainty(15) = 1
        LocalDate after = first.plusDays(15);
        List<FeatureScore> s = f.apply(f.event("berlin", at(after + "T07:30", BERLIN)));
        assertEquals("07:30", feature(s, "time_of_day").value());
        assertEquals(72.4428452322815, f.raw("time_of_day"), 1e-4);
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
        assertTrue(feature(s, "time_of_day").reason().contains("over 1 day"), feature(s, "time_of_day").reason());
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
        // Each completed day's hit buckets have s = 20 > 17, so H(k) = 0 in range: n = 1 for every
        // count and p' = (1 − 1/21 − 0.7)/0.3 = 0.841270; table(c) = 84.1270·D(8, c + 1).
        //
        // 00:10 is bucket 1, two buckets after 23:50 once the ring wraps round midnight, so every day
        // gave it L(2) = 393/500: s = 20·0.786 = 15.72 ≥ 8 → 0. Without the wrap it would be as
        // unusual as noon. 00:50 (bucket 5) is 6 buckets from 23:50: s = 20·31/500 = 1.24 →
        // 76.4441 + (42.0635 − 76.4441)·0.24 = 68.1927. Noon only has the ε tail: s = 20/500 = 0.04 →
        // 84.1270 + (76.4441 − 84.1270)·0.04 = 83.8197. Certainty(20 days) = 1.
        List<FeatureScore> s = f.apply(f.event("owl", at(day21 + "T00:10", BERLIN)));
        assertEquals("00:10", feature(s, "time_of_day").value());
        double tenPastMidnight = f.raw("time_of_day");
        f.apply(f.event("owl", at(day21 + "T00:50", BERLIN)));
        double tenToOne = f.raw("time_of_day");
        s = f.apply(f.event("owl", at(day21 + "T12:00", BERLIN)));
        double noon = f.raw("time_of_day");
        assertTrue(feature(s, "time_of_day").reason().contains("smoothed count 0.04 over 20 days"),
                feature(s, "time_of_day").reason());
        assertEquals(0.0, tenPastMidnight, 0.0);
        assertEquals(68.1927285444356, tenToOne, 1e-4);
        assertEquals(83.81966741712569, noon, 1e-4);
        assertTrue(tenPastMidnight < tenToOne && tenToOne < noon);
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
