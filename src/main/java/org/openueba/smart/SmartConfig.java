package org.openueba.smart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every tunable of the second layer (engine.md §3.5–3.6), with the defaults documented in
 * docs/algorithms.md. Feature <em>types</em> are feature names without the source prefix:
 * {@code vpn.country} has type {@code country}, {@code cert-logon.failures.hour} has type
 * {@code failures.hour}; {@code time_of_day}, {@code day_type}, {@code activity} and {@code travel}
 * have no prefix. Weights are looked up by full name first, then by type.
 *
 * @param defaultWeight   weight of a feature not listed in {@code weights} (§3.5: 0.5)
 * @param weights         feature name or type → weight ≥ 0 (0 switches a feature off)
 * @param groups          correlation groups of feature types: only the top member of a group counts
 * @param distinctSum     feature types scored as the sum over distinct values of each value's max
 *                        score (several new hosts in one hour), instead of the max
 * @param gate            SMART = 0 unless some feature scores at least this (§3.5: 25)
 * @param windows         source → window; sources not listed use {@code defaultWindow}
 * @param defaultWindow   the window of other sources (§3.5: one hour)
 * @param retentionDays   days of history of the user model (daily maxima), 1..128
 * @param priorDays       days over which each entity's maximum feeds the organisation prior (30)
 * @param priorPercentile percentile of the entities' maxima taken as the prior (99)
 * @param pseudoCount     g: the organisation prior weighs like g days (5)
 * @param minPrior        floor of the prior, so that a young organisation does not alert on anything
 * @param priorFence      k of the outlier fence Q3 + k·(Q3 − Q1) over the entities' maxima: maxima above
 *                        it (at most 5 % of the entities) are left out of the prior (3; 0 = off)
 * @param maxTopK         at most this many daily maxima form the user model (10)
 * @param certaintyDays   the score is multiplied by min(1, days/certaintyDays) (10)
 * @param threshold       a window scoring at least this becomes an alert (79)
 * @param critical        severity critical from this score (98)
 * @param high            severity high from this score (93)
 * @param medium          severity medium from this score (85); below it, low
 * @param maxEvidence     evidence event ids kept per indicator
 * @param allowedLateness seconds an hour/day window stays open after its end (in the entity's newest
 *                        event time): later events still join it; older ones are scored alone
 */
