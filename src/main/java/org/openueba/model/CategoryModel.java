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
 * <p>Memory: 4 bytes of id and 16 bytes of days per kept value, 16 bytes of overflow days, and a
 * 32-byte score table while rare values are being scored. Not thread-safe.
 */
final class CategoryModel {
    int[] ids;
    long[] bits;
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
        ids = new int[capacity];
        bits = new long[2 * capacity];
    }

    int indexOf(int id) {
        int[] a = ids;
        for (int i = 0; i < size; i++) if (a[i] == id) return i;
        return -1;
    }

    /** Completed days on which value {@code id} was used (today masked out). */
    int count(int id, long today0, long today1) {
        int i = indexOf(id);
        return i < 0 ? 0 : DayRing.count(bits, 2 * i, today0, today1);
    }

    /** Records that value {@code id} was used on {@code day}. */
    void record(int id, int day, int topK) {
        int i = indexOf(id);
        if (i < 0) {
            if (size == topK) evict(day);
            if (size == ids.length) grow(topK);
            i = size++;
            ids[i] = id;
            bits[2 * i] = 0;
            bits[2 * i + 1] = 0;
        }
        DayRing.set(bits, 2 * i, day);
    }

    private void grow(int topK) {
        int n = Math.min(topK, ids.length + 2); // values arrive rarely: small steps, little slack
        ids = Arrays.copyOf(ids, n);
        bits = Arrays.copyOf(bits, 2 * n);
    }

    /** Drops the value used on the fewest days (ties: not used today, then the oldest entry); its days become overflow days. */
    private void evict(int today) {
        int victim = -1, best = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            int c = Long.bitCount(bits[2 * i]) + Long.bitCount(bits[2 * i + 1]);
            int key = 2 * c + (DayRing.get(bits, 2 * i, today) ? 1 : 0);
            if (key < best) {
                best = key;
                victim = i;
            }
        }
        over0 |= bits[2 * victim];
        over1 |= bits[2 * victim + 1];
        remove(victim);
    }

    private void remove(int i) {
        System.arraycopy(ids, i + 1, ids, i, size - i - 1);
        System.arraycopy(bits, 2 * i + 2, bits, 2 * i, 2 * (size - i - 1));
        size--;
    }

    /** Clears the days that left the window and forgets values with no day left. */
    void expire(long[] mask) {
        over0 &= ~mask[0];
        over1 &= ~mask[1];
        for (int i = size - 1; i >= 0; i--) {
            DayRing.clear(bits, 2 * i, mask);
            if (bits[2 * i] == 0 && bits[2 * i + 1] == 0) remove(i);
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
        for (int i = 0; i < size; i++) counts[i] = DayRing.count(bits, 2 * i, today0, today1);
        for (int k = 1; k < h.length; k++) {
            long u0 = over0, u1 = over1;
            for (int i = 0; i < size; i++) {
                if (counts[i] > 0 && counts[i] <= k) {
                    u0 |= bits[2 * i];
                    u1 |= bits[2 * i + 1];
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
            counts[i] = DayRing.count(bits, 2 * i, today0, today1);
        }
        Arrays.sort(order, (a, b) -> counts[b] != counts[a] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b));
        List<int[]> out = new ArrayList<>();
        for (Integer i : order) {
            if (out.size() == n || counts[i] == 0) break;
            out.add(new int[]{ids[i], counts[i]});
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
                int c = DayRing.count(bits, 2 * i, today0, today1);
                if (c == 0 || c > prevCount || (c == prevCount && i <= prevIndex)) continue; // already taken
                if (c > bestCount) {
                    bestCount = c;
                    best = i;
                }
            }
            if (best < 0) break;
            ids[off + k] = this.ids[best];
            days[off + k] = bestCount;
            k++;
            prevCount = bestCount;
            prevIndex = best;
        }
        return k;
    }

    long bytes() {
        return 12 + 4 + 4 + 4 + 16 + 8 + 4 + 4 + 16 + 4L * ids.length + 16 + 8L * bits.length
                + (wideTable == null ? 0 : 16 + wideTable.length);
    }
}
