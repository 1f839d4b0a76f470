package org.openueba.model;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * One entity's window counts of one metric of one source (engine.md §3.3), for hour and day windows.
 * Per active day of the source in the window it keeps one row: the day, the day's maximum hourly
 * count and the day's total (12 bytes a day). The hourly values themselves are summarised by
 * exponentially decayed moments (half-life {@link ModelConfig#allHoursHalfLifeDays()}), which give the
 * "sd of all values" without storing every hour; scores use the moments as they were when the
 * entity's current day started (the hours closed since then join them but not the statistics, so the
 * statistics stay those of the completed days, whenever they are computed). Scores compare the open
 * hour's and the open day's count with the completed days:
 * <pre>
 *   hour window: mean = mean of the daily maxima, σ_user = max(sd of maxima, sd of all hourly values)
 *   day window:  mean = mean of the daily totals,  σ_user = sd of the daily totals
 *   σ_post = sqrt((g·σ_prior(mean)² + N·σ_user²)/(g + N)), then {@link CountScorer}
 * </pre>
 * Not thread-safe.
 */
final class CountSeries {
    /** Critical t by whole degrees of freedom: up to the history's days plus a prior of up to 127 pseudo-observations. */
    private static final double[] T_CRITICAL = new double[DayRing.CAPACITY + 128];

    final CountMetric metric;
    /**
     * The rows (day, day's maximum hourly count, day's total), three cells each, in one of two forms:
     * {@code small} while every count is a whole number of at most 65,535 and every day is within 65,535
     * days of {@code base} (6 bytes a row: the day as an offset from {@code base}); otherwise {@code wide}
     * (floats, 12 bytes a row, as the counts are accumulated). Exactly one of the two is non-null. The
     * values are the same floats in both forms (a whole number below 2^24 is exact in a float), so the
     * form never changes a score.
     */
    char[] small = new char[12];
    float[] wide;
    int base;
    int size;
    int hour = Integer.MIN_VALUE;
    float hourCount;
    int[] hourSet, daySet;
    int hourSetN, daySetN;
    float mWeight, mMean, mM2;
    int momentsDay = Integer.MIN_VALUE;
    /** The moments' weight and M2 when the current day started ({@link #advance}): what scores use. */
    float dayWeight, dayM2;

    // statistics of the completed days, cached per (day, prior version); the engine refreshes them at the
    // entity's rollover, where the rows are at hand, and the organisation's priors read the means and maxima
    private int cacheDay = Integer.MIN_VALUE, cachePrior = -1;
    int n;
    double hMean, hSigma, dMean, dSigma;
    /** The largest hourly maximum and day total of the completed days (set with the means, when n ≥ 2). */
    float hMax, dMax;
    /**
     * The span window's statistics for the current day, null unless the metric has one: the mean and
     * σ_post of the history's N-day counts, the effective number of days, the number of counts and their
     * maximum (see {@link #refresh}).
     */
    double[] span;

    CountSeries(CountMetric metric) {
        this.metric = metric;
    }

    /** The two-sided critical t (q = 0.0455) for {@code df} degrees of freedom, cached for whole numbers. */
    static double tCritical(double df) {
        int i = (int) df;
        if (i != df || i >= T_CRITICAL.length) return new TDistribution(null, df).inverseCumulativeProbability(1 - CountScorer.TAIL / 2);
        double t = T_CRITICAL[i];
        if (t == 0) {
            t = new TDistribution(null, df).inverseCumulativeProbability(1 - CountScorer.TAIL / 2);
            T_CRITICAL[i] = t;
        }
        return t;
    }

    /** The day of row {@code r}. */
    int day(int r) {
        return wide != null ? (int) wide[3 * r] : base + small[3 * r];
    }

    /** Cell {@code c} (1 = the day's maximum hourly count, 2 = its total) of row {@code r}. */
    float cell(int r, int c) {
        return wide != null ? wide[3 * r + c] : small[3 * r + c];
    }

    private void put(int r, int c, float v) {
        if (wide == null) {
            if (v >= 0 && v <= Character.MAX_VALUE && v == (int) v) {
                small[3 * r + c] = (char) v;
                return;
            }
            widen();
        }
        wide[3 * r + c] = v;
    }

    /** Switches to floats for good (until a restore): a count no longer fits 16 bits. */
    private void widen() {
        float[] w = new float[small.length];
        for (int r = 0; r < size; r++) {
            w[3 * r] = base + small[3 * r];
            w[3 * r + 1] = small[3 * r + 1];
            w[3 * r + 2] = small[3 * r + 2];
        }
        wide = w;
        small = null;
    }

    private int rowOf(int day) {
        for (int r = size - 1; r >= 0; r--) {
            int d = day(r);
            if (d == day) return r;
            if (d < day) {
                return insert(r + 1, day);
            }
        }
        return insert(0, day);
    }

    private int insert(int at, int day) {
        if (wide == null) {
            if (size == 0) base = day;
            else if (day < base) rebase(day);
            if (wide == null && day - base > Character.MAX_VALUE) widen();
        }
        if (wide == null) {
            if (3 * (size + 1) > small.length) small = Arrays.copyOf(small, small.length + 12); // 4 rows of slack at most
            System.arraycopy(small, 3 * at, small, 3 * at + 3, 3 * (size - at));
            small[3 * at] = (char) (day - base);
            small[3 * at + 1] = 0;
            small[3 * at + 2] = 0;
        } else {
            if (3 * (size + 1) > wide.length) wide = Arrays.copyOf(wide, wide.length + 12);
            System.arraycopy(wide, 3 * at, wide, 3 * at + 3, 3 * (size - at));
            wide[3 * at] = day;
            wide[3 * at + 1] = 0;
            wide[3 * at + 2] = 0;
        }
        size++;
        return at;
    }

    /** Moves {@code base} back to {@code day} (a late event before the first row), or widens when the rows would not fit. */
    private void rebase(int day) {
        if (day(size - 1) - day > Character.MAX_VALUE) {
            widen();
            return;
        }
        int shift = base - day;
        for (int r = 0; r < size; r++) small[3 * r] += (char) shift;
        base = day;
    }

    private static int add(int[] set, int n, int v) {
        for (int i = 0; i < n; i++) if (set[i] == v) return -1;
        return n;
    }

    /**
     * Adds event to the windows. {@code amount} is the metric's increment; for distinct hosts,
     * {@code hostId} is the destination host (−1 for none).
     */
    void add(double amount, int hostId, int day, int localHour, int currentDay) {
        if (day < currentDay) { // late event: only the day total of its own day
            if (metric == CountMetric.DISTINCT_DST_HOSTS) return;
            int r = rowOf(day); // may reallocate rows: index after the call
            put(r, 2, cell(r, 2) + (float) amount);
            cacheDay = Integer.MIN_VALUE;
            return;
        }
        if (localHour != hour) {
            closeHour();
            hour = localHour;
            hourCount = 0;
            hourSetN = 0;
        }
        int r = rowOf(day);
        if (metric == CountMetric.DISTINCT_DST_HOSTS) {
            if (hostId < 0) {
                put(r, 1, Math.max(cell(r, 1), hourCount));
                return;
            }
            if (hourSet == null) hourSet = new int[4];
            if (add(hourSet, hourSetN, hostId) >= 0) {
                if (hourSetN == hourSet.length) hourSet = Arrays.copyOf(hourSet, hourSetN * 2);
                hourSet[hourSetN++] = hostId;
                hourCount++;
            }
            if (daySet == null) daySet = new int[4];
            if (add(daySet, daySetN, hostId) >= 0) {
                if (daySetN == daySet.length) daySet = Arrays.copyOf(daySet, daySetN * 2);
                daySet[daySetN++] = hostId;
                put(r, 2, cell(r, 2) + 1);
            }
        } else {
            hourCount += (float) amount;
            put(r, 2, cell(r, 2) + (float) amount);
        }
        put(r, 1, Math.max(cell(r, 1), hourCount));
    }

    /** The open hour's value joins the moments of all hourly values. */
    private void closeHour() {
        if (hour == Integer.MIN_VALUE) return;
        double x = hourCount;
        mWeight += 1;
        double delta = x - mMean;
        mMean += (float) (delta / mWeight);
        mM2 += (float) (delta * (x - mMean));
        hour = Integer.MIN_VALUE;
    }

    /** The entity's current day moved to {@code day}. */
    void advance(int day, int window, double halfLifeDays) {
        closeHour();
        hourCount = 0;
        hourSetN = 0;
        daySetN = 0;
        hourSet = null;
        daySet = null;
        if (momentsDay != Integer.MIN_VALUE && day > momentsDay) {
            double f = decay(day - momentsDay, halfLifeDays);
            mWeight *= (float) f;
            mM2 *= (float) f;
        }
        momentsDay = day;
        dayWeight = mWeight;
        dayM2 = mM2;
        int drop = 0;
        while (drop < size && day(drop) <= day - window) drop++;
        if (drop > 0) {
            if (wide != null) System.arraycopy(wide, 3 * drop, wide, 0, 3 * (size - drop));
            else System.arraycopy(small, 3 * drop, small, 0, 3 * (size - drop));
            size -= drop;
        }
        cacheDay = Integer.MIN_VALUE;
    }

    /** Decay factors 0.5^(i/h) for gaps i of 0..127 days, for one half-life h (the configuration's). */
    private record Decay(double halfLifeDays, double[] factors) {
    }

    private static volatile Decay decay = new Decay(Double.NaN, new double[0]);

    /** 0.5^(days/halfLifeDays), exactly the {@code Math.pow} value, from a table for the common gaps. */
    static double decay(int days, double halfLifeDays) {
        Decay d = decay;
        if (d.halfLifeDays != halfLifeDays) {
            double[] f = new double[128];
            for (int i = 0; i < f.length; i++) f[i] = Math.pow(0.5, i / halfLifeDays);
            decay = d = new Decay(halfLifeDays, f);
        }
        return days >= 0 && days < d.factors.length ? d.factors[days] : Math.pow(0.5, days / halfLifeDays);
    }

    /** The open hour's count. */
    double hourValue() {
        return hourCount;
    }

    /** The count of {@code day} so far. */
    double dayValue(int day) {
        for (int r = size - 1; r >= 0; r--) if (day(r) == day) return cell(r, 2);
        return 0;
    }

    /** The rows as floats (day, maximum hourly count, total; 3 per row), as the snapshots store them. */
    float[] rowsAsFloats() {
        float[] out = new float[3 * size];
        for (int r = 0; r < size; r++) {
            out[3 * r] = day(r);
            out[3 * r + 1] = cell(r, 1);
            out[3 * r + 2] = cell(r, 2);
        }
        return out;
    }

    /** Replaces the rows with {@code rows} (as {@link #rowsAsFloats}), in the small form when they fit. */
    void loadRows(float[] rows, int size) {
        cacheDay = Integer.MIN_VALUE;
        this.size = 0;
        wide = null;
        small = new char[Math.max(12, 3 * size)];
        for (int r = 0; r < size; r++) {
            int at = insert(r, (int) rows[3 * r]);
            put(at, 1, rows[3 * r + 1]);
            put(at, 2, rows[3 * r + 2]);
        }
    }

    /**
     * Mean and maximum of the completed days' values (column 1 = hourly maxima, 2 = day totals) and the
     * number of those days, or null when there is none.
     */
    double[] meanMax(int column, int currentDay) {
        double[] both = new double[4];
        int k = meanMax(currentDay, both);
        return k == 0 ? null : new double[]{both[2 * column - 2], both[2 * column - 1], k};
    }

    /**
     * Mean and maximum of both columns over the completed days in one pass, without allocating (the
     * organisation's priors read every series every day): {@code out} = {mean, max of the hourly maxima,
     * mean, max of the day totals}. Returns the number of completed days (0: out untouched).
     */
    int meanMax(int currentDay, double[] out) {
        double sum1 = 0, max1 = 0, sum2 = 0, max2 = 0;
        int k = completed(currentDay);
        // one loop per form, reading the array directly: the organisation's priors run this over every series daily
        if (wide == null) {
            char[] c = small;
            for (int i = 1, end = 3 * k; i < end; i += 3) {
                float a = c[i], b = c[i + 1];
                sum1 += a;
                max1 = Math.max(max1, a);
                sum2 += b;
                max2 = Math.max(max2, b);
            }
        } else {
            float[] c = wide;
            for (int i = 1, end = 3 * k; i < end; i += 3) {
                float a = c[i], b = c[i + 1];
                sum1 += a;
                max1 = Math.max(max1, a);
                sum2 += b;
                max2 = Math.max(max2, b);
            }
        }
        if (k > 0) {
            out[0] = sum1 / k;
            out[1] = max1;
            out[2] = sum2 / k;
            out[3] = max2;
        }
        return k;
    }

    /**
     * What the organisation's priors take from this series for an entity on {@code currentDay}: as
     * {@link #meanMax(int, double[])} ({@code out} = mean and maximum of the hourly maxima, then of the day
     * totals; the number of completed days returned, out set only when it is at least 2), from the
     * statistics cached by {@link #refresh} when they are of that day (the same sums in the same order, so
     * the same values), else from the rows. Reading the cache spares the walk over every series' rows
     * each organisation day.
     */
    int priorInput(int currentDay, double[] out) {
        if (cacheDay != currentDay) return meanMax(currentDay, out);
        if (n >= 2) {
            out[0] = hMean;
            out[1] = hMax;
            out[2] = dMean;
            out[3] = dMax;
        }
        return n;
    }

    /**
     * The span window's share of {@link #priorInput}: {mean, maximum, number} of the history's N-day
     * counts as {@link #spanMeanMax}, or null when fewer than {@code 2·spanDays} (two effective days).
     */
    double[] spanPriorInput(int currentDay, int spanDays) {
        if (cacheDay == currentDay && span != null) {
            return span[3] >= 2 * spanDays ? new double[]{span[0], span[4], span[3]} : null;
        }
        double[] sm = spanMeanMax(currentDay, spanDays);
        return sm != null && sm[2] >= 2 * spanDays ? sm : null;
    }

    /**
     * The number of completed days before {@code currentDay}: the rows are in day order, so they are the
     * first rows, all but the current day's (and, after a restore or a late event, any later one).
     */
    private int completed(int currentDay) {
        int k = size;
        while (k > 0 && day(k - 1) >= currentDay) k--;
        return k;
    }

    /** Refreshes the cached statistics for {@code currentDay} (no span window). */
    void refresh(int currentDay, CountPrior hourPrior, CountPrior dayPrior, double g) {
        refresh(currentDay, hourPrior, dayPrior, null, 0, g);
    }

    /**
     * Refreshes the cached statistics for {@code currentDay}; with {@code spanDays} N &gt; 0 also those of the
     * span window: over the active days d ≤ currentDay − N (whose sums share no day with the open window's),
     * the N-day counts S_d = Σ day totals of (d − N, d],
     * <pre>
     *   mean = mean of S_d,  σ_user = sd of S_d,  n_eff = ⌊days / N⌋ (neighbouring sums share N − 1 days)
     *   σ_post = sqrt((g·σ_prior(mean)² + n_eff·σ_user²)/(g + n_eff)),  scored with n_eff − 1 + g degrees of freedom
     * </pre>
     */
    void refresh(int currentDay, CountPrior hourPrior, CountPrior dayPrior, CountPrior spanPrior, int spanDays, double g) {
        int version = (hourPrior == null ? 0 : hourPrior.version) * 31 + (dayPrior == null ? 0 : dayPrior.version);
        if (cacheDay == currentDay && cachePrior == version) return;
        cacheDay = currentDay;
        cachePrior = version;
        double sh = 0, sh2 = 0, sd = 0, sd2 = 0;
        float mh = 0, md = 0;
        int k = completed(currentDay);
        for (int r = 0; r < k; r++) {
            float a = cell(r, 1), b = cell(r, 2);
            sh += a;
            sh2 += (double) a * a;
            sd += b;
            sd2 += (double) b * b;
            mh = Math.max(mh, a);
            md = Math.max(md, b);
        }
        n = k;
        if (spanDays > 0) refreshSpan(currentDay, spanPrior, spanDays, g);
        else span = null; // a series is scored with a span window or without, always the same way
        if (k < 2) return;
        hMean = sh / k;
        dMean = sd / k;
        hMax = mh;
        dMax = md;
        double sdMax = Math.sqrt(Math.max(0, (sh2 - k * hMean * hMean) / (k - 1)));
        // the moments of the completed days: the same whether this runs at the day's first event or later
        double sdAll = dayWeight > 1 ? Math.sqrt(Math.max(0, dayM2 / (dayWeight - 1))) : 0;
        double sdDay = Math.sqrt(Math.max(0, (sd2 - k * dMean * dMean) / (k - 1)));
        hSigma = CountScorer.posteriorSigma(hourPrior == null ? 0 : hourPrior.sigma(hMean), Math.max(sdMax, sdAll), k, g);
        dSigma = CountScorer.posteriorSigma(dayPrior == null ? 0 : dayPrior.sigma(dMean), sdDay, k, g);
    }

    private void refreshSpan(int currentDay, CountPrior spanPrior, int spanDays, double g) {
        if (span == null) span = new double[5];
        double[] h = spanHistory(currentDay, spanDays);
        double sum = h[0], sum2 = h[1];
        int k = (int) h[3], nEff = k / spanDays;
        span[2] = nEff;
        span[3] = k;
        if (nEff < 2) return;
        double mean = sum / k, sd = Math.sqrt(Math.max(0, (sum2 - k * mean * mean) / (k - 1)));
        span[0] = mean;
        span[4] = h[2];
        span[1] = CountScorer.posteriorSigma(spanPrior == null ? 0 : spanPrior.sigma(mean), sd, nEff, g);
    }

    /** The N-day count ending on {@code day}: the day totals of days (day − N, day]. */
    double spanValue(int day, int spanDays) {
        int r = size - 1;
        while (r >= 0 && day(r) > day) r--;
        return spanSum(r, day, spanDays);
    }

    /** The day totals of rows {@code r}, r − 1, … back to the first day after {@code day − spanDays}, in that order. */
    private double spanSum(int r, int day, int spanDays) {
        double sum = 0;
        for (; r >= 0; r--) {
            if (day(r) <= day - spanDays) break;
            sum += cell(r, 2);
        }
        return sum;
    }

    /**
     * Mean and maximum of the history's N-day counts (those ending on active days d ≤ currentDay − N, which
     * share no day with the open one) and the number of those days, or null when none.
     */
    double[] spanMeanMax(int currentDay, int spanDays) {
        double[] h = spanHistory(currentDay, spanDays);
        return h[3] == 0 ? null : new double[]{h[0] / h[3], h[2], h[3]};
    }

    /** Sum, sum of squares, maximum and number of the history's N-day counts (see {@link #spanMeanMax}). */
    private double[] spanHistory(int currentDay, int spanDays) {
        double sum = 0, sum2 = 0, max = 0;
        int k = 0;
        for (int r = 0; r < size; r++) {
            int d = day(r);
            if (d > currentDay - spanDays) break; // sums sharing a day with the open one are not history (rows in day order)
            double x = spanSum(r, d, spanDays); // the rows after r are later days
            sum += x;
            sum2 += x * x;
            max = Math.max(max, x);
            k++;
        }
        return new double[]{sum, sum2, max, k};
    }

    /**
     * Score of the open N-day count {@code x} (0 without enough history: n_eff &lt; 2); {@code g} is the σ
     * prior's weight, which also counts as degrees of freedom ({@link CountScorer}).
     */
    double scoreSpan(double x, double g) {
        int nEff = span == null ? 0 : (int) span[2];
        if (nEff < 2) return 0;
        return score(x, span[0], span[1], span[0] + tCritical(nEff - 1 + g) * span[1], nEff, g);
    }

    /** Where the hour window's two-sided tail reaches q = 0.0455: mean + t·σ (+∞ with fewer than 2 days). */
    double hLimit(double g) {
        return n < 2 ? Double.POSITIVE_INFINITY : hMean + tCritical(n - 1 + g) * hSigma;
    }

    /** The same for the day window. */
    double dLimit(double g) {
        return n < 2 ? Double.POSITIVE_INFINITY : dMean + tCritical(n - 1 + g) * dSigma;
    }

    /** Score of the open hour's value {@code x}. */
    double scoreHour(double x, double g) {
        return score(x, hMean, hSigma, hLimit(g), g);
    }

    /** Score of the open day's value {@code x}. */
    double scoreDay(double x, double g) {
        return score(x, dMean, dSigma, dLimit(g), g);
    }

    /** Score of a window value given the statistics of that window. */
    double score(double x, double mean, double sigma, double limit, double g) {
        return score(x, mean, sigma, limit, n, g);
    }

    /** The same with {@code days} points of history ({@link CountScorer}'s n). */
    private double score(double x, double mean, double sigma, double limit, int days, double g) {
        if (days < 2 || !(x > limit)) return 0;
        if (metric.counting() && x <= 3) return 0;
        return metric.counting() ? CountScorer.score(x, mean, sigma, days, g) : CountScorer.tailScore(x, mean, sigma, days, g);
    }

    long bytes() {
        return 16 + 4 * 24 + 8 * 4 + (span == null ? 0 : 16 + 8L * span.length) + (wide != null ? 16 + 4L * wide.length : 16 + 2L * small.length)
                + (hourSet == null ? 0 : 16 + 4L * hourSet.length)
                + (daySet == null ? 0 : 16 + 4L * daySet.length);
    }
}
