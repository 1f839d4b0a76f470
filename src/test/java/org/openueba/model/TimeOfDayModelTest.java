package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time-of-day model (docs/algorithms.md, "Time of day"): the mixed kernel, smoothing round
 * midnight, max within a day and sum across days, exact fixed-point folding, the ε tail, the share of
 * days with a prior and its score, the session rule (ends capped by their start, the interval between
 * them learnt), the organisation's profile. Reference values from python3 (math.exp, math.log), computed
 * by an independent re-implementation of the formulas.
 *
 * <p>The kernel changed from the baseline's narrow logistic alone to a mixture with a wide one, and the
 * score from the rare-days histogram to the share of days: every expected value below that differs from
 * the previous version of this test was recomputed by hand (python3) for the new formulas.
 */
class TimeOfDayModelTest {
    static final int BASE = 20_470;
    static final HoursScorer SCORER = HoursScorer.DEFAULT;
    /** L(d) = 1/(1 + e^(d − 3.3)) for d = 1..10, L(0) = 1 (python3). */
    static final double[] L = {1.0, 0.9088770389851438, 0.7858349830425586, 0.5744425168116589, 0.33181222783183384,
            0.15446526508353467, 0.06297335605699649, 0.024127021417669196, 0.009013298652847822,
            0.0033348073074133443, 0.0012293986212774202};
    /** W(d) = 1/(1 + e^((d − 12)/3)) for d = 0..24 (python3). */
    static final double[] W = {0.9820137900379085, 0.975075573352886, 0.9655548043337889, 0.9525741268224334,
            0.935030830871336, 0.9116003227929417, 0.8807970779778823, 0.8411308951190849, 0.791391472673955,
            0.7310585786300049, 0.6607563687658172, 0.5825702064623147, 0.5, 0.4174297935376853, 0.33924363123418283,
            0.2689414213699951, 0.20860852732604496, 0.15886910488091516, 0.11920292202211755, 0.08839967720705841,
            0.06496916912866407, 0.04742587317756678, 0.03444519566621117, 0.02492442664711404, 0.01798620996209156};
    /**
     * round(500·K(d)), K(d) = 0.8·L(d) + 0.2·W(d) (L = 0 beyond 10), K(0) = 1: e.g. d = 1: 500·(0.8·0.908877 +
     * 0.2·0.975076) = 461.06; d = 12: 500·0.2·0.5 = 50; d = 24: 500·0.2·0.017986 = 1.80.
     */
    static final int[] K = {500, 461, 411, 325, 226, 153, 113, 94, 83, 74, 67, 58, 50, 42, 34, 27, 21, 16, 12, 9, 6, 5, 3, 2, 2};

    private static int[] smoothOne(int window, int... buckets) {
        long[] bits = new long[3];
        for (int b : buckets) bits[b >>> 6] |= 1L << (b & 63);
        return TimeOfDayModel.smooth(bits, 0, window);
    }

    /** The smoothing as specified: for every hit h and every offset d in −24..24, c[(h + d) mod 144] = max(c, K(|d|)). */
    private static int[] smoothReference(long[] bits, int window) {
        int[] c = new int[144];
        int hits = 0;
        for (int h = 0; h < 144; h++) {
            if ((bits[h >>> 6] & (1L << (h & 63))) == 0) continue;
            hits++;
            for (int d = -24; d <= 24; d++) {
                int b = Math.floorMod(h + d, 144);
                int k = (int) Math.round(500 * TimeOfDayModel.kernel(Math.abs(d)));
                c[b] = Math.max(c[b], k);
            }
        }
        int eps = Math.max(1, (int) Math.round(500 * 0.1 / window));
        if (hits > 0) for (int b = 0; b < 144; b++) c[b] = Math.max(c[b], eps);
        return c;
    }

