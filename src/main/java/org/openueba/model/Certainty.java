package org.openueba.model;

/**
 * How much a model with {@code days} days of history is trusted (engine.md §3):
 * <pre>
 *   certainty = clamp((days − min + 1) / (enough − min + 1), 0, 1)
 * </pre>
 * with the defaults min = 1 and enough = 10: a brand-new entity (0 days) has certainty 0, one day
 * 0.1, ten days or more 1. Scores are multiplied by it so that a new user does not alert on
 * everything. Pure and thread-safe.
 */
public final class Certainty {
    public static final int DEFAULT_MIN_DAYS = 1;
    public static final int DEFAULT_ENOUGH_DAYS = 10;

    private Certainty() {
    }

    /** With the default min = 1 and enough = 10. */
    public static double of(int days) {
        return of(days, DEFAULT_MIN_DAYS, DEFAULT_ENOUGH_DAYS);
    }

    /**
     * @throws IllegalArgumentException unless 0 ≤ min ≤ enough
     */
    public static double of(int days, int min, int enough) {
        if (min < 0 || enough < min) {
            throw new IllegalArgumentException("need 0 <= min <= enough, was min=" + min + ", enough=" + enough);
        }
        double c = (double) (days - min + 1) / (enough - min + 1);
        return Math.max(0, Math.min(1, c));
    }
}
