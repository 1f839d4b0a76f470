package org.openueba.smart;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The SMART value of one entity window (engine.md §3.5):
 * <pre>
 *   SMART = Σ_features w_f · f(s_f / 100),   f(x) = x for x ≤ 1, x^0.4 above 1
 * </pre>
 * where {@code s_f} is the feature's window score — its highest event score, or for a distinct-sum
 * feature the sum over its distinct values of each value's highest score (several new hosts in one
 * hour add up; f compresses the sum). Within a correlation group only the member with the largest
 * term counts. SMART = 0 unless some feature has an event score ≥ the gate (25).
 */
final class SmartValue {
    private SmartValue() {
    }

    /** One feature's part: its window score and its term (0 when another member of its group counts). */
    record Part(SmartEngine.Acc acc, double score, double contribution) {
    }

    /** The value and its parts, largest contribution first (ties: feature name). */
    record Result(double value, List<Part> parts) {
    }

    /** f(x) = x for x ≤ 1, x^0.4 above 1. */
    static double compress(double x) {
        return x <= 1 ? x : Math.pow(x, 0.4);
    }

    static Result compute(Collection<SmartEngine.Acc> features, SmartConfig c) {
        boolean gate = false;
        for (SmartEngine.Acc a : features) if (a.max >= c.gate()) gate = true;
        List<Part> parts = new ArrayList<>(features.size());
        if (!gate) return new Result(0, parts);
        int groups = c.groups().size();
        Part[] best = new Part[groups];
        List<Part> all = new ArrayList<>(features.size());
        for (SmartEngine.Acc a : features) {
            double s = a.windowScore();
            Part p = new Part(a, s, a.weight * compress(s / 100));
            all.add(p);
            int g = a.group;
            if (g >= 0 && (best[g] == null || p.contribution() > best[g].contribution()
                    || (p.contribution() == best[g].contribution() && a.feature.compareTo(best[g].acc().feature) < 0))) {
                best[g] = p;
            }
        }
        double value = 0;
        for (Part p : all) {
            int g = p.acc().group;
            boolean counts = g < 0 || best[g] == p;
            Part q = counts ? p : new Part(p.acc(), p.score(), 0);
            if (counts) value += p.contribution();
            parts.add(q);
        }
        parts.sort(Comparator.comparingDouble((Part p) -> -p.contribution()).thenComparing(p -> -p.score())
                .thenComparing(p -> p.acc().feature));
        return new Result(value, parts);
    }
}
