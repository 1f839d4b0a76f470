package org.openueba.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * When an entity is active, as the share of its active days on which it was active around each time of
 * day (docs/algorithms.md, "Time of day"; replaces the rare-days scoring of engine.md §3.2).
 *
 * <p>The day in the entity's local time zone is cut into 144 ten-minute buckets; each active day keeps
 * the set of buckets hit (144 bits). Completed days are smoothed and summed into {@code s[b]}:
 * <pre>
 *   within one day, bucket b gets  max over hit buckets h of  K(d(b, h))   for d ≤ 24
 *                                  (d = circular distance in buckets, wrapping round midnight)
 *                                  and at least ε = max(1/500, 0.1/window)
 *   K(0) = 1,  K(d) = (1 − w)·L(d) + w·W(d)                       a narrow and a wide logistic, w = 0.2
 *   L(d) = 1/(1 + e^(d − 3.3)) for d ≤ 10, else 0                 half-value at 33 min
 *   W(d) = 1/(1 + e^((d − 12)/3))                                 half-value at 2 h
 *   across days the daily values are summed:  s[b] = Σ_days value_day(b)   (0 ≤ s[b] ≤ N)
 * </pre>
 * so {@code s[b]/N} is the smoothed share of the N completed days that touched bucket b. An event in
 * bucket b is scored by {@link HoursScorer} from {@code q = (s[b] + a·π[b])/(N + a)}, π being the
 * organisation's average share ({@link #addProfile}, {@link #prior}). An event that ends an activity
 * (a logoff, a device disconnect: {@link #endsActivity}) at most 12 hours after the entity's last other
 * event (its start) scores at most what that start scored, and every bucket from the start to the end is
 * learnt as active ({@link #session}, {@link #fill}): when a user stops working says little, when they
 * start says a lot, and a logon at 09:00 with its logoff at 17:00 means a day at work, not two moments.
 *
 * <p>{@code s} is kept in fixed point (1/500, so 128 days of 1.0 still fit in 16 bits) so adding a day
 * when it completes and subtracting it when it leaves the window are exact. Memory: 24 bytes per active
 * day in the window, 288 bytes of sums and 8 bytes for the last start. Not thread-safe.
 */
final class TimeOfDayModel {
    static final int BUCKETS = 144;
    /** Reach of the narrow logistic L, in buckets. */
    static final int NARROW_RADIUS = 10;
    static final double MIDPOINT = 3.3;
    /** Reach of the whole kernel (the wide logistic W), in buckets: 4 hours. */
    static final int RADIUS = 24;
    static final double WIDE_MIDPOINT = 12;
    static final double WIDE_SCALE = 3;
    static final double WIDE_WEIGHT = 0.2;
    static final double EPSILON = 0.1;
    static final int UNIT = 500;
    /** Entities with fewer completed days do not contribute to the organisation's profile. */
    static final int PRIOR_MIN_DAYS = 3;
    /** A session: an end at most this many buckets (12 hours of local time) after the last start. */
    static final int SESSION_BUCKETS = 72;
    private static final int[] KERNEL = new int[RADIUS + 1];
    private static final Set<String> END_ACTIONS = Set.of("logoff", "log-off", "log_off", "logout", "log-out", "log_out",
            "logged-out", "signout", "sign-out", "sign_out", "signed-out", "disconnect", "disconnected", "session-end",
            "session_end", "session-closed", "session_closed");

    static {
        for (int d = 0; d <= RADIUS; d++) KERNEL[d] = (int) Math.round(UNIT * kernel(d));
    }

    /** L(d) = 1/(1 + e^(d − 3.3)) for 1 ≤ d ≤ 10; L(0) = 1; 0 beyond 10. */
    static double logistic(int d) {
        if (d == 0) return 1;
        return d <= NARROW_RADIUS ? 1 / (1 + Math.exp(d - MIDPOINT)) : 0;
    }

    /** W(d) = 1/(1 + e^((d − 12)/3)). */
    static double wide(int d) {
        return 1 / (1 + Math.exp((d - WIDE_MIDPOINT) / WIDE_SCALE));
    }

    /** K(0) = 1, K(d) = (1 − w)·L(d) + w·W(d) for 1 ≤ d ≤ 24, w = 0.2. */
    static double kernel(int d) {
        return d == 0 ? 1 : (1 - WIDE_WEIGHT) * logistic(d) + WIDE_WEIGHT * wide(d);
    }

    /** Whether an event with this action ends an activity (logoff, logout, sign-out, disconnect…; case-insensitive). */
    static boolean endsActivity(String action) {
        return action != null && END_ACTIONS.contains(action.toLowerCase(Locale.ROOT));
    }

    /**
     * Per row (one active day, ascending): three words of 144 bucket bits; the third word keeps buckets
     * 128..143 in its low 16 bits and the row's day in its high 32 bits ({@link #rowDay}).
     */
    long[] rowBits = new long[12];
    int rows;
    /** Smoothed sums of the folded (completed) rows, in 1/500; null until a day is folded. */
    char[] s;
    /** Rows with day < foldedBefore are included in s. */
    int foldedBefore = Integer.MIN_VALUE;
    /** The window in days (sets the far tail ε). */
    int window = 90;
    /**
     * The last event that did not end an activity: its local bucket counted from the epoch
     * (day·144 + bucket; {@link Integer#MIN_VALUE} when none) and its final score.
     */
    int lastStart = Integer.MIN_VALUE;
    float lastStartScore;
    /** Rows folded into s (a cache of the count of rows with day < foldedBefore). */
    private int days;

    static int bucket(int minuteOfDay) {
        return minuteOfDay / 10;
    }

    /** The bits of the third word that are buckets (128..143); the rest holds the row's day. */
    static final long LAST_BUCKETS = 0xFFFFL;

    /** The day of row r. */
    int rowDay(int r) {
        return (int) (rowBits[3 * r + 2] >> 32);
    }

    private int rowOf(int day, boolean create) {
        // most events are of the entity's latest day: the last row, or a new one after it (one cache line,
        // where the search would touch several of a long history's)
        int last = rows > 0 ? rowDay(rows - 1) : Integer.MIN_VALUE;
        if (rows > 0 && last == day) return rows - 1;
        int lo = 0, hi = rows - 1;
        if (last < day) {
            lo = rows;
        } else {
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int d = rowDay(mid);
                if (d < day) lo = mid + 1;
                else if (d > day) hi = mid - 1;
                else return mid;
            }
        }
        if (!create) return -1;
        if (3 * rows == rowBits.length) {
            // four days at a time (24 B each), not doubling: an entity active on 22 of 30 days keeps
            // 24 rows instead of 32 (docs/performance.md, memory per entity)
            rowBits = Arrays.copyOf(rowBits, 3 * (rows + 4));
        }
        System.arraycopy(rowBits, 3 * lo, rowBits, 3 * lo + 3, 3 * (rows - lo));
        rowBits[3 * lo] = rowBits[3 * lo + 1] = 0;
        rowBits[3 * lo + 2] = (long) day << 32;
        rows++;
        return lo;
    }

    /** The rows' days, as the snapshots store them. */
    int[] rowDays() {
        int[] d = new int[rows];
        for (int r = 0; r < rows; r++) d[r] = rowDay(r);
        return d;
    }

    /** The rows' bucket bits without the days (3 words a row), as the snapshots store them. */
    long[] bucketBits() {
        long[] b = Arrays.copyOf(rowBits, 3 * rows);
        for (int r = 0; r < rows; r++) b[3 * r + 2] &= LAST_BUCKETS;
        return b;
    }

    /** Replaces the rows with stored ones ({@link #rowDays}, {@link #bucketBits}); days ascending. */
    void loadRows(int[] days, long[] bits, int rows) {
        rowBits = Arrays.copyOf(bits, 3 * Math.max(4, rows));
        for (int r = 0; r < rows; r++) rowBits[3 * r + 2] = (rowBits[3 * r + 2] & LAST_BUCKETS) | (long) days[r] << 32;
        this.rows = rows;
    }

    /** Records a hit of {@code bucket} on {@code day}; a day already folded into s is re-folded exactly. */
    void record(int day, int bucket) {
        int r = rowOf(day, true);
        long bit = 1L << (bucket & 63);
        if ((rowBits[3 * r + (bucket >>> 6)] & bit) != 0) return;
        boolean folded = day < foldedBefore;
        if (folded) fold(r, -1);
        rowBits[3 * r + (bucket >>> 6)] |= bit;
        if (folded) fold(r, +1);
    }

    /** The current day moved to {@code day}: fold the completed rows into s, drop rows out of the window. */
    void advance(int day, int window) {
        this.window = window;
        for (int r = 0; r < rows; r++) {
            int d = rowDay(r);
            if (d >= foldedBefore && d < day) fold(r, +1);
        }
        foldedBefore = day;
        int drop = 0;
        while (drop < rows && rowDay(drop) <= day - window) {
            fold(drop, -1);
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(rowBits, 3 * drop, rowBits, 0, 3 * (rows - drop));
            rows -= drop;
        }
    }

    /**
     * Adds (sign +1) or removes (−1) the smoothed contribution of row r to s, and counts it as a day.
     * A row without hits is no day: it changes nothing (a late event that creates the row of a completed
     * day calls fold(−1) before its first hit).
     */
    private void fold(int r, int sign) {
        if (empty(r)) return;
        if (s == null) s = new char[BUCKETS];
        int[] c = smooth(rowBits, 3 * r, window);
        for (int b = 0; b < BUCKETS; b++) s[b] = (char) (s[b] + sign * c[b]);
        days += sign;
    }

    /** Recomputes the cached count of folded rows with hits (after a restore). */
    void recount() {
        int n = 0;
        for (int r = 0; r < rows; r++) if (rowDay(r) < foldedBefore && !empty(r)) n++;
        days = n;
    }

    private boolean empty(int r) {
        return (rowBits[3 * r] | rowBits[3 * r + 1] | rowBits[3 * r + 2] & LAST_BUCKETS) == 0;
    }

    /**
     * The smoothed values of one day's hits, in 1/500 units: c[b] = K(δ) for δ, the circular distance from b
     * to the nearest hit, when δ ≤ 24, else 0; at least ε everywhere on a day with hits. K does not grow with
     * the distance, so K of the nearest hit is the largest K over all hits, which is what the definition takes
     * (the reference in the tests spreads every hit over ±24 buckets). Two passes over the 144 buckets, one
     * forward and one backward, each carrying the distance to the last hit seen, started round midnight from
     * the hit nearest to it, instead of 49 buckets per hit (a day of sessions fills most of its hours).
     */
    static int[] smooth(long[] bits, int off, int window) {
        int[] c = new int[BUCKETS];
        long w0 = bits[off], w1 = bits[off + 1], w2 = bits[off + 2] & LAST_BUCKETS;
        if ((w0 | w1 | w2) == 0) return c;
        int first = w0 != 0 ? Long.numberOfTrailingZeros(w0)
                : w1 != 0 ? 64 + Long.numberOfTrailingZeros(w1) : 128 + Long.numberOfTrailingZeros(w2);
        int last = w2 != 0 ? 191 - Long.numberOfLeadingZeros(w2)
                : w1 != 0 ? 127 - Long.numberOfLeadingZeros(w1) : 63 - Long.numberOfLeadingZeros(w0);
        // forward: c[b] = distance back to the nearest hit at or before b (the day's last hit before midnight)
        int d = BUCKETS - 1 - last;
        for (int b = 0; b < BUCKETS; b++) {
            long word = b < 64 ? w0 : b < 128 ? w1 : w2;
            d = (word >>> (b & 63) & 1) != 0 ? 0 : d + 1;
            c[b] = d;
        }
        // backward: the distance on to the nearest hit at or after b (the first one after midnight), then K
        int eps = Math.max(1, (int) Math.round(UNIT * EPSILON / window));
        d = first;
        for (int b = BUCKETS - 1; b >= 0; b--) {
            long word = b < 64 ? w0 : b < 128 ? w1 : w2;
            d = (word >>> (b & 63) & 1) != 0 ? 0 : d + 1;
            int near = Math.min(c[b], d);
            c[b] = Math.max(eps, near <= RADIUS ? KERNEL[near] : 0);
        }
        return c;
    }

    /** Completed days in the window (rows folded into s). */
    int completedDays() {
        return days;
    }

    /** Smoothed count of bucket b over completed days. */
    double smoothed(int b) {
        return s == null ? 0 : s[b] / (double) UNIT;
    }

    /** q = (s[b] + a·π[b])/(N + a), the share of active days on which the entity was active around bucket b. */
    double share(int b, float[] prior, HoursScorer scorer) {
        return scorer.share(smoothed(b), days, prior[b]);
    }

    /** The score (0..100, before certainty) of a hit in bucket b. */
    double score(int b, float[] prior, HoursScorer scorer) {
        return scorer.score(share(b, prior, scorer));
    }

    /**
     * The session rule for scoring: an event that ends an activity scores at most what the last event that
     * did not end one scored, if that came 0..72 buckets (12 h of local time) earlier; any other event
     * becomes the last start.
     *
     * @param local the event's local bucket counted from the epoch (day·144 + bucket)
     * @param end   whether it ends an activity ({@link #endsActivity})
     * @param score its score so far (after certainty)
     * @return the event's score
     */
    double session(int local, boolean end, double score) {
        if (end) return inSession(local) ? Math.min(score, lastStartScore) : score;
        lastStart = local;
        lastStartScore = (float) score;
        return lastStartScore;
    }

    private boolean inSession(int local) {
        return lastStart != Integer.MIN_VALUE && local - lastStart >= 0 && local - lastStart <= SESSION_BUCKETS;
    }

    /**
     * The session rule for learning: when an end comes 0..72 buckets after the last start, the entity was
     * active all along, so every bucket from the start to the end is recorded (on days ≥ {@code minDay});
     * a completed day is re-folded exactly.
     *
     * @param local the end's local bucket counted from the epoch (day·144 + bucket)
     */
    void fill(int local, int minDay) {
        if (!inSession(local)) return;
        for (int day = Math.max(minDay, Math.floorDiv(lastStart, BUCKETS)); day <= Math.floorDiv(local, BUCKETS); day++) {
            int from = Math.max(lastStart - day * BUCKETS, 0), to = Math.min(local - day * BUCKETS, BUCKETS - 1);
            long[] mask = new long[3];
            for (int b = from; b <= to; b++) mask[b >>> 6] |= 1L << (b & 63);
            int r = rowOf(day, true);
            int o = 3 * r;
            if ((rowBits[o] | mask[0]) == rowBits[o] && (rowBits[o + 1] | mask[1]) == rowBits[o + 1]
                    && (rowBits[o + 2] | mask[2]) == rowBits[o + 2]) continue;
            boolean folded = day < foldedBefore;
            if (folded) fold(r, -1);
            for (int k = 0; k < 3; k++) rowBits[o + k] |= mask[k];
            if (folded) fold(r, +1);
        }
    }

    /** Adds this entity's shares s[b]/N to {@code sum} if it has at least {@value #PRIOR_MIN_DAYS} completed days. */
    boolean addProfile(double[] sum) {
        if (days < PRIOR_MIN_DAYS || s == null) return false;
        for (int b = 0; b < BUCKETS; b++) sum[b] += s[b] / (double) UNIT / days;
        return true;
    }

    /**
     * The organisation's profile π[b] = sum[b]/n, the mean share over the n entities added with
     * {@link #addProfile}; {@code fallback} in every bucket when n = 0.
     */
    static float[] prior(double[] sum, int n, double fallback) {
        float[] p = new float[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) p[b] = (float) (n == 0 ? fallback : sum[b] / n);
        return p;
    }

    /** Completed days on which the entity was active in each local hour (0..23). */
    int[] hourProfile() {
        int[] p = new int[24];
        for (int r = 0; r < rows; r++) {
            if (rowDay(r) >= foldedBefore) continue;
            for (int hr = 0; hr < 24; hr++) if (anyOfSix(3 * r, 6 * hr)) p[hr]++;
        }
        return p;
    }

    /** Whether any of the six buckets from {@code from} is set in the row at {@code o} (they may straddle two words). */
    private boolean anyOfSix(int o, int from) {
        int w = from >>> 6, shift = from & 63;
        long x = rowBits[o + w] >>> shift;
        if (shift > 58) x |= rowBits[o + w + 1] << (64 - shift); // 60..65 and 126..131 only: w + 1 ≤ 2
        return (x & 0x3F) != 0;
    }

    /** The hours active on at least half of the completed days, as text such as "08:00–17:00". */
    String usualHours() {
        int[] p = hourProfile();
        int n = completedDays();
        String ranges = hourRanges(hr -> n > 0 && 2 * p[hr] >= n);
        return ranges.isEmpty() ? "no regular hours yet" : ranges;
    }

    /**
     * The runs of hours 0..23 for which {@code on} holds, as "08:00–12:00, 13:00–17:00" (each run to the
     * hour after its last); "" when none. Shared with {@link VisitHours#usual}.
     */
    static String hourRanges(java.util.function.IntPredicate on) {
        StringBuilder sb = new StringBuilder();
        int start = -1;
        for (int hr = 0; hr <= 24; hr++) {
            boolean in = hr < 24 && on.test(hr);
            if (in && start < 0) start = hr;
            if (!in && start >= 0) {
                if (sb.length() > 0) sb.append(", ");
                twoDigits(sb, start).append(":00–");
                twoDigits(sb, hr).append(":00");
                start = -1;
            }
        }
        return sb.toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    long bytes() {
        return 16 + 32 + 16 + 8L * rowBits.length + (s == null ? 0 : 16 + 2 * BUCKETS);
    }
}
