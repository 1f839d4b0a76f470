package org.openueba.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One entity's history of one categorical feature (engine.md §3.1): for each of at most {@code topK}
 * values, the set of days on which the entity used it (a {@link DayRing}, so a value counts at most
 * once a day and ages out of the window exactly), plus the days of values that were evicted from the
 * top K ("overflow" days, which count as rare days). Scores use <em>completed</em> days only: the
 * current day's uses are recorded at once but are masked out until the day is over, so every event of
 * a day is compared with the same history.
 *
 * <p>Memory: one {@code long[]} of three words per kept value (the value's id, then its two-word day
 * ring), so that finding a value and counting its days read one array; 16 bytes of overflow days and
 * an 8-byte score table in the object. Not thread-safe.
 */
final class CategoryModel {
    /** Per value i: v[3i] = id, v[3i + 1], v[3i + 2] = its day ring. */
    long[] v;
    /** The feature this model learns within a source (null for the entity-level activity and day type). */
    CategoryFeature feature;
    int size;
    long over0, over1;
    /**
     * Rarity scores by completed count (0..maxRareCount−1), valid for {@link #tableDay}: floored, so
     * whole numbers 0..100, one byte each, packed into a long for up to 8 counts (the default), else in
     * {@link #wideTable}.
     */
    private long table;
    private byte[] wideTable;
    private int tableDay = Integer.MIN_VALUE;

    CategoryModel(int capacity) {
        v = new long[3 * capacity];
    }

    /** A model holding the stored values (ids, two ring words each) and overflow days. */
    static CategoryModel of(int[] ids, long[] bits, int size, long over0, long over1) {
        CategoryModel c = new CategoryModel(Math.max(1, size));
        for (int i = 0; i < size; i++) {
            c.v[3 * i] = ids[i];
            c.v[3 * i + 1] = bits[2 * i];
            c.v[3 * i + 2] = bits[2 * i + 1];
        }
        c.size = size;
        c.over0 = over0;
        c.over1 = over1;
        return c;
    }

    /** The id of the value in slot i. */
    int id(int i) {
        return (int) v[3 * i];
    }