public record SmartConfig(double defaultWeight, Map<String, Double> weights, List<Set<String>> groups,
                          Set<String> distinctSum, double gate, Map<String, WindowSpec> windows,
                          WindowSpec defaultWindow, int retentionDays, int priorDays, double priorPercentile,
                          double pseudoCount, double minPrior, double priorFence, int maxTopK, int certaintyDays, double threshold,
                          double critical, double high, double medium, int maxEvidence,
                          long allowedLateness) {

    /** Location features move together: a new country brings a new city, ASN, IP and maybe travel. */
    public static final Set<String> LOCATION = Set.of("country", "city", "asn", "src_ip", "travel");
    /** Count metrics of the first layer; each metric's hour and day scores form one group. */
    public static final List<String> METRICS = List.of("events", "failures", "dst_hosts", "bytes", "device_connections");

    /** The defaults (docs/algorithms.md, "SMART values"). */
    public static final SmartConfig DEFAULT = new SmartConfig(0.5, defaultWeights(), defaultGroups(),
            Set.of("dst_host"), 25, Map.of(), WindowSpec.HOUR, 90, 30, 99, 5, 0.5, 3, 10, 10, 79, 98, 93, 85, 10, 3600);

    private static Map<String, Double> defaultWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        // weekend work is ordinary for many people: a weak signal that must not alert alone
        w.put("day_type", 0.1);
        // impossible travel is close to proof of a shared or stolen credential; a new country alone is
        // often a business trip (measured on the demo: docs/evaluation.md)
        w.put("travel", 1.0);
        // removable media are the classic exfiltration path of insider cases
        w.put("device_connections.hour", 1.0);
        w.put("device_connections.day", 1.0);
        w.put("device_connections.days", 1.0);
        // ... and so is the first removable drive of someone who never used one (the first use of the
        // device kind of activity; docs/algorithms.md, "SMART values")
        w.put("activity.device", 1.0);
        // a logon to a colleague's personal workstation at an hour this entity never visits other people's
        // workstations: the classic insider move of an administrator (docs/algorithms.md, "Hours of visits")
        w.put("visit_time", 1.0);
        return w;
    }

    private static List<Set<String>> defaultGroups() {
        List<Set<String>> g = new ArrayList<>();
        g.add(LOCATION);
        g.add(Set.of("time_of_day", "day_type"));
        for (String m : METRICS) g.add(Set.of(m + ".hour", m + ".day"));
        return g;
    }

    public SmartConfig {
        check(defaultWeight >= 0 && defaultWeight <= 100, "default weight must be 0..100, was " + defaultWeight);
        weights = Map.copyOf(weights == null ? Map.of() : weights);
        weights.forEach((k, v) -> check(v != null && v >= 0 && v <= 100, "weight of " + k + " must be 0..100, was " + v));
        groups = groups == null ? List.of() : groups.stream().map(Set::copyOf).toList();
        distinctSum = Set.copyOf(distinctSum == null ? Set.of() : distinctSum);
        check(gate >= 0 && gate <= 100, "gate must be 0..100, was " + gate);
        windows = Map.copyOf(windows == null ? Map.of() : windows);
        check(defaultWindow != null, "default window is required");
        check(retentionDays >= 1 && retentionDays <= DayBits.CAPACITY, "retention days must be 1.." + DayBits.CAPACITY + ", was " + retentionDays);
        check(priorDays >= 1 && priorDays <= retentionDays, "prior days must be 1..retention days, was " + priorDays);
        check(priorPercentile > 0 && priorPercentile <= 100, "prior percentile must be in (0, 100], was " + priorPercentile);
        check(pseudoCount > 0 && pseudoCount <= 1000, "pseudo-count must be in (0, 1000], was " + pseudoCount);
        check(minPrior >= 0, "minimum prior must be >= 0, was " + minPrior);
        check(priorFence >= 0 && priorFence <= 100, "prior fence must be 0..100, was " + priorFence);
        check(maxTopK >= 1 && maxTopK <= 100, "top k must be 1..100, was " + maxTopK);
        check(certaintyDays >= 1, "certainty days must be >= 1, was " + certaintyDays);
        check(threshold > 0 && threshold <= 100, "threshold must be in (0, 100], was " + threshold);
        check(medium <= high && high <= critical && critical <= 100, "severity bands must satisfy medium <= high <= critical <= 100");
        check(maxEvidence >= 1 && maxEvidence <= 1000, "max evidence must be 1..1000, was " + maxEvidence);
        check(allowedLateness >= 0 && allowedLateness <= 7 * 86_400L, "allowed lateness must be 0..7 days, was " + allowedLateness + " s");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            for (String t : groups.get(i)) {
                Integer before = seen.put(t, i);
                check(before == null, "feature type " + t + " is in two correlation groups");
            }
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** The window of a source's events. */
    public WindowSpec windowOf(String source) {
        return windows.getOrDefault(source, defaultWindow);
    }

    /** The weight of a feature (full name, then type, then the default). */
    public double weightOf(String feature, String type) {
        Double w = weights.get(feature);
        if (w == null) w = weights.get(type);
        return w == null ? defaultWeight : w;
    }

    /** The correlation group index of a feature type, or -1. */
    public int groupOf(String type) {
        for (int i = 0; i < groups.size(); i++) if (groups.get(i).contains(type)) return i;
        return -1;
    }

    /** Severity of an alert score. */
    public Severity severityOf(double score) {
        if (score >= critical) return Severity.CRITICAL;
        if (score >= high) return Severity.HIGH;
        if (score >= medium) return Severity.MEDIUM;
        return Severity.LOW;
    }

    public SmartConfig withWeights(Map<String, Double> w) {
        return new SmartConfig(defaultWeight, w, groups, distinctSum, gate, windows, defaultWindow, retentionDays, priorDays,
                priorPercentile, pseudoCount, minPrior, priorFence, maxTopK, certaintyDays, threshold, critical, high, medium, maxEvidence, allowedLateness);
    }

    public SmartConfig withWindows(Map<String, WindowSpec> w, WindowSpec fallback) {
        return new SmartConfig(defaultWeight, weights, groups, distinctSum, gate, w, fallback, retentionDays, priorDays,
                priorPercentile, pseudoCount, minPrior, priorFence, maxTopK, certaintyDays, threshold, critical, high, medium, maxEvidence, allowedLateness);
    }

    public SmartConfig withPriorFence(double k) {
        return new SmartConfig(defaultWeight, weights, groups, distinctSum, gate, windows, defaultWindow, retentionDays, priorDays,
                priorPercentile, pseudoCount, minPrior, k, maxTopK, certaintyDays, threshold, critical, high, medium, maxEvidence, allowedLateness);
    }

    public SmartConfig withThreshold(double t) {
        return new SmartConfig(defaultWeight, weights, groups, distinctSum, gate, windows, defaultWindow, retentionDays, priorDays,
                priorPercentile, pseudoCount, minPrior, priorFence, maxTopK, certaintyDays, t, critical, high, medium, maxEvidence, allowedLateness);
    }

    public SmartConfig withRetentionDays(int days) {
        return new SmartConfig(defaultWeight, weights, groups, distinctSum, gate, windows, defaultWindow, days,
                Math.min(priorDays, days), priorPercentile, pseudoCount, minPrior, priorFence, maxTopK, certaintyDays, threshold,
                critical, high, medium, maxEvidence, allowedLateness);
    }

    public SmartConfig withAllowedLateness(long seconds) {
        return new SmartConfig(defaultWeight, weights, groups, distinctSum, gate, windows, defaultWindow, retentionDays, priorDays,
                priorPercentile, pseudoCount, minPrior, priorFence, maxTopK, certaintyDays, threshold, critical, high, medium, maxEvidence, seconds);
    }

    public SmartConfig withPrior(double percentile, double g, double floor) {
        return new SmartConfig(defaultWeight, weights, groups, distinctSum, gate, windows, defaultWindow, retentionDays, priorDays,
                percentile, g, floor, priorFence, maxTopK, certaintyDays, threshold, critical, high, medium, maxEvidence, allowedLateness);
    }
}
