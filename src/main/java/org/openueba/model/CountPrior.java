package org.openueba.model;

import java.util.Arrays;

/**
 * The organisation's prior on σ for one count metric and window (engine.md §3.3). Entities are sorted
 * by their mean and cut into segments of {@code segmentSize} neighbours; for each segment
 * <pre>
 *   centre = mean of the segment's means,  V = p-th percentile of the segment's maxima (p = 0.9),
 *   σ_prior(centre) = max(floor, (V − centre)/2)
 * </pre>
 * and σ_prior(m) interpolates linearly between neighbouring centres (constant beyond the ends). A
 * single organisation-wide prior is dominated by the heaviest entities and would drown the quiet
 * ones; segments keep a quiet user's prior quiet. engine.md §3.3 takes the 99th percentile, which in a
 * segment of 10 is the maximum (R-7: 0.91 of the way from the 9th to the 10th): one bursty neighbour
 * then sets σ for ten entities. The default 90th percentile (0.9·9th + 0.1·10th) is what the segment
 * says without its single loudest entity (docs/algorithms.md, "Window counts"). Immutable once built.
 */
final class CountPrior {
    final double[] centres;
    final double[] sigmas;
    final int version;
    final double floor;

    CountPrior(double[] centres, double[] sigmas, int version, double floor) {
        this.centres = centres;
        this.sigmas = sigmas;
        this.version = version;
        this.floor = floor;
    }

    /**
     * Builds the prior from each entity's (mean, maximum).
     *
     * @param means    entity means (any order; sorted together with maxima here)
     * @param maxima   entity maxima
     * @param percentile the percentile of a segment's maxima that sets its σ (0.5..1)
     */
    static CountPrior build(double[] means, double[] maxima, int n, int segmentSize, double percentile, double floor, int version) {
        // the (mean, maximum) pairs in order, as keys that compare as the doubles do (Double.compare)
        long[][] sorted = byMeanThenMax(means, maxima, n);
        long[] m = sorted[0], x = sorted[1];
        int segments = Math.max(1, (n + segmentSize - 1) / segmentSize);
        double[] c = new double[segments], s = new double[segments];
        for (int g = 0; g < segments; g++) {
            int from = g * segmentSize, to = Math.min(n, from + segmentSize);
            if (n - to < segmentSize / 2 && to < n) to = n; // fold a small remainder into the last segment
            double sum = 0;
            double[] mx = new double[to - from];
            for (int i = from; i < to; i++) {
                sum += value(m[i]);
                mx[i - from] = value(x[i]);
            }
            c[g] = to > from ? sum / (to - from) : 0;
            s[g] = Math.max(floor, (percentile(mx, percentile) - c[g]) / 2);
            if (to == n) {
                segments = g + 1;
                break;
            }
        }
        return new CountPrior(Arrays.copyOf(c, segments), Arrays.copyOf(s, segments), version, floor);
    }

    /** Run length sorted by insertion before the merges. */
    private static final int RUN = 16;

    /**
     * The n (mean, maximum) pairs sorted by mean, then maximum, as two arrays of {@link #key}s: the priors
     * sort every count key's entities every day, so the sort moves the keys themselves (two longs, no
     * indirection, one integer comparison each) in a stable bottom-up merge sort over insertion-sorted runs.
     * Pairs that tie on both are the same numbers, so how ties are ordered does not change a prior.
     */
    static long[][] byMeanThenMax(double[] means, double[] maxima, int n) {
        long[] a1 = new long[n], a2 = new long[n], b1 = new long[n], b2 = new long[n];
        for (int i = 0; i < n; i++) {
            a1[i] = key(means[i]);
            a2[i] = key(maxima[i]);
        }
        for (int lo = 0; lo < n; lo += RUN) {
            int hi = Math.min(n, lo + RUN);
            for (int i = lo + 1; i < hi; i++) {
                long k1 = a1[i], k2 = a2[i];
                int j = i - 1;
                while (j >= lo && (a1[j] > k1 || (a1[j] == k1 && a2[j] > k2))) {
                    a1[j + 1] = a1[j];
                    a2[j + 1] = a2[j];
                    j--;
                }
                a1[j + 1] = k1;
                a2[j + 1] = k2;
            }
        }
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n), i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    // the right one first only when strictly smaller: stable
                    if (a1[j] < a1[i] || (a1[j] == a1[i] && a2[j] < a2[i])) {
                        b1[k] = a1[j];
                        b2[k++] = a2[j++];
                    } else {
                        b1[k] = a1[i];
                        b2[k++] = a2[i++];
                    }
                }
                System.arraycopy(a1, i, b1, k, mid - i);
                System.arraycopy(a2, i, b2, k, mid - i);
                k += mid - i;
                System.arraycopy(a1, j, b1, k, hi - j);
                System.arraycopy(a2, j, b2, k, hi - j);
            }
            long[] t = a1;
            a1 = b1;
            b1 = t;
            t = a2;
            a2 = b2;
            b2 = t;
        }
        return new long[][]{a1, a2};
    }

    /**
     * A long that orders as {@link Double#compare} orders doubles (negative values with their magnitude bits
     * flipped, −0 before +0, NaN last); {@link #value} turns it back.
     */
    static long key(double d) {
        long b = Double.doubleToLongBits(d);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    static double value(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** Linear-interpolation percentile (the "R-7" definition): sorted[(n − 1)·p]. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) return 0;
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = (v.length - 1) * p;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    /** σ_prior at an entity mean of {@code m}. */
    double sigma(double m) {
        if (centres.length == 0) return floor;
        if (m <= centres[0]) return sigmas[0];
        int last = centres.length - 1;
        if (m >= centres[last]) return sigmas[last];
        int i = Arrays.binarySearch(centres, m);
        if (i >= 0) return sigmas[i];
        int hi = -i - 1, lo = hi - 1;
        double f = (m - centres[lo]) / (centres[hi] - centres[lo]);
        return sigmas[lo] + f * (sigmas[hi] - sigmas[lo]);
    }
}