    /** The kept values' ids, in slot order. */
    int[] ids() {
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) ids[i] = id(i);
        return ids;
    }

    /** The kept values' day rings, two words each, in slot order. */
    long[] rings() {
        long[] r = new long[2 * size];
        for (int i = 0; i < size; i++) {
            r[2 * i] = v[3 * i + 1];
            r[2 * i + 1] = v[3 * i + 2];
        }
        return r;
    }

    int indexOf(int id) {
        long[] a = v;
        for (int i = 0, n = 3 * size; i < n; i += 3) if (a[i] == id) return i / 3;
        return -1;
    }

    /** Completed days on which value {@code id} was used (today masked out). */
    int count(int id, long today0, long today1) {
        int i = indexOf(id);
        return i < 0 ? 0 : DayRing.count(v, 3 * i + 1, today0, today1);
    }

    /** Records that value {@code id} was used on {@code day}. */
    void record(int id, int day, int topK) {
        int i = indexOf(id);
        if (i < 0) {
            if (size == topK) evict(day);
            if (3 * size == v.length) grow(topK);
            i = size++;
            v[3 * i] = id;
            v[3 * i + 1] = 0;
            v[3 * i + 2] = 0;
        }
        DayRing.set(v, 3 * i + 1, day);
    }

    private void grow(int topK) {
        int n = Math.min(topK, v.length / 3 + 2); // values arrive rarely: small steps, little slack
        v = Arrays.copyOf(v, 3 * n);
    }

    /** Drops the value used on the fewest days (ties: not used today, then the oldest entry); its days become overflow days. */
    private void evict(int today) {
        int victim = -1, best = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            int c = Long.bitCount(v[3 * i + 1]) + Long.bitCount(v[3 * i + 2]);
            int key = 2 * c + (DayRing.get(v, 3 * i + 1, today) ? 1 : 0);
            if (key < best) {
                best = key;
                victim = i;
            }
        }
        over0 |= v[3 * victim + 1];
        over1 |= v[3 * victim + 2];
        remove(victim);
    }

    private void remove(int i) {
        System.arraycopy(v, 3 * i + 3, v, 3 * i, 3 * (size - i - 1));
        size--;
    }

    /** Clears the days that left the window and forgets values with no day left. */
    void expire(long[] mask) {
        over0 &= ~mask[0];
        over1 &= ~mask[1];
        for (int i = size - 1; i >= 0; i--) {
            DayRing.clear(v, 3 * i + 1, mask);
            if (v[3 * i + 1] == 0 && v[3 * i + 2] == 0) remove(i);
        }
        invalidate();
    }

    void invalidate() {
        tableDay = Integer.MIN_VALUE;
    }

    /**
     * H(k) for k = 0..2·maxRareCount: the completed days that contained some value used on at most k
     * completed days, overflow days counting at every k ≥ 1.
     */
    int[] rareDayHistogram(int maxRareCount, long today0, long today1) {
        int[] h = new int[2 * maxRareCount + 2];
        int[] counts = new int[size];
        for (int i = 0; i < size; i++) counts[i] = DayRing.count(v, 3 * i + 1, today0, today1);
        for (int k = 1; k < h.length; k++) {
            long u0 = over0, u1 = over1;
            for (int i = 0; i < size; i++) {
                if (counts[i] > 0 && counts[i] <= k) {
                    u0 |= v[3 * i + 1];
                    u1 |= v[3 * i + 2];
                }
            }
            h[k] = Long.bitCount(u0 & ~today0) + Long.bitCount(u1 & ~today1);
        }
        return h;
    }

    /**
     * The rarity score (0..100, floored as the baseline does, before certainty) of a value used on
     * {@code count} completed days, for an entity with {@code days} completed days. Cached per day.
     */
    double score(int count, RarityScorer scorer, int days, int day, long today0, long today1) {
        int m = scorer.maxRareCount();
        if (count >= m) return 0;
        if (tableDay != day) {
            int[] h = rareDayHistogram(m, today0, today1);
            RarityScorer.RareDays hist = k -> h[Math.min(k, h.length - 1)];
            long packed = 0;
            if (m > 8 && (wideTable == null || wideTable.length != m)) wideTable = new byte[m];
            for (int c = 0; c < m; c++) {
                long v = (long) Math.floor(scorer.exactScore(c, hist, days)); // 0..100
                if (m > 8) wideTable[c] = (byte) v;
                else packed |= v << (8 * c);
            }
            table = packed;
            tableDay = day;
        }
        return m > 8 ? wideTable[count] : (int) (table >>> (8 * count)) & 0xFF;
    }

    /**
     * The {@code n} values used on the most completed days, most used first (ties: older entry
     * first), as {id, days} pairs; values used only today are left out.
     */
    List<int[]> top(int n, long today0, long today1) {
        Integer[] order = new Integer[size];
        int[] counts = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
            counts[i] = DayRing.count(v, 3 * i + 1, today0, today1);
        }
        Arrays.sort(order, (a, b) -> counts[b] != counts[a] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
        List<int[]> out = new ArrayList<>();
        for (Integer i : order) {
            if (out.size() == n || counts[i] == 0) break;
            out.add(new int[]{id(i), counts[i]});
        }
        return out;
    }

    /**
     * {@link #top} without allocating: writes up to {@code n} (id, days) pairs into {@code ids} and
     * {@code days} from {@code off} and returns how many.
     */
    int topInto(int n, long today0, long today1, int[] ids, int[] days, int off) {
        int k = 0, prevCount = Integer.MAX_VALUE, prevIndex = -1;
        while (k < n) {
            int best = -1, bestCount = 0;
            for (int i = 0; i < size; i++) {
                int c = DayRing.count(v, 3 * i + 1, today0, today1);
                if (c == 0 || c > prevCount || (c == prevCount && i <= prevIndex)) continue; // already taken
                if (c > bestCount) {
                    bestCount = c;
                    best = i;
                }
            }
            if (best < 0) break;
            ids[off + k] = id(best);
            days[off + k] = bestCount;
            k++;
            prevCount = bestCount;
            prevIndex = best;
        }
        return k;
    }

    long bytes() {
        return 12 + 4 + 4 + 4 + 16 + 8 + 4 + 4 + 16 + 8L * v.length
                + (wideTable == null ? 0 : 16 + wideTable.length);
    }
}
