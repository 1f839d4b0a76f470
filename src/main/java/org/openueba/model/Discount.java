package org.openueba.model;

/**
 * The logistic discount of the baseline design (design notes, engine.md §3):
 * <pre>
 *   D(R, x) = 1 / (1 + ((x − 1) / (R/4))^s),   s = ln 99 / ln 4 ≈ 3.3147
 * </pre>
 * It is 1 at x = 1, ½ at x − 1 = R/4 and 0.01 at x − 1 = R, decreasing in between and beyond.
 * Arguments below 1 are treated as 1. Pure and thread-safe.
 */
public final class Discount {
    /** The exponent s = ln 99 / ln 4, chosen so that D(R, 1 + R) = 0.01. */
    public static final double EXPONENT = Math.log(99) / Math.log(4);

    private Discount() {
    }

    /**
     * @param range R, strictly positive
     * @param x     the argument; values below 1 give 1
     * @throws IllegalArgumentException when {@code range} is not positive and finite
     */
    public static double of(double range, double x) {
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("range must be > 0 and finite, was " + range);
        }
        if (!(x > 1)) return 1.0;
        return 1.0 / (1.0 + Math.pow((x - 1) / (range / 4), EXPONENT));
    }
}
