package org.openueba.model;

/**
 * The time-of-day score (docs/algorithms.md, "Time of day"): how unusual it is for an entity to be
 * active in a ten-minute bucket, given {@code s} — the smoothed number of its completed days that were
 * active around that bucket — its number of completed days {@code N} and the organisation's share
 * {@code π} for the same bucket:
 * <pre>
 *   q     = (s + a·π) / (N + a)                               the share of active days, with a prior of a days
 *   score = 100 · clamp( ln(usual/q) / ln(usual/rare), 0, 1 )
 * </pre>
 * A bucket active on {@code usual} (10 %) of days or more scores 0, one active on {@code rare}
 * (0.5 %) of days or less scores 100, and in between the score is linear in log q: once in 20 days
 * → 23.1, once in 40 → 46.3, once in 100 → 76.9. The engine multiplies the result by the entity's
 * certainty. Pure and thread-safe.
 *
 * @param priorDays  a, pseudo-days of the organisation's profile mixed into every entity's (default 2); ≥ 0
 * @param usualShare the share of days at which a bucket is usual and scores 0 (default 0.1); in (0, 1]
 * @param rareShare  the share of days at which a bucket scores 100 (default 0.005); in (0, usualShare)
 */
public record HoursScorer(double priorDays, double usualShare, double rareShare) {
    public static final HoursScorer DEFAULT = new HoursScorer(2, 0.1, 0.005);

    public HoursScorer {
        if (!(priorDays >= 0)) throw new IllegalArgumentException("priorDays must be >= 0, was " + priorDays);
        if (!(usualShare > 0 && usualShare <= 1)) throw new IllegalArgumentException("usualShare must be in (0, 1], was " + usualShare);
        if (!(rareShare > 0 && rareShare < usualShare)) {
            throw new IllegalArgumentException("rareShare must be in (0, usualShare), was " + rareShare);
        }
    }

    /**
     * q = (s + a·π)/(N + a): the share of active days on which the entity was active around the bucket.
     *
     * @param smoothed s, the smoothed count of days, ≥ 0
     * @param days     N, completed days, ≥ 0
     * @param prior    π, the organisation's share for the bucket, in [0, 1]
     * @return q; when N + a = 0 (no history, no prior) the prior itself
     */
    public double share(double smoothed, int days, double prior) {
        double den = days + priorDays;
        return den == 0 ? prior : (smoothed + priorDays * prior) / den;
    }

    /** 100·clamp(ln(usual/q)/ln(usual/rare), 0, 1); 100 for q = 0. */
    public double score(double share) {
        if (share >= usualShare) return 0;
        if (share <= rareShare) return 100;
        return 100 * Math.log(usualShare / share) / Math.log(usualShare / rareShare);
    }
}
