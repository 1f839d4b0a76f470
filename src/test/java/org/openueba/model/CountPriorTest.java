package org.openueba.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The segmented organisation prior on σ (engine.md §3.3), on small hand examples. */
class CountPriorTest {
    static final double EPS = 1e-12;

    @Test
    void percentileIsR7() {
        // sorted[(n − 1)·p], linearly interpolated
        assertEquals(3.0, CountPrior.percentile(new double[]{5, 1, 3, 2, 4}, 0.5), EPS);
        assertEquals(4.96, CountPrior.percentile(new double[]{5, 1, 3, 2, 4}, 0.99), EPS); // 4 + 0.96·1
        assertEquals(8.85, CountPrior.percentile(new double[]{2, 4, 9, 3}, 0.99), EPS);    // 4 + 0.97·5
        assertEquals(7.0, CountPrior.percentile(new double[]{7}, 0.99), EPS);
        assertEquals(0.0, CountPrior.percentile(new double[0], 0.99), EPS);
        double[] v = {3, 1, 2};
        CountPrior.percentile(v, 0.5);
        assertArrayEquals(new double[]{3, 1, 2}, v, 0.0); // the input is not reordered
    }

    @Test
    void segmentsOfNeighbouringMeansWithASmallRemainderFolded() {
        // (mean, max) of 9 entities, in no particular order; segments of 4, floor 1
        double[] means = {5, 1, 3, 2, 4, 0, 6, 8, 7};
        double[] maxima = {12, 4, 9, 3, 10, 2, 14, 30, 16};
        CountPrior p = CountPrior.build(means, maxima, 9, 4, 0.99, 1, 42);
        // segment 0: means 0,1,2,3 → centre 1.5; maxima 2,4,9,3 → P99 = 4 + 0.97·(9 − 4) = 8.85;
        //            σ = (8.85 − 1.5)/2 = 3.675
        // segment 1: means 4..7, and the one entity left (8) is fewer than 4/2, so it folds in:
        //            means 4..8 → centre 6; maxima 10,12,14,16,30 → P99 = 16 + 0.96·14 = 29.44;
        //            σ = (29.44 − 6)/2 = 11.72
        assertArrayEquals(new double[]{1.5, 6}, p.centres, EPS);
        assertArrayEquals(new double[]{3.675, 11.72}, p.sigmas, 1e-12);
        assertEquals(42, p.version);
        // interpolation between the centres, constant beyond the ends
        assertEquals(3.675, p.sigma(1.5), EPS);
        assertEquals(11.72, p.sigma(6), EPS);
        assertEquals(3.675, p.sigma(0), EPS);
        assertEquals(11.72, p.sigma(100), EPS);
        assertEquals(3.675 + 0.5 * (11.72 - 3.675), p.sigma(3.75), 1e-12); // halfway: 7.6975
        assertEquals(3.675 + (1.0 / 4.5) * (11.72 - 3.675), p.sigma(2.5), 1e-12);
    }

    @Test
    void aRemainderOfHalfASegmentKeepsItsOwnSegment() {
        // 10 entities, means 0..9, max = mean + 2, segments of 4: 4 + 4 + 2 (2 = 4/2 is not folded)
        double[] means = new double[10], maxima = new double[10];
        for (int i = 0; i < 10; i++) {
            means[i] = i;
            maxima[i] = i + 2;
        }
        CountPrior p = CountPrior.build(means, maxima, 10, 4, 0.99, 1, 1);
        // centres 1.5, 5.5, 8.5; P99 of maxima: 4 + 0.97 = 4.97, 8 + 0.97 = 8.97, 10 + 0.99 = 10.99
        assertArrayEquals(new double[]{1.5, 5.5, 8.5}, p.centres, EPS);
        assertArrayEquals(new double[]{(4.97 - 1.5) / 2, (8.97 - 5.5) / 2, (10.99 - 8.5) / 2}, p.sigmas, 1e-12);
    }

    @Test
    void theNinetiethPercentileIsNotSetByOneBurstyNeighbour() {
        // one segment of 10 entities with mean 1; maxima sorted 3,3,3,4,4,4,5,5,6,20 (one bursty entity)
        double[] means = new double[10];
        java.util.Arrays.fill(means, 1);
        double[] maxima = {20, 3, 4, 5, 3, 6, 4, 5, 3, 4};
        // P99 (engine.md): index 9·0.99 = 8.91 → 6 + 0.91·(20 − 6) = 18.74; σ = (18.74 − 1)/2 = 8.87
        assertArrayEquals(new double[]{8.87}, CountPrior.build(means, maxima, 10, 10, 0.99, 1, 1).sigmas, 1e-12);
        // P90 (default): index 9·0.9 = 8.1 → 6 + 0.1·14 = 7.4; σ = (7.4 − 1)/2 = 3.2
        assertArrayEquals(new double[]{3.2}, CountPrior.build(means, maxima, 10, 10, 0.9, 1, 1).sigmas, 1e-12);
        assertEquals(0.9, ModelConfig.DEFAULT.countPriorPercentile(), 0);
    }

    @Test
    void theFloorHoldsForEntitiesWithoutSpread() {
        // constant counts: V − centre = 0 → σ = floor
        CountPrior p = CountPrior.build(new double[]{2, 2}, new double[]{2, 2}, 2, 10, 0.9, 1, 1);
        assertArrayEquals(new double[]{2}, p.centres, EPS);
        assertEquals(1.0, p.sigma(0), EPS);
        assertEquals(1.0, p.sigma(50), EPS);
        // only the first n entries count
        p = CountPrior.build(new double[]{0, 0, 99}, new double[]{10, 10, 999}, 2, 10, 0.9, 1, 1);
        assertArrayEquals(new double[]{0}, p.centres, EPS);
        assertArrayEquals(new double[]{5}, p.sigmas, EPS); // (10 − 0)/2
    }

    @Test
    void theSortOrdersThePairsByMeanThenMaximumAsDoubleCompareDoes() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        double[] specials = {0.0, -0.0, 1.5, -2.25, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int t = 0; t < 200; t++) {
            int n = t < 40 ? t : 1 + rnd.nextInt(3_000);
            double[] means = new double[n], maxima = new double[n];
            for (int i = 0; i < n; i++) {
                // many ties (small whole numbers and repeated fractions) as counts give, and some odd values
                means[i] = rnd.nextInt(10) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextInt(40) / (1.0 + rnd.nextInt(3));
                maxima[i] = rnd.nextInt(10) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextInt(60);
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            java.util.Arrays.sort(order, (x, y) -> Double.compare(means[x], means[y]) != 0 ? Double.compare(means[x], means[y])
                    : Double.compare(maxima[x], maxima[y]));
            long[][] sorted = CountPrior.byMeanThenMax(means, maxima, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(means[order[i]]), Double.doubleToRawLongBits(CountPrior.value(sorted[0][i])), "mean " + i);
                assertEquals(Double.doubleToRawLongBits(maxima[order[i]]), Double.doubleToRawLongBits(CountPrior.value(sorted[1][i])), "max " + i);
            }
        }
    }
}
