package org.openueba.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The streaming category model (engine.md §3.1): day counts per value, the histogram of rare days,
 * top-K eviction into overflow days, expiry, and the scores it hands to {@link RarityScorer}.
 * Days start at epoch day 20 470 (slot 118), so every multi-week history crosses the ring's wrap.
 */
class CategoryModelTest {
    static final int BASE = 20_470;
    static final int A = 0, B = 1, C = 2, D = 3, X = 9;

    private static int count(CategoryModel m, int id, int today) {
        long[] t = DayRing.maskOf(today);
        return m.count(id, t[0], t[1]);
    }

    private static int[] histogram(CategoryModel m, int today) {
        long[] t = DayRing.maskOf(today);
        return m.rareDayHistogram(8, t[0], t[1]);
    }

    private static double score(CategoryModel m, int id, int days, int today) {
        long[] t = DayRing.maskOf(today);
        return m.score(m.count(id, t[0], t[1]), RarityScorer.DEFAULT, days, today, t[0], t[1]);
    }

    /** Value {@code id} on days BASE+from .. BASE+to. */
    private static void use(CategoryModel m, int id, int from, int to, int topK) {
        for (int d = from; d <= to; d++) m.record(id, BASE + d, topK);
    }

    @Test
    void countsAreDistinctCompletedDays() {
        CategoryModel m = new CategoryModel(4);
        use(m, A, 0, 4, 20);
        m.record(A, BASE + 4, 20); // twice on one day counts once
        m.record(B, BASE + 4, 20); // only today
        assertEquals(4, count(m, A, BASE + 4)); // days 0..3; day 4 is today and masked out
        assertEquals(0, count(m, B, BASE + 4));
        assertEquals(0, count(m, X, BASE + 4)); // never seen
        assertEquals(5, count(m, A, BASE + 5)); // once day 4 is over it counts
        assertEquals(1, count(m, B, BASE + 5));
    }

    @Test
    void rareDayHistogramOfAHandBuiltHistory() {
        // 10 days (0..9): A every day, B on days 2 and 5, C on day 7; today (day 10) C and D again.
        CategoryModel m = new CategoryModel(4);
        use(m, A, 0, 9, 20);
        m.record(B, BASE + 2, 20);
        m.record(B, BASE + 5, 20);
        m.record(C, BASE + 7, 20);
        m.record(C, BASE + 10, 20);
        m.record(D, BASE + 10, 20);
        // completed counts: A 10, B 2, C 1, D 0.
        // H(1) = days with a value used on ≤ 1 day = {7} → 1
        // H(2..9) = {2, 5, 7} → 3;  H(10..17) = all 10 days (A qualifies) → 10; H(0) = 0.
        // Today's uses (C again, D) change neither counts nor days.
        int[] expected = {0, 1, 3, 3, 3, 3, 3, 3, 3, 3, 10, 10, 10, 10, 10, 10, 10, 10};
        assertArrayEquals(expected, histogram(m, BASE + 10));
        // A new value here: n = 1 + H(1) + (H(2) − H(1))·D(8,2) = 2 + 2·0.9086747513 = 3.8173,
        // p = 1 − 3.8173/11 = 0.653 < 0.7 → 0 (too many rare days for 10 days of history)
        assertEquals(0.0, score(m, X, 10, BASE + 10), 0.0);
    }

