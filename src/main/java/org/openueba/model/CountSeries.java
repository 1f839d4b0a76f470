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
    private static final double[] T_CRITICAL = new double[DayRing.CAPACITY + 2];

    final CountMetric metric;
    float[] rows = new float[12];
    int size;
    int hour = Integer.MIN_VALUE;
    float hourCount;
    int[] hourSet, daySet;
    int hourSetN, daySetN;
    float mWeight, mMean, mM2;
    int momentsDay = Integer.MIN_VALUE;
    /** The moments' weight and M2 when the current day started ({@link #advance}): what scores use. */
    float dayWeight, dayM2;

    // statistics of the completed days, cached per (day, prior version)
    private int cacheDay = Integer.MIN_VALUE, cachePrior = -1;
    int n;
    double hMean, hSigma, hLimit, dMean, dSigma, dLimit;

    CountSeries(CountMetric metric) {
        this.metric = metric;
    }

    /** The two-sided critical t (q = 0.0455) for {@code df} degrees of freedom, cached. */
    static double tCritical(int df) {
        if (df >= T_CRITICAL.length) return new TDistribution(null, df).inverseCumulativeProbability(1 - CountScorer.TAIL / 2);
        double t = T_CRITICAL[df];
        if (t == 0) {
            t = new TDistribution(null, df).inverseCumulativeProbability(1 - CountScorer.TAIL / 2);
            T_CRITICAL[df] = t;
        }
        return t;
    }

    private int rowOf(int day) {
        for (int r = size - 1; r >= 0; r--) {
            float d = rows[3 * r];
            if (d == day) return r;
            if (d < day) {
                return insert(r + 1, day);
            }
        }
        return insert(0, day);
    }

    private int insert(int at, int day) {
        if (3 * (size + 1) > rows.length) rows = Arrays.copyOf(rows, rows.length + 12); // a day at a time: 4 rows of slack at most
        System.arraycopy(rows, 3 * at, rows, 3 * at + 3, 3 * (size - at));
        rows[3 * at] = day;
        rows[3 * at + 1] = 0;
        rows[3 * at + 2] = 0;
        size++;
        return at;
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
            rows[3 * r + 2] += (float) amount;
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
                rows[3 * r + 1] = Math.max(rows[3 * r + 1], hourCount);
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
                rows[3 * r + 2]++;
            }
        } else {
            hourCount += (float) amount;
            rows[3 * r + 2] += (float) amount;
        }
        rows[3 * r + 1] = Math.max(rows[3 * r + 1], hourCount);
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
            double f = Math.pow(0.5, (day - momentsDay) / halfLifeDays);
            mWeight *= (float) f;
            mM2 *= (float) f;
        }
        momentsDay = day;
        dayWeight = mWeight;
        dayM2 = mM2;
        int drop = 0;
        while (drop < size && rows[3 * drop] <= day - window) drop++;
        if (drop > 0) {
            System.arraycopy(rows, 3 * drop, rows, 0, 3 * (size - drop));
            size -= drop;
        }
        cacheDay = Integer.MIN_VALUE;
    }

    /** The open hour's count. */
    double hourValue() {
        return hourCount;
    }

    /** The count of {@code day} so far. */
    double dayValue(int day) {
        for (int r = size - 1; r >= 0; r--) if (rows[3 * r] == day) return rows[3 * r + 2];
        return 0;
    }

    /** Mean and maximum of the completed days' values (column 1 = hourly maxima, 2 = day totals). */
    double[] meanMax(int column, int currentDay) {
        double sum = 0, max = 0;
        int k = 0;
        for (int r = 0; r < size; r++) {
            if (rows[3 * r] >= currentDay) continue;
            sum += rows[3 * r + column];
            max = Math.max(max, rows[3 * r + column]);
            k++;
        }
        return k == 0 ? null : new double[]{sum / k, max, k};
    }

    /** Refreshes the cached statistics for {@code currentDay}. */
    void refresh(int currentDay, CountPrior hourPrior, CountPrior dayPrior, double g) {
        int version = (hourPrior == null ? 0 : hourPrior.version) * 31 + (dayPrior == null ? 0 : dayPrior.version);
        if (cacheDay == currentDay && cachePrior == version) return;
        cacheDay = currentDay;
        cachePrior = version;
        double sh = 0, sh2 = 0, sd = 0, sd2 = 0;
        int k = 0;
        for (int r = 0; r < size; r++) {
            if (rows[3 * r] >= currentDay) continue;
            double a = rows[3 * r + 1], b = rows[3 * r + 2];
            sh += a;
            sh2 += a * a;
            sd += b;
            sd2 += b * b;
            k++;
        }
        n = k;
        if (k < 2) {
            hLimit = dLimit = Double.POSITIVE_INFINITY;
            return;
        }
        hMean = sh / k;
        dMean = sd / k;
        double sdMax = Math.sqrt(Math.max(0, (sh2 - k * hMean * hMean) / (k - 1)));
        // the moments of the completed days: the same whether this runs at the day's first event or later
        double sdAll = dayWeight > 1 ? Math.sqrt(Math.max(0, dayM2 / (dayWeight - 1))) : 0;
        double sdDay = Math.sqrt(Math.max(0, (sd2 - k * dMean * dMean) / (k - 1)));
        hSigma = CountScorer.posteriorSigma(hourPrior == null ? 0 : hourPrior.sigma(hMean), Math.max(sdMax, sdAll), k, g);
        dSigma = CountScorer.posteriorSigma(dayPrior == null ? 0 : dayPrior.sigma(dMean), sdDay, k, g);
        double t = tCritical(k - 1);
        hLimit = hMean + t * hSigma;
        dLimit = dMean + t * dSigma;
    }

    /** Score of a window value given the cached statistics of that window. */
    double score(double x, double mean, double sigma, double limit) {
        if (n < 2 || !(x > limit)) return 0;
        if (metric.counting() && x <= 3) return 0;
        return metric.counting() ? CountScorer.score(x, mean, sigma, n) : CountScorer.tailScore(x, mean, sigma, n);
    }

    long bytes() {
        return 16 + 4 * 18 + 16 + 4L * rows.length + (hourSet == null ? 0 : 16 + 4L * hourSet.length)
                + (daySet == null ? 0 : 16 + 4L * daySet.length);
    }
}
