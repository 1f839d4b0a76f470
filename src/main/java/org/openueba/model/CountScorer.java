package org.openueba.model;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Scores a window count (events, failures, distinct hosts, bytes, device connections per hour or
 * day) against the entity's own history, as in engine.md §3.3:
 * <pre>
 *   σ_post = sqrt((g·σ_prior² + N·σ_user²) / (g + N))            (g = 15 pseudo-observations)
 *   t      = (x − mean) / σ_post
 *   q      = 1 − (2·T_ν(t) − 1) = 2·T_ν(−t),  ν = N − 1 + g      (two-sided Student-t tail)
 *   q &gt; 0.0455 (inside about 2σ)  → 0
 *   else   score = min(100, 4 · log(0.0455 / q) / log 1.5)
 * </pre>
 * then multiplied by the low-count weight: 0 for counts ≤ 3, rising linearly to 1 at 6 (a count of
 * 4 weighs ⅓, 5 weighs ⅔), so that "2 instead of the usual 0" never alerts. Values at or below the
 * mean score 0. With fewer than 2 history points there are no degrees of freedom and the score is
 * 0; with σ_post = 0 any count above the mean scores 100 (before the low-count weight).
 *
 * <p>Degrees of freedom (ours): engine.md §3.3 takes T_{N−1}, as for a σ estimated from the N history
 * points alone. But σ_post also carries the organisation prior worth g pseudo-observations, and with
 * such a conjugate prior on σ² (ν₀ = g) the predictive distribution is Student-t with ν₀ + N − 1
 * degrees of freedom: counting only N − 1 counts the prior's uncertainty twice, and an entity with
 * three days of VPN history could not score more than about 44 for 39 failures in an hour. The
 * forms without {@code g} are the baseline's (g = 0).
 * The t distribution is Apache Commons Math's {@link TDistribution}, created without a random
 * generator (no sampling happens). Pure and thread-safe.
 */
public final class CountScorer {
    /** Two-sided tail probability at about 2σ: counts less surprising than this score 0. */
    public static final double TAIL = 0.0455;
    /** Weight of the organisation prior on σ, in pseudo-observations. */
    public static final double PRIOR_WEIGHT = 15;

    private CountScorer() {
    }

    /**
     * σ_post = sqrt((g·σ_prior² + N·σ_user²)/(g + N)).
     *
     * @throws IllegalArgumentException for negative σ, n or g
     */
    public static double posteriorSigma(double sigmaPrior, double sigmaUser, int n, double g) {
        if (sigmaPrior < 0 || sigmaUser < 0 || n < 0 || g < 0 || (g + n) == 0) {
            throw new IllegalArgumentException("need sigmas >= 0, n >= 0, g >= 0 and g + n > 0");
        }
        return Math.sqrt((g * sigmaPrior * sigmaPrior + n * sigmaUser * sigmaUser) / (g + n));
    }

    /** The tail score before the low-count weight with the baseline's N − 1 degrees of freedom. */
    public static double tailScore(double x, double mean, double sigmaPost, int n) {
        return tailScore(x, mean, sigmaPost, n, 0);
    }

    /** The tail score before the low-count weight, 0..100, with N − 1 + g degrees of freedom (class comment). */
    public static double tailScore(double x, double mean, double sigmaPost, int n, double g) {
        if (n < 2 || !(x > mean)) return 0;
        if (!(sigmaPost > 0)) return 100;
        double t = (x - mean) / sigmaPost;
        double q = 2 * new TDistribution(null, n - 1 + g).cumulativeProbability(-t);
        if (q > TAIL) return 0;
        if (q <= 0) return 100;
        return Math.min(100, 4 * Math.log(TAIL / q) / Math.log(1.5));
    }

    /** 0 for counts ≤ 3, (count − 3)/3 in between, 1 from 6 on. */
    public static double lowCountWeight(double count) {
        if (count <= 3) return 0;
        return Math.min(1, (count - 3) / 3);
    }

    /** {@link #tailScore} × {@link #lowCountWeight}, 0..100, with the baseline's N − 1 degrees of freedom. */
    public static double score(double x, double mean, double sigmaPost, int n) {
        return score(x, mean, sigmaPost, n, 0);
    }

    /** {@link #tailScore(double, double, double, int, double)} × {@link #lowCountWeight}, 0..100. */
    public static double score(double x, double mean, double sigmaPost, int n, double g) {
        return tailScore(x, mean, sigmaPost, n, g) * lowCountWeight(x);
    }
}
