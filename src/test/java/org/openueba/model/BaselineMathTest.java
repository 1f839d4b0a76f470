package org.openueba.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hand-computed values (python3, double precision) for the baseline formulas of engine.md §3.
 */
class BaselineMathTest {
    static final double EPS = 1e-12;

    @Test
    void discountHitsItsAnchors() {
        assertEquals(3.3146783100398047, Discount.EXPONENT, EPS);
        assertEquals(1.0, Discount.of(8, 1), EPS);
        assertEquals(1.0, Discount.of(8, 0.5), EPS); // below 1 counts as 1
        assertEquals(0.5, Discount.of(8, 3), EPS);   // x − 1 = R/4
        assertEquals(0.01, Discount.of(8, 9), EPS);  // x − 1 = R
        assertEquals(0.5, Discount.of(15, 4.75), EPS);
        assertEquals(0.9086747513156511, Discount.of(8, 2), EPS);
        assertEquals(0.09132524868434898, Discount.of(8, 5), EPS);
        assertThrows(IllegalArgumentException.class, () -> Discount.of(0, 2));
    }

    @Test
    void certaintyRampsOverTenDays() {
        assertEquals(0.0, Certainty.of(0), EPS);
        assertEquals(0.1, Certainty.of(1), EPS);
        assertEquals(0.5, Certainty.of(5), EPS);
        assertEquals(1.0, Certainty.of(10), EPS);
        assertEquals(1.0, Certainty.of(400), EPS);
        assertThrows(IllegalArgumentException.class, () -> Certainty.of(3, 5, 2));
    }

    /** H(k) for an entity that used one value every day of {@code days} and others on {@code rare} days with count ≤ rareCount. */
    private static RarityScorer.RareDays histogram(int days, int rare, int rareCount) {
        return k -> k >= days ? days : (k >= rareCount ? rare : 0);
    }

    @Test
    void newValueOfABoringUserScoresHigh() {
        // 30 days, always the same host: H(k) = 0 below 30. n = 1, p = 30/31, p' = 0.8925…
        assertEquals(89, RarityScorer.DEFAULT.score(0, histogram(30, 0, 1), 30));
        assertEquals(89.24731182795699, RarityScorer.DEFAULT.exactScore(0, histogram(30, 0, 1), 30), 1e-9);
    }

    @Test
    void rareDaysLowerTheScore() {
        // 30 days, two of them with a value used on 2 days: n = 1 + 2·D(8,2) = 2.8173…
        RarityScorer.RareDays h = histogram(30, 2, 2);
        assertEquals(2.817349502631302, RarityScorer.DEFAULT.rareDayWeight(1, h), 1e-12);
        assertEquals(63, RarityScorer.DEFAULT.score(0, h, 30));
        // the value seen on those 2 days itself: c = 3, n = 1 + H(3) = 3
        assertEquals(33, RarityScorer.DEFAULT.score(2, h, 30));
    }

    @Test
    void edgeCasesScoreZero() {
        // first day of history: p = 1 − 2/2 = 0
        assertEquals(0, RarityScorer.DEFAULT.score(0, k -> 1, 1));
        // a traveller, new somewhere every day: n = 21 > 15
        assertEquals(0, RarityScorer.DEFAULT.score(0, k -> 20, 20));
        // a value already used on 8 days: c = 9 > 8
        assertEquals(0, RarityScorer.DEFAULT.score(8, histogram(30, 0, 1), 30));
        // no activity at all
        assertEquals(0, RarityScorer.DEFAULT.score(0, k -> 0, 0));
    }

    @Test
    void combinesScoresByTheParetoRule() {
        assertEquals(86.0, ScoreCombiner.combine(90, 50), EPS);
        assertEquals(87.4, ScoreCombiner.combine(50, 90, 10), 1e-9);
        assertEquals(100.0, ScoreCombiner.combine(100, 100), EPS);
        assertEquals(24.0, ScoreCombiner.combine(30), EPS);
        assertEquals(0.0, ScoreCombiner.combine(), EPS);
        assertThrows(IllegalArgumentException.class, () -> ScoreCombiner.combine(101));
        assertThrows(IllegalArgumentException.class, () -> ScoreCombiner.combine(Double.NaN));
    }
}
