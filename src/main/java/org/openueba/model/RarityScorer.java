package org.openueba.model;

/**
 * The category-rarity score of the baseline design (engine.md §3.1), as a pure function of an
 * entity's history. Given
 * <ul>
 *   <li>{@code count} — on how many distinct days the entity used the value (0 when never),</li>
 *   <li>{@code H(k)}, k ≥ 1 — on how many distinct days the entity used some value whose count is
 *       at most k (the histogram of rare days),</li>
 *   <li>{@code days} — the number of days with any activity,</li>
 * </ul>
 * and c = count + 1:
 * <pre>
 *   c &gt; maxRareCount                                   → 0
 *   n = 1 + H(c) + Σ_{j=1..maxRareCount} (H(c+j) − H(c+j−1)) · D(maxRareCount, j+1)
 *   n &gt; maxRareDays                                    → 0
 *   p  = 1 − n / (days + 1),   p' = max(0, (p − 0.7) / 0.3)
 *   score = floor(100 · p' · min(D(maxRareCount, c), D(maxRareDays, n)))
 * </pre>
 * A value scores high when it is new for the entity <em>and</em> the entity rarely has days with
 * rare values: an entity that is somewhere new on more than 30 % of its days never scores.
 * Defaults: maxRareCount = 8, maxRareDays = 15. The result is in 0..100. Pure and thread-safe.
 *
 * @param maxRareCount values used on more days than this (after adding one) are never rare; ≥ 1
 * @param maxRareDays  entities with more (discounted) rare days than this never score; ≥ 1
 */
public record RarityScorer(int maxRareCount, int maxRareDays) {
    public static final RarityScorer DEFAULT = new RarityScorer(8, 15);

    /** D(R, x) for whole x = 0..R + 1 and R up to 64, computed once (the same doubles as {@link Discount#of}). */
    private static final double[][] DISCOUNTS = new double[65][];

    static {
        for (int r = 1; r < DISCOUNTS.length; r++) {
            DISCOUNTS[r] = new double[r + 2];
            for (int x = 0; x < r + 2; x++) DISCOUNTS[r][x] = Discount.of(r, x);
        }
    }

    /** D(range, x) for a whole x ≥ 0, from the table when it has it. */
    private static double discount(int range, int x) {
        return range < DISCOUNTS.length && x < range + 2 ? DISCOUNTS[range][x] : Discount.of(range, x);
    }

    public RarityScorer {
        if (maxRareCount < 1) throw new IllegalArgumentException("maxRareCount must be >= 1, was " + maxRareCount);
        if (maxRareDays < 1) throw new IllegalArgumentException("maxRareDays must be >= 1, was " + maxRareDays);
    }

    /** The histogram of rare days: H(k) for k ≥ 1, non-decreasing in k. */
    @FunctionalInterface
    public interface RareDays {
        int upTo(int k);
    }

    /**
     * @param count days on which the entity used the value, ≥ 0
     * @param h     the entity's histogram of rare days
     * @param days  days with any activity of the entity, ≥ 0
     * @return the score, 0..100
     */
    public int score(int count, RareDays h, int days) {
        if (count < 0 || days < 0) throw new IllegalArgumentException("count and days must be >= 0");
        return (int) Math.floor(exactScore(count, h, days));
    }

    /** The score before flooring (for interpolation, as the time-of-day model needs). */
    public double exactScore(int count, RareDays h, int days) {
        int c = count + 1;
        if (c > maxRareCount) return 0;
        double n = rareDayWeight(c, h);
        if (n > maxRareDays) return 0;
        double p = 1 - n / (days + 1.0);
        double pPrime = Math.max(0, (p - 0.7) / 0.3);
        if (pPrime == 0) return 0; // the same +0.0 as the product below, without its discounts
        return 100 * pPrime * Math.min(discount(maxRareCount, c), Discount.of(maxRareDays, n));
    }

    /** n = 1 + H(c) + Σ_{j=1..maxRareCount} (H(c+j) − H(c+j−1)) · D(maxRareCount, j+1). */
    double rareDayWeight(int c, RareDays h) {
        double n = 1 + h.upTo(c);
        for (int j = 1; j <= maxRareCount; j++) {
            n += (h.upTo(c + j) - h.upTo(c + j - 1)) * discount(maxRareCount, j + 1);
        }
        return n;
    }
}
