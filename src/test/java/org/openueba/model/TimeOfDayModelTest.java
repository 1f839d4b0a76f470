package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time-of-day model (engine.md §3.2): kernel, smoothing round midnight, max within a day and sum
 * across days, exact fixed-point folding, the ε tail and the interpolated score. Reference values from
 * python3 (math.exp).
 */
class TimeOfDayModelTest {
    static final int BASE = 20_470;
    /** L(d) = 1/(1 + e^(d − 3.3)) for d = 1..10, L(0) = 1 (python3). */
    static final double[] L = {1.0, 0.9088770389851438, 0.7858349830425586, 0.5744425168116589, 0.33181222783183384,
            0.15446526508353467, 0.06297335605699649, 0.024127021417669196, 0.009013298652847822,
            0.0033348073074133443, 0.0012293986212774202};
    /** round(500·L(d)): 454.44, 392.92, 287.22, 165.91, 77.23, 31.49, 12.06, 4.51, 1.67, 0.61. */
    static final int[] K = {500, 454, 393, 287, 166, 77, 31, 12, 5, 2, 1};

    private static int[] smoothOne(int window, int... buckets) {
        long[] bits = new long[3];
        for (int b : buckets) bits[b >>> 6] |= 1L << (b & 63);
        return TimeOfDayModel.smooth(bits, 0, window);
    }

    @Test
    void kernelIsTheLogisticWithHalfValueAt3Point3() {
        for (int d = 0; d <= 10; d++) assertEquals(L[d], TimeOfDayModel.logistic(d), 1e-9, "d = " + d);
        // half-value at d = 3.3: L(3) > ½ > L(4)
        assertTrue(TimeOfDayModel.logistic(3) > 0.5 && TimeOfDayModel.logistic(4) < 0.5);
        // the fixed-point kernel is round(500·L(d)), as seen on one hit far from midnight
        int[] c = smoothOne(90, 72);
        for (int d = 0; d <= 10; d++) {
            assertEquals(K[d], c[72 + d], "d = +" + d);
            assertEquals(K[d], c[72 - d], "d = −" + d);
        }
    }

    @Test
    void smoothingWrapsRoundMidnight() {
        // a hit in bucket 143 (23:50) reaches buckets 0..9 (00:00–01:30) with L(1..10)
        int[] c = smoothOne(90, 143);
        assertEquals(500, c[143]);
        for (int d = 1; d <= 10; d++) {
            assertEquals(K[d], c[d - 1], "bucket " + (d - 1));
            assertEquals(K[d], c[143 - d], "bucket " + (143 - d));
        }
        // and a hit in bucket 0 reaches back to 134..143
        c = smoothOne(90, 0);
        for (int d = 1; d <= 10; d++) assertEquals(K[d], c[144 - d], "bucket " + (144 - d));
        // everything further away gets the ε tail: max(1, round(500·0.1/90)) = max(1, round(0.556)) = 1
        assertEquals(1, c[11]);
        assertEquals(1, c[72]);
        assertEquals(1, c[133]);
    }

    @Test
    void withinADayOverlapsTakeTheMax() {
        // hits at 50 and 51: bucket 52 is at distances 1 and 2 → max(454, 393) = 454, not 847
        int[] c = smoothOne(90, 50, 51);
        assertEquals(500, c[50]);
        assertEquals(500, c[51]);
        assertEquals(454, c[52]);
        assertEquals(454, c[49]);
        assertEquals(77, c[45]); // distances 5 and 6: max(77, 31)
        assertEquals(77, c[56]);
        assertEquals(1, c[40]);  // distance 11 from 51, 10 from 50: L(10)·500 = 0.61 → 1, also ε
        assertEquals(1, c[62]);  // distance 11 and 12: ε
        // no hit, no tail: an empty day contributes nothing
        int[] none = smoothOne(90);
        for (int v : none) assertEquals(0, v);
    }

