package org.openueba.model;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.openueba.event.Outcome;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openueba.model.EngineFixture.feature;
import static org.openueba.model.EngineFixture.utc;

/** Window counts (engine.md §3.3) and impossible travel through the engine. */
class BehaviourEngineCountTravelTest {

    private static Instant at(int day, int hour, int minute) {
        return utc(String.format("2026-05-%02dT%02d:%02d", day, hour, minute));
    }

    @Test
    void aDayWithManyMoreFailuresThanTheUsualTwo() {
        EngineFixture f = new EngineFixture();
        // 10 days with exactly 2 failures, at 09:00 and 15:00 (different hours)
        for (int d = 1; d <= 10; d++) {
            f.apply(f.event("fred", at(d, 9, 0)).outcome(Outcome.FAILURE));
            f.apply(f.event("fred", at(d, 15, 0)).outcome(Outcome.FAILURE));
        }
        // Only completed days are history: on day 11, N = 10 days.
        //   hour window: daily maxima all 1 → mean 1, sd 0; every hourly value is 1 → sd 0
        //   day window:  daily totals all 2 → mean 2, sd 0
        // σ prior (the organisation is this one entity): centre = mean, V = P99 of maxima = mean,
        //   σ_prior = max(floor 1, (V − centre)/2 = 0) = 1 for both windows
        // σ_post = sqrt((15·1² + 10·0²)/(15 + 10)) = sqrt(0.6) = 0.774597
        double sigma = Math.sqrt(0.6);
        for (int x = 1; x <= 8; x++) { // failures pile up in one hour of day 11
            List<FeatureScore> s = f.apply(f.event("fred", at(11, 10, x)).outcome(Outcome.FAILURE));
            double hour = f.raw("SRC.failures.hour"), day = f.raw("SRC.failures.day");
            assertEquals(String.valueOf(x), feature(s, "SRC.failures.day").value());
            assertEquals("count " + x + "; usual 2.0 (σ 0.8) over 10 days", feature(s, "SRC.failures.day").reason());
            assertEquals("count " + x + "; usual 1.0 (σ 0.8) over 10 days", feature(s, "SRC.failures.hour").reason());
            if (x <= 3) { // counts ≤ 3 score 0 whatever the statistics say
                assertEquals(0.0, hour, 0.0, "x = " + x);
                assertEquals(0.0, day, 0.0, "x = " + x);
            } else {
                // e.g. x = 4 on the day window: t = (4 − 2)/0.7746 = 2.582 (9 + 15 = 24 df), then × ⅓
                assertEquals(CountScorer.score(x, 1, sigma, 10, 15), hour, 1e-9, "x = " + x);
                assertEquals(CountScorer.score(x, 2, sigma, 10, 15), day, 1e-9, "x = " + x);
                assertTrue(day > 0, "x = " + x);
            }
        }
    }

