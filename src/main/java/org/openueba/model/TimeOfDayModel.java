package org.openueba.model;

import java.util.Arrays;

/**
 * When an entity is active (engine.md §3.2): the day in its local time zone is cut into 144
 * ten-minute buckets; each active day keeps the set of buckets hit (144 bits). Completed days are
 * smoothed and summed into {@code s[b]}:
 * <pre>
 *   within one day, bucket b gets  max over hit buckets h of  L(d(b, h))   for d ≤ 10
 *                                  (d = circular distance, wrapping round midnight)
 *                                  and at least ε = 0.1 / window (a far tail that stays
 *                                  below 0.2 over a whole window, so an unused bucket never
 *                                  looks used)
 *   L(0) = 1,  L(d) = 1 / (1 + e^(d − 3.3))   (a logistic with half-value at 3.3 buckets)
 *   across days the daily values are summed:  s[b] = Σ_days value_day(b)
 * </pre>
 * {@code s} is kept in fixed point (1/500, so 128 days of 1.0 still fit in 16 bits) so adding a day when it completes and subtracting it when
 * it leaves the window are exact. An event in bucket b is scored with the category-rarity scorer
 * (maxRareCount = maxRareDays = 8) at counts ⌊s[b]⌋ and ⌈s[b]⌉, linearly interpolated; the histogram
 * of rare days counts the completed days whose least-smoothed hit bucket has s ≤ k. Memory: 28 bytes
 * per active day in the window plus 288 bytes of sums. Not thread-safe.
 */
final class TimeOfDayModel {
    static final int BUCKETS = 144;
    static final int RADIUS = 10;
    static final double MIDPOINT = 3.3;
    static final double EPSILON = 0.1;
    static final int UNIT = 500;
    private static final int[] KERNEL = new int[RADIUS + 1];

    static {
        KERNEL[0] = UNIT;
        for (int d = 1; d <= RADIUS; d++) KERNEL[d] = (int) Math.round(UNIT * logistic(d));
    }

    /** L(d) = 1/(1 + e^(d − 3.3)) for d ≥ 1; L(0) = 1. */
    static double logistic(int d) {
        return d == 0 ? 1 : 1 / (1 + Math.exp(d - MIDPOINT));
    }

    int[] rowDay = new int[4];
    long[] rowBits = new long[12];
    int rows;
    /** Smoothed sums of the folded (completed) rows, in 1/500; null until a day is folded. */
    char[] s;
    /** Rows with day < foldedBefore are included in s. */
    int foldedBefore = Integer.MIN_VALUE;
    /** The window in days (sets the far tail ε). */
    int window = 90;
    private float[] table;
    private int tableDay = Integer.MIN_VALUE;

    static int bucket(int minuteOfDay) {
        return minuteOfDay / 10;
    }

