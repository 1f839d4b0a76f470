package org.openueba.smart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The second-layer scorer against values computed by hand (engine.md §3.6, g = 5, certainty days 10). */
class SmartScorerTest {
    static final double TOL = 1e-9;
    final SmartConfig c = SmartConfig.DEFAULT;

    static double[] repeat(double v, int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void topKIsTheSumOfTheLargestCeilDaysOverFiveMaxima() {
        // 23 days → k = ⌈23/5⌉ = 5; values 1..7 → S = 7+6+5+4+3 = 25, M = 7
        SmartScorer.UserModel u = SmartScorer.UserModel.of(23, 10, new double[]{3, 1, 7, 2, 5, 4, 6}, 7);
        assertEquals(5, u.k());
        assertEquals(25, u.sum(), TOL);
        assertEquals(7, u.max(), TOL);
        // 90 days → k capped at 10
        assertEquals(10, SmartScorer.UserModel.of(90, 10, new double[0], 0).k());
    }

    @Test
    void noHistoryScoresZeroBecauseCertaintyIsZero() {
        SmartScorer.UserModel u = SmartScorer.UserModel.of(0, 10, new double[0], 0);
        SmartScorer.Result r = SmartScorer.score(5, u, 1, c);
        assertEquals(0, r.certainty(), TOL);
        assertEquals(0, r.score(), TOL);
        // the tails themselves: S' = 0 → P_user = 0; P_org = (5·1/(5+5))^(0+5) = 1/32
        assertEquals(0, r.pUser(), TOL);
        assertEquals(1 / 32.0, r.pOrg(), TOL);
    }

    @Test
    void allZeroHistoryLetsThePriorAloneDecide() {
        // 30 quiet days: k = 6, S = 0 → P_user = 0; P_org = (5/(5+1))^11 = 0.134588…; score = 86.5412…
        SmartScorer.UserModel u = SmartScorer.UserModel.of(30, 10, new double[0], 0);
        SmartScorer.Result r = SmartScorer.score(1.0, u, 1.0, c);
        assertEquals(0, r.pUser(), TOL);
        assertEquals(Math.pow(5 / 6.0, 11), r.pOrg(), TOL);
        assertEquals(86.54120142584618, r.score(), 1e-9);
    }

    @Test
    void aNoisyOrganisationRaisesEveryonesThreshold() {
        // same quiet user and value, prior 3 instead of 1: P_org = (15/16)^11 = 0.49168…; score = 50.8318…
        SmartScorer.UserModel u = SmartScorer.UserModel.of(30, 10, new double[0], 0);
        assertEquals(50.83183046418185, SmartScorer.score(1.0, u, 3.0, c).score(), 1e-9);
        assertTrue(SmartScorer.score(1.0, u, 3.0, c).score() < SmartScorer.score(1.0, u, 1.0, c).score());
    }

    @Test
    void aBoringUserAlertsOnAModestValue() {
        // 20 days at 0.2: k = 4, S = 0.8, M = 0.2, S' = 0.8 + 1·0.2 = 1.0
        // v = 1.5, p = 0.6: P_user = (1/2.5)^5 = 0.01024; P_org = (3.8/5.3)^9 = 0.0500690…; score = 94.9931
        SmartScorer.UserModel u = SmartScorer.UserModel.of(20, 10, repeat(0.2, 20), 20);
        SmartScorer.Result r = SmartScorer.score(1.5, u, 0.6, c);
        assertEquals(0.01024, r.pUser(), 1e-12);
        assertEquals(0.050069072121805176, r.pOrg(), 1e-12);
        assertEquals(94.99309278781948, r.score(), 1e-9);
        assertTrue(r.score() >= c.threshold());
    }

    @Test
    void aNoisyUserDoesNotAlertOnTheSameValue() {
        // 20 days at 3.0: k = 4, S = 12, S' = 15; P_user = (15/16.5)^5 = 0.62092…; P_org = (15/16.5)^9 = 0.42410…
        SmartScorer.UserModel u = SmartScorer.UserModel.of(20, 10, repeat(3.0, 20), 20);
        SmartScorer.Result r = SmartScorer.score(1.5, u, 0.6, c);
        assertEquals(0.620921323059155, r.pUser(), 1e-12);
        assertEquals(0.4240976183724848, r.pOrg(), 1e-12);
        assertEquals(37.907867694084494, r.score(), 1e-9);
    }

    @Test
    void aYoungEntityIsDampedByCertaintyAndPaddedWithItsOwnMax() {
        // 4 days, one at 0.5: k = 1, S = 0.5, M = 0.5, S' = 0.5 + 4·0.5 = 2.5
        // v = 2, p = 1: P_user = (2.5/4.5)^5 = 0.052922…; P_org = (5.5/7.5)^6 = 0.155528…; × 0.4 → 33.7789
        SmartScorer.UserModel u = SmartScorer.UserModel.of(4, 10, new double[]{0.5}, 1);
        SmartScorer.Result r = SmartScorer.score(2, u, 1, c);
        assertEquals(0.4, r.certainty(), TOL);
        assertEquals(33.77888043895748, r.score(), 1e-9);
    }

    @Test
    void zeroValueScoresZeroAndNegativeIsRejected() {
        SmartScorer.UserModel u = SmartScorer.UserModel.of(30, 10, new double[0], 0);
        assertEquals(0, SmartScorer.score(0, u, 1, c).score(), TOL);
        assertThrows(IllegalArgumentException.class, () -> SmartScorer.score(-1, u, 1, c));
        assertThrows(IllegalArgumentException.class, () -> SmartScorer.score(Double.NaN, u, 1, c));
    }

    @Test
    void severityBands() {
        assertEquals(Severity.CRITICAL, c.severityOf(98));
        assertEquals(Severity.HIGH, c.severityOf(97.9));
        assertEquals(Severity.HIGH, c.severityOf(93));
        assertEquals(Severity.MEDIUM, c.severityOf(85));
        assertEquals(Severity.LOW, c.severityOf(84.9));
    }
}
