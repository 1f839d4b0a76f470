package org.openueba.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link VisitHours} against hand-computed values (docs/algorithms.md, "Hours of visits to others' workstations"). */
class VisitHoursTest {
    private static final double H = 30;

    @Test
    void sharesOfVisitsAroundAnHourWithTheOrganisationsPrior() {
        VisitHours v = new VisitHours(100);
        v.record(100, 9, H);
        v.record(100, 9, H);
        v.record(100, 10, H);
        v.record(100, 14, H);
        assertEquals(4, v.total(100, H), 0);
        // s(9) = ½·c8 + c9 + ½·c10 = 0 + 2 + 0.5
        assertEquals(2.5, v.around(9, 100, H), 0);
        // q = (2.5 + 2·0.05)/(4 + 2) = 0.433333
        assertEquals(2.6 / 6, v.share(9, 100, H, 0.05, HoursScorer.DEFAULT), 1e-15);
        assertEquals(0, HoursScorer.DEFAULT.score(v.share(9, 100, H, 0.05, HoursScorer.DEFAULT)), 0);
        // 23:00, nothing around: q = 2·0.01/6 = 0.003333 ≤ 0.005 → 100
        assertEquals(0.02 / 6, v.share(23, 100, H, 0.01, HoursScorer.DEFAULT), 1e-15);
        assertEquals(100, HoursScorer.DEFAULT.score(v.share(23, 100, H, 0.01, HoursScorer.DEFAULT)), 0);
        // 12:00: s = ½·c11 + c12 + ½·c13 = 0, π = 0.1 → q = 0.2/6 = 0.0333 → 100·ln(0.1/0.0333)/ln(20) = 36.67
        assertEquals(100 * Math.log(3) / Math.log(20), HoursScorer.DEFAULT.score(v.share(12, 100, H, 0.1, HoursScorer.DEFAULT)), 1e-12);
        assertEquals(36.672, HoursScorer.DEFAULT.score(v.share(12, 100, H, 0.1, HoursScorer.DEFAULT)), 1e-3);
    }

    @Test
    void countsHalveEveryHalfLifeAndMidnightWraps() {
        VisitHours v = new VisitHours(0);
        v.record(0, 23, H);
        v.record(0, 0, H);
        v.record(0, 1, H);
        // read 30 days later: every count halves; s(0) = ½·c23 + c0 + ½·c1 = 2 → 1
        assertEquals(1.5, v.total(30, H), 1e-15);
        assertEquals(1.0, v.around(0, 30, H), 1e-15);
        // s(23) = ½·c22 + c23 + ½·c0 = 1.5 → 0.75
        assertEquals(0.75, v.around(23, 30, H), 1e-15);
        // recorded 15 days later: counts × 0.5^(15/30) = 0.70711 (as floats), then the new visit
        v.record(15, 12, H);
        assertEquals(15, v.day);
        assertEquals((float) Math.sqrt(0.5), v.counts[23], 0);
        assertEquals(1, v.counts[12], 0);
        assertEquals(3 * (float) Math.sqrt(0.5) + 1, v.total(15, H), 1e-6);
        // a reading of an earlier day does not grow the counts
        assertEquals(v.total(15, H), v.total(10, H), 0);
    }

    @Test
    void certaintyGrowsWithTheVisitsOnRecord() {
        assertEquals(0, VisitHours.certainty(0), 0);
        assertEquals(0.5, VisitHours.certainty(5), 1e-15);
        assertEquals(1, VisitHours.certainty(10), 0);
        assertEquals(1, VisitHours.certainty(250), 0);
    }

    @Test
    void usualHoursAreTheHoursAroundWhichAtLeastATenthOfTheVisitsFell() {
        VisitHours v = new VisitHours(3);
        assertNull(v.usual());
        for (int h = 9; h <= 16; h++) v.record(3, h, H);
        // 8 visits: s(h) ≥ 0.8 for 9..16 (s(9) = 1.5, s(16) = 1.5), s(8) = s(17) = 0.5
        assertEquals("09:00–17:00", v.usual());
        v.record(3, 23, H);
        // 9 visits: s(23) = 1 ≥ 0.9, s(22) = s(0) = 0.5
        assertEquals("09:00–17:00, 23:00–24:00", v.usual());
    }

    @Test
    void twentyFourCountersOnly() {
        assertThrows(IllegalArgumentException.class, () -> new VisitHours(new float[23], 0));
    }
}