    private int rowOf(int day, boolean create) {
        int lo = 0, hi = rows - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (rowDay[mid] < day) lo = mid + 1;
            else if (rowDay[mid] > day) hi = mid - 1;
            else return mid;
        }
        if (!create) return -1;
        if (rows == rowDay.length) {
            rowDay = Arrays.copyOf(rowDay, rows * 2);
            rowBits = Arrays.copyOf(rowBits, rows * 6);
        }
        System.arraycopy(rowDay, lo, rowDay, lo + 1, rows - lo);
        System.arraycopy(rowBits, 3 * lo, rowBits, 3 * lo + 3, 3 * (rows - lo));
        rowDay[lo] = day;
        rowBits[3 * lo] = rowBits[3 * lo + 1] = rowBits[3 * lo + 2] = 0;
        rows++;
        return lo;
    }

    /** Records a hit of {@code bucket} on {@code day}; a day already folded into s is re-folded. */
    void record(int day, int bucket) {
        int r = rowOf(day, true);
        long bit = 1L << (bucket & 63);
        if ((rowBits[3 * r + (bucket >>> 6)] & bit) != 0) return;
        boolean folded = day < foldedBefore;
        if (folded) fold(r, -1);
        rowBits[3 * r + (bucket >>> 6)] |= bit;
        if (folded) {
            fold(r, +1);
            table = null;
        }
    }

    /** The current day moved to {@code day}: fold the completed rows into s, drop rows out of the window. */
    void advance(int day, int window) {
        this.window = window;
        for (int r = 0; r < rows; r++) {
            if (rowDay[r] >= foldedBefore && rowDay[r] < day) fold(r, +1);
        }
        foldedBefore = day;
        int drop = 0;
        while (drop < rows && rowDay[drop] <= day - window) {
            fold(drop, -1);
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(rowDay, drop, rowDay, 0, rows - drop);
            System.arraycopy(rowBits, 3 * drop, rowBits, 0, 3 * (rows - drop));
            rows -= drop;
        }
        table = null;
    }

    /** Adds (sign +1) or removes (−1) the smoothed contribution of row r to s. */
    private void fold(int r, int sign) {
        if (s == null) s = new char[BUCKETS];
        int[] c = smooth(rowBits, 3 * r, window);
        for (int b = 0; b < BUCKETS; b++) s[b] = (char) (s[b] + sign * c[b]);
    }

    /** The smoothed values of one day's hits, in 1/500 units. */
    static int[] smooth(long[] bits, int off, int window) {
        int[] c = new int[BUCKETS];
        int hits = 0;
        for (int h = 0; h < BUCKETS; h++) {
            if ((bits[off + (h >>> 6)] & (1L << (h & 63))) == 0) continue;
            hits++;
            for (int d = -RADIUS; d <= RADIUS; d++) {
                int b = Math.floorMod(h + d, BUCKETS);
                int k = KERNEL[Math.abs(d)];
                if (k > c[b]) c[b] = k;
            }
        }
        if (hits > 0) {
            int eps = Math.max(1, (int) Math.round(UNIT * EPSILON / window));
            for (int b = 0; b < BUCKETS; b++) if (c[b] < eps) c[b] = eps;
        }
        return c;
    }

    /** Completed days in the window (rows folded into s). */
    int completedDays() {
        int n = 0;
        for (int r = 0; r < rows; r++) if (rowDay[r] < foldedBefore) n++;
        return n;
    }

    /** Smoothed count of bucket b over completed days. */
    double smoothed(int b) {
        return s == null ? 0 : s[b] / (double) UNIT;
    }

    /** The score (0..100, before certainty) of a hit in bucket b. */
    double score(int b, RarityScorer scorer) {
        if (s == null) return 0;
        double sv = smoothed(b);
        int lo = (int) Math.floor(sv), hi = (int) Math.ceil(sv);
        if (lo >= scorer.maxRareCount()) return 0;
        if (table == null) buildTable(scorer);
        double a = table[lo], z = hi < table.length ? table[hi] : 0;
        return a + (z - a) * (sv - lo);
    }

    private void buildTable(RarityScorer scorer) {
        int m = scorer.maxRareCount();
        int[] h = new int[2 * m + 2];
        int days = 0;
        for (int r = 0; r < rows; r++) {
            if (rowDay[r] >= foldedBefore) continue;
            days++;
            double min = Double.MAX_VALUE;
            for (int b = 0; b < BUCKETS; b++) {
                if ((rowBits[3 * r + (b >>> 6)] & (1L << (b & 63))) != 0) min = Math.min(min, smoothed(b));
            }
            for (int k = 1; k < h.length; k++) if (min <= k) h[k]++;
        }
        RarityScorer.RareDays hist = k -> h[Math.min(k, h.length - 1)];
        table = new float[m];
        for (int c = 0; c < m; c++) table[c] = (float) scorer.exactScore(c, hist, days);
    }

    /** Completed days on which the entity was active in each local hour (0..23). */
    int[] hourProfile() {
        int[] p = new int[24];
        for (int r = 0; r < rows; r++) {
            if (rowDay[r] >= foldedBefore) continue;
            for (int hr = 0; hr < 24; hr++) {
                for (int b = hr * 6; b < hr * 6 + 6; b++) {
                    if ((rowBits[3 * r + (b >>> 6)] & (1L << (b & 63))) != 0) {
                        p[hr]++;
                        break;
                    }
                }
            }
        }
        return p;
    }

    /** The hours active on at least half of the completed days, as text such as "08–17". */
    String usualHours() {
        int[] p = hourProfile();
        int days = completedDays();
        StringBuilder sb = new StringBuilder();
        int start = -1;
        for (int hr = 0; hr <= 24; hr++) {
            boolean on = hr < 24 && days > 0 && 2 * p[hr] >= days;
            if (on && start < 0) start = hr;
            if (!on && start >= 0) {
                if (sb.length() > 0) sb.append(", ");
                sb.append(String.format("%02d:00–%02d:00", start, hr));
                start = -1;
            }
        }
        return sb.length() == 0 ? "no regular hours yet" : sb.toString();
    }

    long bytes() {
        return 16 + 4 * 6 + 16 + 4L * rowDay.length + 16 + 8L * rowBits.length + (s == null ? 0 : 16 + 2 * BUCKETS)
                + (table == null ? 0 : 16 + 4L * table.length);
    }
}