    @Test
    void twoFailuresInsteadOfTheUsualNoneNeverAlert() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 10; d++) {
            f.apply(f.event("quiet", at(d, 9, 0)).outcome(Outcome.SUCCESS));
            f.apply(f.event("quiet", at(d, 15, 0)).outcome(Outcome.SUCCESS));
        }
        // failures: mean 0, sd 0, σ_prior = floor 1 → σ_post = sqrt(0.6); t = 3/0.7746 = 3.87 for x = 3
        // would be far out, but counts ≤ 3 score 0; x = 4 weighs ⅓
        double sigma = Math.sqrt(0.6);
        for (int x = 1; x <= 4; x++) {
            f.apply(f.event("quiet", at(11, 10, x)).outcome(Outcome.FAILURE));
            double expected = x <= 3 ? 0 : CountScorer.tailScore(4, 0, sigma, 10, 15) / 3;
            assertEquals(expected, f.raw("SRC.failures.day"), 1e-9, "x = " + x);
            assertEquals(expected, f.raw("SRC.failures.hour"), 1e-9, "x = " + x);
        }
        assertTrue(f.raw("SRC.failures.day") > 0);
        // the events window of the same day sees 4 events against the usual 2 a day (σ_post sqrt(0.6) too)
        assertEquals(CountScorer.score(4, 2, sigma, 10, 15), f.raw("SRC.events.day"), 1e-9);
    }

    @Test
    @Disabled("σ prior lags a day: BehaviourEngine.apply rebuilds the priors (advanceOrganisation → rebuildPriors) "
            + "before the entity's rollover, and meanMax(…, m.day) leaves out every entity's last active day, so the "
            + "day that just ended is not in the prior (σ_prior 1 instead of 4.5 here). Not changed: whether an "
            + "entity's day is over depends on its zone, so the right cut-off is a design decision.")
    void thePriorOfANewDayIncludesTheDayThatJustEnded() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 9; d++) {
            f.apply(f.event("spiky", at(d, 9, 0)).outcome(Outcome.FAILURE));
            f.apply(f.event("spiky", at(d, 15, 0)).outcome(Outcome.FAILURE));
        }
        for (int i = 0; i < 12; i++) f.apply(f.event("spiky", at(10, 9, i)).outcome(Outcome.FAILURE));
        List<FeatureScore> s = f.apply(f.event("spiky", at(11, 9, 0)).outcome(Outcome.FAILURE));
        // completed days 1..10, totals 2 ×9 and 12: mean 3, sd = sqrt((9·1 + 81)/9) = sqrt(10)
        // prior (this entity alone): centre 3, V = P99 of maxima = 12 → σ_prior = (12 − 3)/2 = 4.5
        // σ_post = sqrt((15·4.5² + 10·10)/25) = sqrt(16.15) = 4.0187
        // (with the lag: prior from days 1..9 only, σ_prior = 1, σ_post = sqrt(4.6) = 2.1448)
        assertEquals("count 1; usual 3.0 (σ 4.0) over 10 days", feature(s, "SRC.failures.day").reason());
    }

    @Test
    void impossibleTravelThroughTheEngine() {
        EngineFixture f = new EngineFixture();
        // two located events 3000 km apart on the equator (3000/6371 rad of longitude)
        double lon3000 = 26.979648177561916;
        List<FeatureScore> s = f.apply(f.event("flyer", at(1, 10, 0)).coordinates(0.0, 0.0));
        assertFalse(s.stream().anyMatch(x -> x.feature().equals("travel")), "no previous location yet");
        // 1 hour later: (3000 − 200)/1 = 2800 km/h → 60 + 40·log2(2.8) = 119.42, capped at 100
        s = f.apply(f.event("flyer", at(1, 11, 0)).coordinates(0.0, lon3000));
        assertEquals(100.0, f.raw("travel"), 0.0);
        assertEquals("3000 km from 0.00,0.00 in 1.00 h (2800 km/h; limit 1000 km/h, 200 km slack)",
                feature(s, "travel").reason());
        // 2 hours later from the same start: 1400 km/h → 60 + 40·log2(1.4) = 79.4171
        f.apply(f.event("flyer2", at(1, 10, 0)).coordinates(0.0, 0.0));
        s = f.apply(f.event("flyer2", at(1, 12, 0)).coordinates(0.0, lon3000).city("Somewhere").country("XA"));
        assertEquals(60 + 40 * Math.log(1.4) / Math.log(2), f.raw("travel"), 1e-6);
        assertEquals("Somewhere, XA", feature(s, "travel").value());
        // back home 20 hours later: (3000 − 200)/20 = 140 km/h → 0
        f.apply(f.event("flyer2", at(2, 8, 0)).coordinates(0.0, 0.0));
        assertEquals(0.0, f.raw("travel"), 0.0);
    }

    @Test
    void removableDrivesAreAlsoCountedOverTheLastTwoDays() {
        EngineFixture f = new EngineFixture();
        // ten days with one removable-drive connection a day, then two days with four each
        for (int d = 1; d <= 10; d++) f.apply(f.event("dora", at(d, 9, 0)).kind(org.openueba.event.EventKind.DEVICE).action("connect"));
        List<FeatureScore> s = null;
        for (int d = 11; d <= 12; d++) {
            for (int i = 0; i < 4; i++) {
                s = f.apply(f.event("dora", at(d, 9 + 2 * i, 0)).kind(org.openueba.event.EventKind.DEVICE).action("connect"));
            }
        }
        // on day 12 the history is the 2-day counts ending on days 1..10 (day 11's shares day 11 with the
        // open window): 1, 2, 2, …, 2 → k = 10, mean 1.9; n_eff 5; the open window holds 4 + 4 = 8
        FeatureScore span = feature(s, "SRC.device_connections.days");
        assertEquals("8", span.value());
        assertTrue(span.reason().startsWith("count 8 over the last 2 days; usual 1.9 (σ "), span.reason());
        assertTrue(span.reason().endsWith(" over 10 days"), span.reason());
        assertTrue(f.raw("SRC.device_connections.days") > 0, "8 in two days against 1.9");
        // the day window alone sees 4 against the usual 1
        assertEquals("4", feature(s, "SRC.device_connections.day").value());
        EntitySummary summary = f.engine.summary("dora");
        EntitySummary.CountStatistics days = summary.counts().stream()
                .filter(c -> c.feature().equals("SRC.device_connections.days")).findFirst().orElseThrow();
        assertEquals(10, days.days());
        assertEquals(1.9, days.mean(), 1e-12);
        assertEquals(2.0, days.max(), 0.0);

        // switched off: no such feature
        BehaviourEngine off = new BehaviourEngine(ModelConfig.DEFAULT.withSpan(0, java.util.Set.of()), (e, src) -> java.time.ZoneOffset.UTC);
        ScoredEvent out = new ScoredEvent();
        off.apply(f.event("dora", at(1, 9, 0)).kind(org.openueba.event.EventKind.DEVICE).action("connect").build(), out);
        assertFalse(out.features().stream().anyMatch(x -> x.feature().endsWith(".days")), out.features().toString());
    }
}
