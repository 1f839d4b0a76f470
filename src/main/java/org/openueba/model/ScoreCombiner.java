package org.openueba.model;

import java.util.Arrays;

/**
 * Combines several 0–100 scores of one event into one (engine.md §3.5, the "Pareto" rule): sort
 * descending, start with weight w = 0.8, and for each score {@code acc += s·w; w = 1 − acc/100}.
 * The strongest score dominates, each further score adds a share of what is left: [90, 50] gives
 * 72 + 50·0.28 = 86. The result stays in 0..100 for inputs in 0..100. Pure and thread-safe.
 */
public final class ScoreCombiner {
    /** Weight of the highest score. */
    public static final double FIRST_WEIGHT = 0.8;

    private ScoreCombiner() {
    }

    /**
     * @param scores each in 0..100 (not modified)
     * @return the combined score; 0 for no scores
     * @throws IllegalArgumentException naming a score outside 0..100 or NaN
     */
    public static double combine(double... scores) {
        double[] s = scores.clone();
        for (double x : s) {
            if (!(x >= 0 && x <= 100)) throw new IllegalArgumentException("scores must be in 0..100, was " + x);
        }
        Arrays.sort(s);
        double acc = 0, w = FIRST_WEIGHT;
        for (int i = s.length - 1; i >= 0; i--) {
            acc += s[i] * w;
            w = 1 - acc / 100;
        }
        return acc;
    }
}