    @Test
    void workedExamplesOfTheAlgorithmsPage() {
        // 30 days always the same host: H(k) = 0 for k ≤ 17, n = 1, p = 1 − 1/31,
        // p' = (30/31 − 0.7)/0.3 = 0.892473, min(D(8,1), D(15,1)) = 1 → floor(89.247) = 89
        CategoryModel m = new CategoryModel(4);
        use(m, A, 0, 29, 20);
        int today = BASE + 30;
        assertEquals(89.0, score(m, X, 30, today), 0.0);
        assertEquals(RarityScorer.DEFAULT.score(0, k -> k >= 30 ? 30 : 0, 30), score(m, X, 30, today), 0.0);
        assertEquals(0.0, score(m, A, 30, today), 0.0); // used on 30 days: c = 31 > 8

        // the same, with B on 2 of those days: n = 1 + 2·D(8,2) = 2.817350, p = 1 − n/31 = 0.909118,
        // p' = 0.697059, D(15, n) = 0.916909 → floor(63.914) = 63 for a new value; B itself
        // (c = 3): n = 1 + H(3) = 3, p' = (1 − 3/31 − 0.7)/0.3 = 0.677419, min(D(8,3) = 0.5, D(15,3) = 0.889) → floor(33.87) = 33
        m = new CategoryModel(4);
        use(m, A, 0, 29, 20);
        m.record(B, BASE + 3, 20);
        m.record(B, BASE + 17, 20);
        assertArrayEquals(new int[]{0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, histogram(m, today));
        assertEquals(63.0, score(m, X, 30, today), 0.0);
        assertEquals(33.0, score(m, B, 30, today), 0.0);
    }

    @Test
    void firstDayAndOneValueOnly() {
        CategoryModel m = new CategoryModel(4);
        // first day: no completed day at all, days = 0: p = 1 − 1/1 = 0
        m.record(A, BASE, 20);
        assertEquals(0, count(m, A, BASE));
        assertArrayEquals(new int[18], histogram(m, BASE));
        assertEquals(0.0, score(m, X, 0, BASE), 0.0);
        assertEquals(0.0, score(m, A, 0, BASE), 0.0);
        // one completed day with one value: A has count 1 so H(1) = 1 and, for a new value,
        // n = 1 + 1 = 2, p = 1 − 2/2 = 0 → 0; A itself (c = 2): n = 1 + H(2) = 2 → 0 as well
        assertEquals(0.0, score(m, X, 1, BASE + 1), 0.0);
        assertEquals(0.0, score(m, A, 1, BASE + 1), 0.0);
        // 8 days of the one value: A (c = 9 > 8) scores 0; a new value: H(k) = 8 from k = 8, so
        // n = 1 + (H(8) − H(7))·D(8,8) = 1 + 8·0.0154815 = 1.123852, p = 1 − n/9 = 0.875128,
        // p' = 0.583760, D(15, n) = 0.999988 → floor(58.375) = 58
        use(m, A, 1, 7, 20);
        assertEquals(0.0, score(m, A, 8, BASE + 8), 0.0);
        assertEquals(58.0, score(m, X, 8, BASE + 8), 0.0);
    }

    @Test
    void anEntityWhoseValuesAreAllRareNeverScores() {
        // somewhere new every day for 20 days: H(1) = 20, n ≥ 21 > maxRareDays = 15 → 0
        for (int topK : new int[]{20, 5}) { // with topK 5, 15 of them are evicted into overflow days
            CategoryModel m = new CategoryModel(4);
            for (int d = 0; d < 20; d++) m.record(100 + d, BASE + d, topK);
            assertEquals(Math.min(20, topK), m.size);
            int[] h = histogram(m, BASE + 20);
            assertEquals(20, h[1], "topK " + topK);
            assertEquals(20, h[17], "topK " + topK);
            assertEquals(0.0, score(m, X, 20, BASE + 20), 0.0);
            assertEquals(0.0, score(m, 100 + 19, 20, BASE + 20), 0.0);
        }
    }

    @Test
    void evictionKeepsTheMostUsedValuesAndTheEvictedDaysBecomeRareDays() {
        CategoryModel m = new CategoryModel(2);
        use(m, A, 0, 5, 3);       // 6 days
        use(m, B, 0, 2, 3);       // 3 days
        m.record(C, BASE + 1, 3); // 1 day
        m.record(A, BASE + 6, 3);
        m.record(D, BASE + 6, 3); // K = 3 is full: C (fewest days) goes, its day 1 becomes overflow
        assertEquals(3, m.size);
        assertEquals(-1, m.indexOf(C));
        assertEquals(0, count(m, C, BASE + 7));
        assertEquals(7, count(m, A, BASE + 7));
        assertEquals(3, count(m, B, BASE + 7));
        assertEquals(1, count(m, D, BASE + 7));
        assertEquals(1, Long.bitCount(m.over0) + Long.bitCount(m.over1));
        assertEquals(true, DayRing.get(new long[]{m.over0, m.over1}, 0, BASE + 1));
        // H(1) = D's day 6 + overflow day 1 = 2; H(2) = 2; H(3..6) adds B's days 0, 2 → 4; H(7+) = 7
        assertArrayEquals(new int[]{0, 2, 2, 4, 4, 4, 4, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, histogram(m, BASE + 7));
    }

    @Test
    void evictionTiesGoToTheValueNotUsedTodayThenTheOldest() {
        // equal counts: B was used today, A was not → A goes
        CategoryModel m = new CategoryModel(2);
        m.record(A, BASE, 2);
        m.record(B, BASE + 1, 2);
        m.record(C, BASE + 1, 2);
        assertEquals(-1, m.indexOf(A));
        assertEquals(0, m.indexOf(B));
        assertEquals(1, m.indexOf(C));
        // equal counts, neither used today → the oldest entry (A) goes
        m = new CategoryModel(2);
        m.record(A, BASE, 2);
        m.record(B, BASE, 2);
        m.record(C, BASE + 1, 2);
        assertEquals(-1, m.indexOf(A));
        assertEquals(0, m.indexOf(B));
        // a value used on more days (today included) survives one used on fewer
        m = new CategoryModel(2);
        m.record(A, BASE, 2);
        m.record(B, BASE, 2);
        m.record(A, BASE + 1, 2);
        m.record(C, BASE + 1, 2);
        assertEquals(0, m.indexOf(A));
        assertEquals(-1, m.indexOf(B));
    }

    @Test
    void daysOlderThanTheWindowExpire() {
        int window = 5;
        CategoryModel m = new CategoryModel(2);
        // day 0: A, B; day 1: A, B; day 2: B, C (K = 2 full: A has 2 days, B 3 with today → A goes);
        // days 3..4: B. The engine expires when the current day advances.
        int current = BASE;
        int[][] uses = {{A, B}, {A, B}, {B, C}, {B}, {B}};
        for (int d = 0; d < uses.length; d++) {
            m.expire(DayRing.expiryMask(current, BASE + d, window));
            current = BASE + d;
            for (int v : uses[d]) m.record(v, current, 2);
        }
        assertEquals(-1, m.indexOf(A));
        // advance to day 5: window (0, 5], day 0 leaves (an overflow day of A and a day of B)
        m.expire(DayRing.expiryMask(current, BASE + 5, window));
        current = BASE + 5;
        assertEquals(4, count(m, B, current));                         // days 1..4
        assertEquals(1, Long.bitCount(m.over0) + Long.bitCount(m.over1)); // overflow day 1 only
        assertEquals(2, histogram(m, current)[1]);                      // C's day 2 + overflow day 1
        // advance to day 7: days 1 and 2 leave; C has no day left and is forgotten, overflow is empty
        m.expire(DayRing.expiryMask(current, BASE + 7, window));
        current = BASE + 7;
        assertEquals(1, m.size);
        assertEquals(-1, m.indexOf(C));
        assertEquals(0L, m.over0 | m.over1);
        assertEquals(2, count(m, B, current)); // days 3, 4
        assertEquals(0, histogram(m, current)[1]);
        // a jump of a whole window forgets everything
        m.expire(DayRing.expiryMask(current, current + window, window));
        assertEquals(0, m.size);
    }

    @Test
    void theScoreTableIsCachedPerDayUntilInvalidated() {
        CategoryModel m = new CategoryModel(4);
        use(m, A, 0, 29, 20);
        int today = BASE + 30;
        assertEquals(89.0, score(m, X, 30, today), 0.0);
        // a late event puts a new value on completed day 29: H(1) = 1, so for a new value
        // n = 1 + 1 = 2, p' = (1 − 2/31 − 0.7)/0.3 = 0.784946, D(15, 2) = 0.987644 → floor(77.52) = 77.
        m.record(B, BASE + 29, 20);
        assertEquals(89.0, score(m, X, 30, today), 0.0); // still the table of this day
        m.invalidate();
        assertEquals(77.0, score(m, X, 30, today), 0.0);
    }
}