    @Test
    void acrossDaysContributionsAdd() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.record(BASE, 50);
        m.record(BASE, 51);
        m.record(BASE + 1, 50);
        m.record(BASE + 1, 50); // a bucket is hit once a day
        assertEquals(0.0, m.smoothed(50), 0.0); // nothing completed yet
        m.advance(BASE + 2, 90);
        assertEquals(2, m.completedDays());
        assertEquals(2.0, m.smoothed(50), 0.0);                    // 500 + 500
        assertEquals((500 + 454) / 500.0, m.smoothed(51), 0.0);    // hit on day 1, distance 1 on day 2
        assertEquals((454 + 393) / 500.0, m.smoothed(52), 0.0);    // day 1 max(454, 393), day 2 L(2)
        assertEquals((1 + 1) / 500.0, m.smoothed(100), 0.0);        // ε on both days
    }

    @Test
    void fixedPointSumsAreExactAfterAdvanceAndExpiry() {
        SplittableRandom rnd = new SplittableRandom(7);
        int window = 30;
        TimeOfDayModel m = new TimeOfDayModel();
        int[][] hits = new int[400][];
        int day = BASE;
        for (int step = 0; step < 120; step++) {
            int next = day + 1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(12) : 0);
            m.advance(next, window);
            day = next;
            int n = rnd.nextInt(6);
            hits[day - BASE] = new int[n];
            for (int i = 0; i < n; i++) {
                hits[day - BASE][i] = rnd.nextInt(144);
                m.record(day, hits[day - BASE][i]);
            }
            // s must equal the sum, over the completed days still in the window, of each day's smoothing
            int[] expected = new int[144];
            int completed = 0;
            for (int d = day - window + 1; d < day; d++) {
                if (d < BASE || hits[d - BASE] == null || hits[d - BASE].length == 0) continue;
                int[] c = smoothOne(window, hits[d - BASE]);
                for (int b = 0; b < 144; b++) expected[b] += c[b];
                completed++;
            }
            for (int b = 0; b < 144; b++) {
                assertEquals(expected[b], m.s == null ? 0 : (int) m.s[b], "day " + (day - BASE) + ", bucket " + b);
            }
            assertEquals(completed, m.completedDays(), "day " + (day - BASE));
        }
        // once every day has left the window, s is back to exactly 0 and no row is left
        m.advance(day + window, window);
        assertEquals(0, m.rows);
        for (int b = 0; b < 144; b++) assertEquals(0, (int) m.s[b], "bucket " + b);
    }

    @Test
    void aLateHitOnACompletedDayIsRefoldedExactly() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.record(BASE, 60);
        m.advance(BASE + 1, 90);
        assertEquals(1.0, m.smoothed(60), 0.0);
        assertEquals(454 / 500.0, m.smoothed(61), 0.0);
        m.record(BASE, 62); // late: day BASE is already folded
        assertEquals(1.0, m.smoothed(62), 0.0);
        assertEquals(454 / 500.0, m.smoothed(61), 0.0); // distance 1 from both hits: max, not 908
        assertEquals(454 / 500.0, m.smoothed(63), 0.0);
        assertEquals(393 / 500.0, m.smoothed(58), 0.0);
        m.advance(BASE + 90, 90); // day BASE leaves the window
        assertEquals(0.0, m.smoothed(60), 0.0);
        assertEquals(0.0, m.smoothed(61), 0.0);
    }

    @Test
    void theFarTailStaysFarBelowOneCount() {
        // window 90: ε = 1/500 per active day → 20 days of 10:00 give s = 0.04 far away
        TimeOfDayModel m = new TimeOfDayModel();
        for (int d = 0; d < 20; d++) {
            m.advance(BASE + d, 90);
            m.record(BASE + d, 60);
        }
        m.advance(BASE + 20, 90);
        assertEquals(20 / 500.0, m.smoothed(130), 0.0);
        assertEquals(20 / 500.0, m.smoothed(71), 0.0); // distance 11: tail only
        assertEquals(20 * 1 / 500.0, m.smoothed(70), 0.0); // distance 10: round(0.61) = 1
        // window 10: ε = round(500·0.1/10) = 5/500 = 0.01 a day; the window holds today and at most
        // 9 completed days (day 0 left when day 10 began) → 0.09
        m = new TimeOfDayModel();
        for (int d = 0; d < 10; d++) {
            m.advance(BASE + d, 10);
            m.record(BASE + d, 60);
        }
        m.advance(BASE + 10, 10);
        assertEquals(9 * 5 / 500.0, m.smoothed(130), 0.0);
        // window 128 (the largest): ε = max(1, round(0.39)) = 1/500 instead of 0.1/128, so 127
        // completed days of tail give 127/500 = 0.254. Still far below one count, so an unused bucket
        // never looks used, but above the "below 0.2 over a whole window" of the class comment
        // (which holds only up to a 101-day window).
        m = new TimeOfDayModel();
        for (int d = 0; d < 128; d++) {
            m.advance(BASE + d, 128);
            m.record(BASE + d, 60);
        }
        m.advance(BASE + 128, 128);
        assertEquals(127 / 500.0, m.smoothed(130), 0.0);
        assertEquals(127.0, m.smoothed(60), 0.0); // 127·500 = 63 500 fits the 16-bit sums
        assertEquals(127, m.completedDays());
    }

    /** 20 days, each with one hit at 10:00 (bucket 60); on day 7 also one at 16:40 (bucket 100). */
    private static TimeOfDayModel twentyDaysAtTen(boolean rareDay) {
        TimeOfDayModel m = new TimeOfDayModel();
        for (int d = 0; d < 20; d++) {
            m.advance(BASE + d, 90);
            m.record(BASE + d, 60);
            if (rareDay && d == 7) m.record(BASE + d, 100);
        }
        m.advance(BASE + 20, 90);
        return m;
    }

    @Test
    void scoreIsHighFarFromHistoryAndZeroAtTheUsualHour() {
        RarityScorer scorer = new RarityScorer(8, 8);
        TimeOfDayModel m = twentyDaysAtTen(false);
        // every day's hit bucket has s = 20 > 17, so H(k) = 0 in range: n = 1, days = 20,
        // p' = (1 − 1/21 − 0.7)/0.3 = 0.841270; table(c) = 100·p'·D(8, c+1):
        double t0 = 84.12698412698413, t1 = 76.44406638052303, t3 = 17.402109258587448, t4 = 7.682917746461104;
        // usual hour: s = 20 ≥ maxRareCount → 0
        assertEquals(0.0, m.score(60, scorer), 0.0);
        assertEquals(0.0, m.score(58, scorer), 0.0); // s = 20·393/500 = 15.72
        // far away (bucket 130): s = 0.04 → t0 + (t1 − t0)·0.04 = 83.8197
        assertEquals(0.04, m.smoothed(130), 0.0);
        assertEquals(t0 + (t1 - t0) * 0.04, m.score(130, scorer), 1e-4);
        assertEquals(83.81966741712569, m.score(130, scorer), 1e-4);
        // bucket 65 (distance 5): s = 20·77/500 = 3.08, between counts 3 and 4:
        // t3 + (t4 − t3)·0.08 = 17.4021 − 9.7192·0.08 = 16.6246
        assertEquals(3.08, m.smoothed(65), 1e-12);
        assertEquals(16.62457393761734, m.score(65, scorer), 1e-4);
    }

    @Test
    void aRareHourDayLowersTheScoresThroughTheHistogram() {
        RarityScorer scorer = new RarityScorer(8, 8);
        TimeOfDayModel m = twentyDaysAtTen(true);
        // day 7's least-used hit bucket is 100 with s = 1 + 19·(1/500) = 1.038 → H(1) = 0, H(2..17) = 1
        assertEquals(1.038, m.smoothed(100), 1e-12);
        // table(0): n = 1 + (H(2) − H(1))·D(8,2) = 1.908675, p' = (1 − n/21 − 0.7)/0.3 = 0.697036,
        //           min(D(8,1), D(8, n) = 0.931821) → 64.9512
        // table(1): n = 1 + H(2) = 2, p' = 0.682540, min(D(8,2), D(8,2)) = 0.908675 → 62.0207
        // table(2): n = 2, min(D(8,3) = 0.5, D(8,2)) → 34.1270
        double t0 = 64.95123801186563, t1 = 62.02065762948097, t2 = 34.12698412698414;
        assertEquals(t0 + (t1 - t0) * 0.04, m.score(130, scorer), 1e-4);   // 64.8340
        assertEquals(t1 + (t2 - t1) * 0.038, m.score(100, scorer), 1e-4);  // 60.9607
        assertEquals(64.83401479657024, m.score(130, scorer), 1e-4);
        assertEquals(60.96069803638609, m.score(100, scorer), 1e-4);
    }

    @Test
    void noCompletedDayScoresZero() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.record(BASE, 60);
        assertEquals(0.0, m.score(100, new RarityScorer(8, 8)), 0.0);
        assertEquals(0, m.completedDays());
        assertEquals("no regular hours yet", m.usualHours());
    }

    @Test
    void usualHoursAreTheHoursOfHalfTheDays() {
        TimeOfDayModel m = twentyDaysAtTen(true);
        int[] p = m.hourProfile();
        assertEquals(20, p[10]);
        assertEquals(1, p[16]);
        assertEquals("10:00–11:00", m.usualHours());
    }
}