    @Test
    void smoothingEqualsTheDefinitionForAnyHitsIncludingAcrossMidnightAndWordBoundaries() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int[][] fixed = {{}, {0}, {143}, {63, 64}, {127, 128}, {0, 143}, {23, 24, 119, 120}, {60, 65, 126, 131}, {72}, {0, 72},
                {24, 120}, {30, 79}};
        for (int t = 0; t < 300 + fixed.length; t++) {
            long[] bits = new long[3];
            if (t < fixed.length) {
                for (int b : fixed[t]) bits[b >>> 6] |= 1L << (b & 63);
            } else if (t % 3 == 0) { // sessions: runs of consecutive buckets, some across midnight
                for (int run = 1 + rnd.nextInt(3); run > 0; run--) {
                    int from = rnd.nextInt(144), len = 1 + rnd.nextInt(70);
                    for (int i = 0; i < len; i++) {
                        int b = (from + i) % 144;
                        bits[b >>> 6] |= 1L << (b & 63);
                    }
                }
            } else {
                int n = 1 + rnd.nextInt(60);
                for (int i = 0; i < n; i++) {
                    int b = rnd.nextInt(144);
                    bits[b >>> 6] |= 1L << (b & 63);
                }
            }
            long[] row = {bits[0], bits[1], bits[2] | (long) BASE << 32}; // a row's third word also holds its day
            int window = t % 2 == 0 ? 30 : 90;
            assertArrayEquals(smoothReference(bits, window), TimeOfDayModel.smooth(row, 0, window), "case " + t);
        }
    }

    @Test
    void hourProfileCountsTheDaysWithAHitInEachHourIncludingHoursThatStraddleTwoWords() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        TimeOfDayModel m = new TimeOfDayModel();
        int[] expected = new int[24];
        for (int d = 0; d < 20; d++) {
            boolean[] hour = new boolean[24];
            // the six buckets of hours 10 (60..65) and 21 (126..131) straddle words; one hit at any of them
            int[] hits = d < 12 ? new int[]{60 + d % 6, 126 + d % 6} : new int[]{rnd.nextInt(144), rnd.nextInt(144), rnd.nextInt(144)};
            for (int b : hits) {
                m.record(BASE + d, b);
                hour[b / 6] = true;
            }
            for (int h = 0; h < 24; h++) if (hour[h]) expected[h]++;
        }
        m.record(BASE + 20, 70); // the open day is not counted
        m.advance(BASE + 20, 90);
        assertArrayEquals(expected, m.hourProfile());
        assertTrue(expected[10] >= 12 && expected[21] >= 12, "hours 10 and 21 seen through both of their words");
    }

    private static float[] flatPrior(double p) {
        float[] f = new float[TimeOfDayModel.BUCKETS];
        Arrays.fill(f, (float) p);
        return f;
    }

    @Test
    void kernelIsAMixtureOfANarrowAndAWideLogistic() {
        for (int d = 0; d <= 10; d++) assertEquals(L[d], TimeOfDayModel.logistic(d), 1e-12, "L(" + d + ")");
        assertEquals(0.0, TimeOfDayModel.logistic(11), 0.0); // the narrow part reaches 10 buckets
        for (int d = 0; d <= 24; d++) assertEquals(W[d], TimeOfDayModel.wide(d), 1e-12, "W(" + d + ")");
        assertEquals(0.5, TimeOfDayModel.wide(12), 1e-12); // half-value at 2 h
        assertEquals(1.0, TimeOfDayModel.kernel(0), 0.0);
        assertEquals(0.8 * L[1] + 0.2 * W[1], TimeOfDayModel.kernel(1), 1e-12);
        assertEquals(0.2 * W[15], TimeOfDayModel.kernel(15), 1e-12);
        // the smoothing takes K of the nearest hit, which is the largest K over all hits only if K never grows
        for (int d = 1; d <= 24; d++) assertTrue(TimeOfDayModel.kernel(d) <= TimeOfDayModel.kernel(d - 1), "K(" + d + ")");
        // the fixed-point kernel is round(500·K(d)), as seen on one hit far from midnight
        int[] c = smoothOne(90, 72);
        for (int d = 0; d <= 24; d++) {
            assertEquals(K[d], c[72 + d], "d = +" + d);
            assertEquals(K[d], c[72 - d], "d = −" + d);
        }
        assertEquals(1, c[72 + 25]); // beyond 4 h only the ε tail
    }

    @Test
    void smoothingWrapsRoundMidnight() {
        // a hit in bucket 143 (23:50) reaches buckets 0..23 (00:00–03:50) with K(1..24)
        int[] c = smoothOne(90, 143);
        assertEquals(500, c[143]);
        for (int d = 1; d <= 24; d++) {
            assertEquals(K[d], c[d - 1], "bucket " + (d - 1));
            assertEquals(K[d], c[143 - d], "bucket " + (143 - d));
        }
        // and a hit in bucket 0 reaches back to 120..143
        c = smoothOne(90, 0);
        for (int d = 1; d <= 24; d++) assertEquals(K[d], c[144 - d], "bucket " + (144 - d));
        // everything further away gets the ε tail: max(1, round(500·0.1/90)) = max(1, round(0.556)) = 1
        assertEquals(1, c[25]);
        assertEquals(1, c[72]);
        assertEquals(1, c[119]);
    }

    @Test
    void withinADayOverlapsTakeTheMax() {
        // hits at 50 and 51: bucket 52 is at distances 1 and 2 → max(461, 411) = 461, not 872
        int[] c = smoothOne(90, 50, 51);
        assertEquals(500, c[50]);
        assertEquals(500, c[51]);
        assertEquals(461, c[52]);
        assertEquals(461, c[49]);
        assertEquals(153, c[45]); // distances 5 and 6: max(153, 113)
        assertEquals(153, c[56]); // distances 6 and 5
        assertEquals(67, c[40]);  // distances 10 and 11: max(67, 58)
        assertEquals(2, c[75]);   // distances 25 and 24: K(24) = 2
        assertEquals(1, c[76]);   // distances 26 and 25: ε
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
        assertEquals((500 + 461) / 500.0, m.smoothed(51), 0.0);    // hit on day 1, distance 1 on day 2
        assertEquals((461 + 411) / 500.0, m.smoothed(52), 0.0);    // day 1 max(461, 411), day 2 K(2)
        assertEquals((1 + 1) / 500.0, m.smoothed(100), 0.0);       // distance ≥ 49: ε on both days
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
        assertEquals(0, m.completedDays());
        for (int b = 0; b < 144; b++) assertEquals(0, (int) m.s[b], "bucket " + b);
    }

    @Test
    void aLateHitOnACompletedDayIsRefoldedExactly() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.record(BASE, 60);
        m.advance(BASE + 1, 90);
        assertEquals(1.0, m.smoothed(60), 0.0);
        assertEquals(461 / 500.0, m.smoothed(61), 0.0);
        m.record(BASE, 62); // late: day BASE is already folded
        assertEquals(1.0, m.smoothed(62), 0.0);
        assertEquals(461 / 500.0, m.smoothed(61), 0.0); // distance 1 from both hits: max, not 922
        assertEquals(461 / 500.0, m.smoothed(63), 0.0);
        assertEquals(411 / 500.0, m.smoothed(58), 0.0);
        assertEquals(1, m.completedDays()); // re-folding does not count the day twice
        m.advance(BASE + 90, 90); // day BASE leaves the window
        assertEquals(0.0, m.smoothed(60), 0.0);
        assertEquals(0.0, m.smoothed(61), 0.0);
        assertEquals(0, m.completedDays());
    }

    @Test
    void aLateHitOnACompletedDayWithoutActivityCountsThatDay() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.record(BASE, 60);
        m.record(BASE + 2, 60);
        m.advance(BASE + 3, 90);
        assertEquals(2, m.completedDays());
        m.record(BASE + 1, 60); // late, on a completed day the entity had no row for
        assertEquals(3, m.completedDays()); // was 2: the new row was folded in but not counted
        assertEquals(3.0, m.smoothed(60), 0.0);
        // what a restore (recount from the rows) gives is what the live model has
        m.recount();
        assertEquals(3, m.completedDays());
        m.advance(BASE + 90, 90); // day BASE leaves the window
        assertEquals(2, m.completedDays());
        assertEquals(2.0, m.smoothed(60), 0.0);
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
        assertEquals(20 / 500.0, m.smoothed(85), 0.0);     // distance 25: tail only
        assertEquals(20 * 2 / 500.0, m.smoothed(84), 0.0); // distance 24: K(24) = 2
        // window 10: ε = round(500·0.1/10) = 5/500 = 0.01 a day; the window holds today and at most
        // 9 completed days (day 0 left when day 10 began) → 0.09
        m = new TimeOfDayModel();
        for (int d = 0; d < 10; d++) {
            m.advance(BASE + d, 10);
            m.record(BASE + d, 60);
        }
        m.advance(BASE + 10, 10);
        assertEquals(9 * 5 / 500.0, m.smoothed(130), 0.0);
        assertEquals(9 * 5 / 500.0, m.smoothed(84), 0.0); // K(24) = 2 < ε = 5
        // window 128 (the largest): ε = max(1, round(0.39)) = 1/500 instead of 0.1/128, so 127
        // completed days of tail give 127/500 = 0.254: far below one count, so an unused bucket never
        // looks used (a share of 0.002 a day, below the rare share 0.005).
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

    @Test
    void hoursScorerIsLinearInLogShareBetweenUsualAndRare() {
        // 100·ln(0.1/q)/ln(0.1/0.005) = 100·ln(0.1/q)/ln 20
        assertEquals(0.0, SCORER.score(0.1), 0.0);
        assertEquals(0.0, SCORER.score(0.5), 0.0);
        assertEquals(100.0, SCORER.score(0.005), 0.0);
        assertEquals(100.0, SCORER.score(0.0), 0.0);
        assertEquals(23.13782131597592, SCORER.score(1 / 20.0), 1e-9);  // once in 20 days: ln 2/ln 20
        assertEquals(46.27564263195184, SCORER.score(1 / 40.0), 1e-9);  // once in 40 days: ln 4/ln 20
        assertEquals(76.86217868402409, SCORER.score(1 / 100.0), 1e-9); // once in 100 days: ln 10/ln 20
        // q = (s + a·π)/(N + a), a = 2
        assertEquals((3 + 2 * 0.05) / 12, SCORER.share(3, 10, 0.05), 1e-15);
        assertEquals(0.05, SCORER.share(0, 0, 0.05), 1e-15); // no history: the prior itself
        assertEquals(0.05, new HoursScorer(0, 0.1, 0.005).share(0, 0, 0.05), 0.0);
        assertEquals(0.3, new HoursScorer(0, 0.1, 0.005).share(3, 10, 0.05), 1e-15); // no prior: s/N
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HoursScorer(2, 0.1, 0.2));
        assertTrue(e.getMessage().contains("rareShare"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HoursScorer(-1, 0.1, 0.005));
        assertThrows(IllegalArgumentException.class, () -> new HoursScorer(2, 0, 0.005));
        assertThrows(IllegalArgumentException.class, () -> new HoursScorer(Double.NaN, 0.1, 0.005));
    }

    /** 20 days, each with one hit at 10:00 (bucket 60). */
    private static TimeOfDayModel twentyDaysAtTen() {
        TimeOfDayModel m = new TimeOfDayModel();
        for (int d = 0; d < 20; d++) {
            m.advance(BASE + d, 90);
            m.record(BASE + d, 60);
        }
        m.advance(BASE + 20, 90);
        return m;
    }

    @Test
    void scoreIsHighFarFromHistoryAndZeroAtTheUsualHour() {
        // N = 20, prior π = 0.01 everywhere, a = 2: q = (s + 0.02)/22
        TimeOfDayModel m = twentyDaysAtTen();
        float[] prior = flatPrior(0.01);
        // usual hour: s = 20 → q = 0.91 ≥ 0.1 → 0
        assertEquals(0.91, m.share(60, prior, SCORER), 1e-7);
        assertEquals(0.0, m.score(60, prior, SCORER), 0.0);
        // an hour off (6 buckets): s = 20·113/500 = 4.52 → q = 0.2064 → 0
        assertEquals(0.0, m.score(66, prior, SCORER), 0.0);
        // far away (bucket 130): s = 0.04 → q = 0.06/22 = 0.002727 ≤ 0.005 → 100
        assertEquals(0.04, m.smoothed(130), 0.0);
        assertEquals(0.002727272727272727, m.share(130, prior, SCORER), 1e-9);
        assertEquals(100.0, m.score(130, prior, SCORER), 0.0);
        // 16 buckets off (12:40): s = 20·21/500 = 0.84 → q = 0.86/22 = 0.039091 → 31.3539
        assertEquals(31.35394502341618, m.score(76, prior, SCORER), 1e-4);
        // 18 buckets off: s = 20·12/500 = 0.48 → q = 0.022727 → 49.4572
        assertEquals(49.457174594794886, m.score(78, prior, SCORER), 1e-4);
        // 19 buckets off: s = 20·9/500 = 0.36 → q = 0.017273 → 58.6181
        assertEquals(58.61810156161565, m.score(79, prior, SCORER), 1e-4);
    }

    @Test
    void aNineToFiveUserWithIrregularDaysStillScoresHighAtNight() {
        // 40 days with a logon at 09:00 (54) and a logoff at 17:00 (102); on days 5, 15, 25 and 35 also a
        // late logoff at 22:50 (137), on day 20 a logon at 21:00 (126). The rare-days scorer of the
        // baseline counted every one of those days as a "rare day" and discounted all scores.
        TimeOfDayModel m = new TimeOfDayModel();
        for (int d = 0; d < 40; d++) {
            m.advance(BASE + d, 90);
            m.record(BASE + d, 54);
            m.record(BASE + d, 102);
            if (d % 10 == 5) m.record(BASE + d, 137);
            if (d == 20) m.record(BASE + d, 126);
        }
        m.advance(BASE + 40, 90);
        float[] prior = flatPrior(0.01);
        // 01:20 (bucket 8) is 15 buckets after 22:50 across midnight: K(15) = 27 on 4 days, ε on the other
        // 36 → s = (4·27 + 36)/500 = 0.288, q = (0.288 + 0.02)/42 = 0.0073333 → 100·ln(13.636)/ln 20 = 87.2154
        assertEquals(0.288, m.smoothed(8), 1e-12);
        assertEquals(87.21540453941358, m.score(8, prior, SCORER), 1e-4);
        // 03:20 (bucket 20): ε only, s = 0.08 → q = 0.002381 → 100
        assertEquals(100.0, m.score(20, prior, SCORER), 0.0);
        // 00:20 (bucket 2, 9 buckets after 22:50): s = 337/500 = 0.674 → q = 0.016524 → 60.0978
        assertEquals(60.097755051681794, m.score(2, prior, SCORER), 1e-4);
        // another late logoff at 22:50 is not unusual: s = 2093/500 = 4.186 → q = 0.100143 ≥ 0.1 → 0
        assertEquals(4.186, m.smoothed(137), 1e-12);
        assertEquals(0.0, m.score(137, prior, SCORER), 0.0);
        // 21:00, seen once: s = 802/500 = 1.604 → q = 0.038667 → 31.7182
        assertEquals(31.718197648636156, m.score(126, prior, SCORER), 1e-4);
    }

    @Test
    void aNightWorkerIsNotUnusualAtNight() {
        // 30 night shifts: logon at 22:00 (132) on day n, logoff at 06:00 (36) on day n + 1; the session rule
        // learns every bucket in between. Events in time order: day n's logoff, then its logon.
        TimeOfDayModel m = new TimeOfDayModel();
        for (int n = 0; n < 30; n++) {
            m.advance(BASE + n, 90);
            if (n > 0) {
                int end = (BASE + n) * 144 + 36;
                m.session(end, true, 0);
                m.record(BASE + n, 36);
                m.fill(end, BASE + n - 89);
            }
            m.session((BASE + n) * 144 + 132, false, 0);
            m.record(BASE + n, 132);
        }
        m.advance(BASE + 30, 90);
        // rows: day 0 = 132..143 (filled when day 1's logoff came), days 1..28 = 0..36 and 132..143,
        // day 29 = 0..36 and 132 (its night ends tomorrow)
        assertEquals(30, m.completedDays());
        int[] hours = m.hourProfile();
        assertEquals(29, hours[2]);
        assertEquals(30, hours[22]);
        assertEquals(29, hours[23]); // not day 29
        assertEquals(0, hours[12]);
        float[] prior = flatPrior(0.01);
        // 02:00 (bucket 12) was active on 29 days: s = 14542/500 → q = 0.9095 → 0
        assertEquals(29.084, m.smoothed(12), 1e-12);
        assertEquals(0.0, m.score(12, prior, SCORER), 0.0);
        // 08:00, 2 h after the shift: s = (29·50 + 1)/500 = 2.902 → q = 0.0913125 → 3.0337
        assertEquals(3.0337322623745178, m.score(48, prior, SCORER), 1e-4);
        // but 13:00 is: ε only, s = 0.06 → q = 0.0025 → 100
        assertEquals(100.0, m.score(78, prior, SCORER), 0.0);
    }

    @Test
    void anEndScoresAtMostWhatItsStartScored() {
        TimeOfDayModel m = new TimeOfDayModel();
        int start = BASE * 144 + 12;
        assertEquals(95.0, m.session(start - 200, true, 95), 0.0); // no start yet: its own score
        assertEquals(80.0, m.session(start, false, 80), 1e-6);     // a start keeps its score
        assertEquals(80.0, m.session(start + 3, true, 95), 1e-6);  // an end 30 min later: capped
        assertEquals(5.0, m.session(start + 4, true, 5), 1e-6);    // a lower score stays
        assertEquals(80.0, m.session(start + 72, true, 95), 1e-6); // 12 h later: still the session
        assertEquals(95.0, m.session(start + 73, true, 95), 0.0);  // later: not this session
        assertEquals(95.0, m.session(start - 1, true, 95), 0.0);   // before the start: not capped
        assertEquals(10.0, m.session(start + 80, false, 10), 1e-6);
        assertEquals(10.0, m.session(start + 81, true, 99), 1e-6);  // capped by the newer start
        assertEquals(start + 80, m.lastStart);
    }

    @Test
    void aSessionAcrossMidnightIsLearntIntoTheCompletedDayExactly() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.session(BASE * 144 + 140, false, 0);     // logon at 23:20 on day BASE
        m.record(BASE, 140);
        m.advance(BASE + 1, 90);
        int end = (BASE + 1) * 144 + 3;             // logoff at 00:30 on day BASE + 1
        m.record(BASE + 1, 3);
        m.fill(end, BASE - 89);
        // day BASE now holds 140..143, re-folded: s equals the smoothing of those four hits
        int[] expected = smoothOne(90, 140, 141, 142, 143);
        for (int b = 0; b < 144; b++) assertEquals(expected[b], (int) m.s[b], "bucket " + b);
        assertEquals(1, m.completedDays());
        m.advance(BASE + 2, 90);
        int[] hours = m.hourProfile();
        assertEquals(1, hours[0]);  // day BASE + 1: 00:00–00:30 via the fill
        assertEquals(1, hours[23]); // day BASE: 23:20–23:50
        assertEquals(2, m.completedDays());
        // a day outside the window (minDay) is not touched, and an end more than 12 h on fills nothing
        TimeOfDayModel n = new TimeOfDayModel();
        n.session(BASE * 144 + 140, false, 0);
        n.record(BASE, 140);
        n.advance(BASE + 1, 90);
        n.fill((BASE + 1) * 144 + 3, BASE + 1);
        assertEquals(1, n.hourProfile()[23]);
        assertEquals(1.0, n.smoothed(140), 0.0);
        assertEquals(461 / 500.0, n.smoothed(141), 0.0); // 141 not hit: K(1)
        long[] before = Arrays.copyOf(n.rowBits, 3 * n.rows);
        n.fill(BASE * 144 + 140 + 73, BASE - 89);
        assertArrayEquals(before, Arrays.copyOf(n.rowBits, 3 * n.rows));
    }

    @Test
    void endsOfActivityAreRecognisedByAction() {
        for (String a : new String[]{"logoff", "Logoff", "LogOff", "logout", "disconnect", "sign-out", "logged-out"}) {
            assertTrue(TimeOfDayModel.endsActivity(a), a);
        }
        for (String a : new String[]{"logon", "connect", "vpn-login", "accepted", "GET", ""}) {
            assertFalse(TimeOfDayModel.endsActivity(a), a);
        }
        assertFalse(TimeOfDayModel.endsActivity(null));
    }

    @Test
    void theOrganisationProfileIsTheMeanShareOfEntitiesWithThreeDays() {
        double[] sum = new double[144];
        // fallback before any entity has three completed days
        assertArrayEquals(flatPrior(0.1), TimeOfDayModel.prior(sum, 0, 0.1));
        TimeOfDayModel ten = new TimeOfDayModel(), late = new TimeOfDayModel(), young = new TimeOfDayModel();
        for (int d = 0; d < 3; d++) {
            ten.advance(BASE + d, 90);
            ten.record(BASE + d, 60);
        }
        ten.advance(BASE + 3, 90);
        for (int d = 0; d < 4; d++) {
            late.advance(BASE + d, 90);
            late.record(BASE + d, 132);
        }
        late.advance(BASE + 4, 90);
        young.record(BASE, 0);
        young.advance(BASE + 1, 90);
        young.advance(BASE + 2, 90); // one completed day only
        int n = 0;
        for (TimeOfDayModel m : new TimeOfDayModel[]{ten, late, young}) if (m.addProfile(sum)) n++;
        assertEquals(2, n);
        float[] p = TimeOfDayModel.prior(sum, n, 0.1);
        // bucket 60: ten's share 1, late's ε = 1/500 (72 buckets away) → (1 + 0.002)/2
        assertEquals(0.501, p[60], 1e-7);
        assertEquals(0.501, p[132], 1e-7);
        // bucket 72 (2 h after ten): ten's K(12) = 50/500, late's K(60..) = ε → (0.1 + 0.002)/2
        assertEquals(0.051, p[72], 1e-7);
    }

    @Test
    void noCompletedDayMeansTheShareIsThePrior() {
        TimeOfDayModel m = new TimeOfDayModel();
        m.record(BASE, 60);
        assertEquals(0, m.completedDays());
        assertEquals(0.0, m.smoothed(100), 0.0);
        // q = (0 + 2·π)/(0 + 2) = π: the organisation says how unusual the hour is (the engine's
        // certainty, 0 on the first day, still silences it)
        float[] prior = flatPrior(0.01);
        prior[100] = 0.3f;
        assertEquals(0.3, m.share(100, prior, SCORER), 1e-7);
        assertEquals(0.0, m.score(100, prior, SCORER), 0.0);
        assertEquals(0.01, m.share(10, prior, SCORER), 1e-7);
        assertEquals(76.86217868402409, m.score(10, prior, SCORER), 1e-4);
        assertEquals("no regular hours yet", m.usualHours());
    }

    @Test
    void usualHoursAreTheHoursOfHalfTheDays() {
        TimeOfDayModel m = new TimeOfDayModel();
        for (int d = 0; d < 20; d++) {
            m.advance(BASE + d, 90);
            m.record(BASE + d, 60);
            if (d == 7) m.record(BASE + d, 100);
        }
        m.advance(BASE + 20, 90);
        int[] p = m.hourProfile();
        assertEquals(20, p[10]);
        assertEquals(1, p[16]);
        assertEquals("10:00–11:00", m.usualHours());
    }

    @Test
    void theDayStoredBesideTheLastBucketsNeverReadsAsAHit() {
        TimeOfDayModel m = new TimeOfDayModel();
        int day = -5; // before 1970: a negative day in the high half of the third word
        m.record(day, 143);
        m.record(day + 1, 0);
        m.record(day + 2, 128);
        assertEquals(day, m.rowDay(0));
        assertEquals(day + 2, m.rowDay(2));
        assertArrayEquals(new int[]{day, day + 1, day + 2}, m.rowDays());
        assertArrayEquals(new long[]{0, 0, 1L << 15, 1, 0, 0, 0, 0, 1}, m.bucketBits());
        m.advance(day + 3, 90);
        assertEquals(3, m.completedDays());
        // the smoothed sums are those of the three hits only: the day bits add nothing
        int[] alone = new int[TimeOfDayModel.BUCKETS];
        for (int[] hit : new int[][]{{2, 15}, {0, 0}, {2, 0}}) {
            long[] bits = new long[3];
            bits[hit[0]] = 1L << hit[1];
            int[] c = TimeOfDayModel.smooth(bits, 0, 90);
            for (int b = 0; b < alone.length; b++) alone[b] += c[b];
        }
        for (int b = 0; b < alone.length; b++) assertEquals(alone[b], m.s[b], "bucket " + b);
        TimeOfDayModel back = new TimeOfDayModel();
        back.loadRows(m.rowDays(), m.bucketBits(), m.rows);
        assertArrayEquals(Arrays.copyOf(m.rowBits, 3 * m.rows), Arrays.copyOf(back.rowBits, 3 * back.rows));
    }
}
