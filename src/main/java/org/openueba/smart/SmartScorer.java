package org.openueba.smart;

import java.util.Arrays;

/**
 * The second-layer score of a SMART value (engine.md §3.6): the entity's own curve blended with the
 * organisation's. Pure functions; thread-safe.
 *
 * <p>Given the entity's daily maxima of SMART values over its completed days of history
 * ({@code days} of them, zeros included), {@code k = min(maxTopK, ⌈days/5⌉)}, {@code S} = the sum of
 * the top {@code k} maxima and {@code M} the largest:
 * <pre>
 *   S'     = S + max(0, 5 − k)·M                         (padded with copies of the user's max to 5 values)
 *   P_user = (S' / (S' + v))^max(k, 5)                   (1 when v = 0, 0 when S' = 0 &lt; v)
 *   P_org  = ((S + g·p) / (S + g·p + v))^(k + g)         (p: organisation prior, g: pseudo-count)
 *   score  = 100 · (1 − max(P_user, P_org)) · min(1, days / certaintyDays)
 * </pre>
 * Each P is the Lomax (Pareto II) tail of an exponential likelihood with a Gamma prior on the rate
 * ({@code P(X ≥ v) = (β/(β+v))^α} with α = number of values, β = their sum). Taking the larger
 * probability makes a window alert only when it is extreme for the user <em>and</em> against the
 * organisation. With no completed day the certainty is 0 and the score is 0.
 */
public final class SmartScorer {
    private SmartScorer() {
    }

    /**
     * A scored SMART value.
     *
     * @param score     0..100
     * @param pUser     the user tail probability of the value
     * @param pOrg      the organisation-blended tail probability
     * @param certainty min(1, days / certaintyDays)
     */
    public record Result(double score, double pUser, double pOrg, double certainty) {
    }

    /**
     * The user model in the form the scorer needs.
     *
     * @param days number of completed active days in the window (daily maxima, zeros included)
     * @param k    top values used, {@code min(maxTopK, ⌈days/5⌉)}
     * @param sum  S, the sum of the top k daily maxima
     * @param max  M, the largest daily maximum
     */
    public record UserModel(int days, int k, double sum, double max) {
        /** The model of the given non-zero daily maxima out of {@code days} active days. */
        public static UserModel of(int days, int maxTopK, double[] nonZeroMaxima, int n) {
            if (days < 0) throw new IllegalArgumentException("days must be >= 0, was " + days);
            int k = Math.min(maxTopK, (days + 4) / 5);
            double[] sorted = Arrays.copyOf(nonZeroMaxima, n);
            Arrays.sort(sorted);
            double sum = 0;
            for (int i = 0; i < Math.min(k, n); i++) sum += sorted[n - 1 - i];
            return new UserModel(days, k, sum, n == 0 ? 0 : sorted[n - 1]);
        }
    }

    /** Scores {@code v} ≥ 0 against the user model and the organisation prior. */
    public static Result score(double v, UserModel user, double prior, SmartConfig c) {
        if (!(v >= 0)) throw new IllegalArgumentException("SMART value must be >= 0, was " + v);
        double pUser = userTail(v, user);
        double pOrg = orgTail(v, user, prior, c.pseudoCount());
        double certainty = Math.min(1.0, user.days() / (double) c.certaintyDays());
        double score = 100 * (1 - Math.max(pUser, pOrg)) * certainty;
        return new Result(Math.max(0, Math.min(100, score)), pUser, pOrg, certainty);
    }

    /** P_user = (S'/(S'+v))^max(k,5). */
    public static double userTail(double v, UserModel u) {
        if (v <= 0) return 1;
        double padded = u.sum() + Math.max(0, 5 - u.k()) * u.max();
        if (padded <= 0) return 0;
        return Math.pow(padded / (padded + v), Math.max(u.k(), 5));
    }

    /** P_org = ((S + g·p)/(S + g·p + v))^(k+g). */
    public static double orgTail(double v, UserModel u, double prior, double g) {
        if (v <= 0) return 1;
        double beta = u.sum() + g * prior;
        if (beta <= 0) return 0;
        return Math.pow(beta / (beta + v), u.k() + g);
    }
}
