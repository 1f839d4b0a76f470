package org.openueba.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reference values from scipy.stats.t (python3) for the formulas of engine.md §3.3. */
class CountScorerTest {
    @Test
    void posteriorSigmaBlendsPriorAndUser() {
        // sqrt((15·16 + 30·4)/45) = sqrt(8)
        assertEquals(2.8284271247461903, CountScorer.posteriorSigma(4, 2, 30, 15), 1e-12);
        // a user with no spread of their own borrows the prior: sqrt(15·9/20)
        assertEquals(2.598076211353316, CountScorer.posteriorSigma(3, 0, 5, 15), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> CountScorer.posteriorSigma(-1, 0, 5, 15));
    }

    @Test
    void tailScoreMatchesStudentT() {
        // t = 3.5, 29 df: q = 0.0015244463146546483
        assertEquals(33.503065849758926, CountScorer.tailScore(10, 3, 2, 30), 1e-6);
        // t = 3, 10 df: q = 0.013343655022569623
        assertEquals(12.1013750260616, CountScorer.tailScore(9, 3, 2, 11), 1e-6);
        // t = 4.5, 10 df
        assertEquals(36.34309273217703, CountScorer.tailScore(12, 3, 2, 11), 1e-6);
        // inside two sigma: t = 1.5, q = 0.144 > 0.0455
        assertEquals(0.0, CountScorer.tailScore(6, 3, 2, 30), 0.0);
        // far out: capped
        assertEquals(100.0, CountScorer.tailScore(20, 3, 2, 30), 0.0);
        assertEquals(100.0, CountScorer.tailScore(1e9, 3, 2, 30), 0.0);
    }

    @Test
    void thePriorsPseudoObservationsCountAsDegreesOfFreedom() {
        // ν = N − 1 + g (scipy.stats.t): t = 3.5 with 29 + 15 = 44 df instead of 29
        assertEquals(36.91609825426567, CountScorer.tailScore(10, 3, 2, 30, 15), 1e-6);
        assertEquals(33.503065849758926, CountScorer.tailScore(10, 3, 2, 30, 0), 1e-6); // g = 0: the baseline
        // t = 3, 10 + 15 = 25 df
        assertEquals(19.923882134882906, CountScorer.tailScore(9, 3, 2, 11, 15), 1e-6);
        // three days of history, usual 0 (σ_post 0.9), 39 failures in an hour: t = 43.3; with 2 df q ≈ 5.3e-4,
        // score 43.89; with 17 df q ≈ 1e-18: 100
        assertEquals(43.88638833248548, CountScorer.score(39, 0, 0.9, 3), 1e-6);
        assertEquals(100.0, CountScorer.score(39, 0, 0.9, 3, 15), 0.0);
        // fewer than 2 history points still never score, whatever the prior
        assertEquals(0.0, CountScorer.score(39, 0, 0.9, 1, 15), 0.0);
    }

    @Test
    void edgeCases() {
        assertEquals(0.0, CountScorer.tailScore(2, 3, 2, 30), 0.0);   // below the mean
        assertEquals(0.0, CountScorer.tailScore(50, 3, 2, 1), 0.0);   // one history point: no df
        assertEquals(100.0, CountScorer.tailScore(4, 3, 0, 30), 0.0); // no spread at all
        assertEquals(0.0, CountScorer.tailScore(3, 3, 0, 30), 0.0);
    }

    @Test
    void lowCountsAreDamped() {
        assertEquals(0.0, CountScorer.lowCountWeight(0), 0.0);
        assertEquals(0.0, CountScorer.lowCountWeight(3), 0.0);
        assertEquals(1.0 / 3, CountScorer.lowCountWeight(4), 1e-15);
        assertEquals(2.0 / 3, CountScorer.lowCountWeight(5), 1e-15);
        assertEquals(1.0, CountScorer.lowCountWeight(6), 0.0);
        assertEquals(1.0, CountScorer.lowCountWeight(1000), 0.0);
        // a usual 0.2 with no spread: 2 scores 0 (low count), 6 scores fully
        assertEquals(0.0, CountScorer.score(2, 0.2, 0, 30), 0.0);
        assertEquals(100.0, CountScorer.score(6, 0.2, 0, 30), 0.0);
        assertEquals(33.503065849758926, CountScorer.score(10, 3, 2, 30), 1e-6);
    }
}
