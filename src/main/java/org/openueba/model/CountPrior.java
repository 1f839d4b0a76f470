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
        int[] order = byMeanThenMax(means, maxima, n);
        int segments = Math.max(1, (n + segmentSize - 1) / segmentSize);
        double[] c = new double[segments], s = new double[segments];
        for (int g = 0; g < segments; g++) {
            int from = g * segmentSize, to = Math.min(n, from + segmentSize);
            if (n - to < segmentSize / 2 && to < n) to = n; // fold a small remainder into the last segment
            double sum = 0;
            double[] mx = new double[to - from];
            for (int i = from; i < to; i++) {
                sum += means[order[i]];
                mx[i - from] = maxima[order[i]];
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

    /**
     * The indexes 0..n−1 ordered by mean, then maximum (a stable merge sort on primitive indexes: the
     * priors sort every count key's entities every day). Entities that tie on both contribute the same
     * numbers, so how ties are ordered does not change a prior.
     */
    static int[] byMeanThenMax(double[] means, double[] maxima, int n) {
        int[] a = new int[n], b = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n), i = lo, j = mid, k = lo;
                while (i < mid && j < hi) b[k++] = before(a[j], a[i], means, maxima) ? a[j++] : a[i++];
                while (i < mid) b[k++] = a[i++];
                while (j < hi) b[k++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** Whether entity x sorts strictly before y. */
    private static boolean before(int x, int y, double[] means, double[] maxima) {
        return means[x] != means[y] ? Double.compare(means[x], means[y]) < 0 : Double.compare(maxima[x], maxima[y]) < 0;
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
