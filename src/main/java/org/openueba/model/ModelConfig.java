package org.openueba.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every parameter of the first-layer models, with the defaults of docs/algorithms.md. Immutable.
 *
 * @param windowDays          days of history the models keep (1..128; default 90)
 * @param topK                values kept per entity and feature (default 20); the rest are folded into
 *                            the "rare days" of the histogram
 * @param rarity              the category-rarity scorer (default maxRareCount 8, maxRareDays 15)
 * @param hours               the scorer of the time-of-day model (default prior 2 days, usual share 0.1,
 *                            rare share 0.005)
 * @param certaintyMin        days before a model has any certainty (default 1)
 * @param certaintyEnough     days at which a model is fully certain (default 10)
 * @param populationCommonAt  other entities using a value at which its population score is 1 % (default 10)
 * @param populationCap       entities tracked per value before it is simply "common" (default 16)
 * @param ownerShare          share of a value's entity-days one other entity must hold to own it (default 0.8)
 * @param ownerMinDays        days the owner must have used it (default 5)
 * @param ownerBoost          how far ownership pushes a rare-value score towards 100 (default 0.5)
 * @param travelSpeedKmh      speed above which travel is impossible (default 1000 km/h)
 * @param travelSlackKm       distance forgiven for city-level GeoIP accuracy (default 200 km)
 * @param travelMinScore      score of travel just over the limit (default 60; 100 at twice the limit)
 * @param vpnRanges           VPN/egress ranges: no travel, no location scores from these addresses
 * @param countPriorWeight    pseudo-observations of the organisation prior on σ (g, default 15)
 * @param countSegmentSize    entities per segment of the σ prior (default 10)
 * @param countMinPriorSigma  floor of the σ prior (default 1)
 * @param countPriorPercentile the percentile of a segment's maxima that sets its σ prior (default 0.9;
 *                            engine.md §3.3 says 0.99, which in a segment of 10 is the maximum)
 * @param allHoursHalfLifeDays half-life of the moments of all hourly values (default 30 days)
 * @param sourceFeatures      per source, the categorical features to learn (absent: by event kind)
 * @param spanDays            N of the span window: the count over the last N days (today included),
 *                            scored against the entity's earlier N-day counts (default 2; 0 = none)
 * @param spanMetrics         the metrics that get a span window (default: device connections)
 */
public record ModelConfig(int windowDays, int topK, RarityScorer rarity, HoursScorer hours, int certaintyMin,
                          int certaintyEnough, int populationCommonAt, int populationCap, double ownerShare,
                          int ownerMinDays, double ownerBoost, double travelSpeedKmh, double travelSlackKm,
                          double travelMinScore, IpRanges vpnRanges, double countPriorWeight, int countSegmentSize, double countMinPriorSigma,
                          double countPriorPercentile, double allHoursHalfLifeDays, Map<String, Set<CategoryFeature>> sourceFeatures,
                          int spanDays, Set<CountMetric> spanMetrics) {

    public static final ModelConfig DEFAULT = new ModelConfig(90, 20, RarityScorer.DEFAULT, HoursScorer.DEFAULT, 1, 10,
            10, 16, 0.8, 5, 0.5, 1000, 200, 60, IpRanges.NONE, 15, 10, 1, 0.9, 30, Map.of(),
            2, Set.of(CountMetric.DEVICE_CONNECTIONS));

    public ModelConfig {
        check(windowDays >= 1 && windowDays <= DayRing.CAPACITY, "windowDays", "1.." + DayRing.CAPACITY, windowDays);
        check(topK >= 1 && topK <= 1000, "topK", "1..1000", topK);
        check(certaintyMin >= 0 && certaintyEnough >= certaintyMin, "certaintyEnough", ">= certaintyMin >= 0", certaintyEnough);
        check(populationCommonAt >= 1, "populationCommonAt", ">= 1", populationCommonAt);
        check(populationCap >= populationCommonAt + 1 && populationCap <= 1000, "populationCap",
                "populationCommonAt+1..1000", populationCap);
        check(ownerShare > 0 && ownerShare <= 1, "ownerShare", "(0, 1]", ownerShare);
        check(ownerMinDays >= 1, "ownerMinDays", ">= 1", ownerMinDays);
        check(ownerBoost >= 0 && ownerBoost <= 1, "ownerBoost", "0..1", ownerBoost);
        check(travelSpeedKmh > 0, "travelSpeedKmh", "> 0", travelSpeedKmh);
        check(travelSlackKm >= 0, "travelSlackKm", ">= 0", travelSlackKm);
        check(travelMinScore >= 0 && travelMinScore <= 100, "travelMinScore", "0..100", travelMinScore);
        check(countPriorWeight >= 0, "countPriorWeight", ">= 0", countPriorWeight);
        check(countSegmentSize >= 1, "countSegmentSize", ">= 1", countSegmentSize);
        check(countMinPriorSigma >= 0, "countMinPriorSigma", ">= 0", countMinPriorSigma);
        check(countPriorPercentile >= 0.5 && countPriorPercentile <= 1, "countPriorPercentile", "0.5..1", countPriorPercentile);
        check(allHoursHalfLifeDays > 0, "allHoursHalfLifeDays", "> 0", allHoursHalfLifeDays);
        if (rarity == null || hours == null) throw new IllegalArgumentException("rarity and hours scorers must be set");
        vpnRanges = vpnRanges == null ? IpRanges.NONE : vpnRanges;
        sourceFeatures = sourceFeatures == null ? Map.of() : Map.copyOf(sourceFeatures);
        check(spanDays >= 0 && spanDays <= 14, "spanDays", "0..14", spanDays);
        spanMetrics = spanMetrics == null || spanDays == 0 ? Set.of() : Set.copyOf(spanMetrics);
    }

    private static void check(boolean ok, String name, String range, Object value) {
        if (!ok) throw new IllegalArgumentException(name + " must be " + range + ", was " + value);
    }

    public double certainty(int days) {
        return Certainty.of(days, certaintyMin, certaintyEnough);
    }

    public ModelConfig withVpnRanges(List<String> cidrs) {
        return with(c -> c.vpnRanges = IpRanges.parse(cidrs));
    }

    public ModelConfig withWindowDays(int days) {
        return with(c -> c.windowDays = days);
    }

    public ModelConfig withTopK(int k) {
        return with(c -> c.topK = k);
    }

    public ModelConfig withTravelSpeedKmh(double kmh) {
        return with(c -> c.travelSpeedKmh = kmh);
    }

    public ModelConfig withSourceFeatures(Map<String, Set<CategoryFeature>> features) {
        return with(c -> c.sourceFeatures = features);
    }

    /** The span window over {@code days} days for {@code metrics} (0 days or no metrics: none). */
    public ModelConfig withSpan(int days, Set<CountMetric> metrics) {
        return with(c -> {
            c.spanDays = days;
            c.spanMetrics = metrics;
        });
    }

    /** The σ prior from the {@code p} percentile of each segment's maxima (0.5..1). */
    public ModelConfig withCountPriorPercentile(double p) {
        return with(c -> c.countPriorPercentile = p);
    }

    /** A copy with {@code change} applied (and checked by the constructor). */
    private ModelConfig with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components as mutable fields: each wither sets its own and the rest follow, so a new component is listed here once. */
    private static final class Copy {
        int windowDays, topK, certaintyMin, certaintyEnough, populationCommonAt, populationCap, ownerMinDays, countSegmentSize, spanDays;
        RarityScorer rarity;
        HoursScorer hours;
        double ownerShare, ownerBoost, travelSpeedKmh, travelSlackKm, travelMinScore, countPriorWeight, countMinPriorSigma,
                countPriorPercentile, allHoursHalfLifeDays;
        IpRanges vpnRanges;
        Map<String, Set<CategoryFeature>> sourceFeatures;
        Set<CountMetric> spanMetrics;

        Copy(ModelConfig m) {
            windowDays = m.windowDays;
            topK = m.topK;
            rarity = m.rarity;
            hours = m.hours;
            certaintyMin = m.certaintyMin;
            certaintyEnough = m.certaintyEnough;
            populationCommonAt = m.populationCommonAt;
            populationCap = m.populationCap;
            ownerShare = m.ownerShare;
            ownerMinDays = m.ownerMinDays;
            ownerBoost = m.ownerBoost;
            travelSpeedKmh = m.travelSpeedKmh;
            travelSlackKm = m.travelSlackKm;
            travelMinScore = m.travelMinScore;
            vpnRanges = m.vpnRanges;
            countPriorWeight = m.countPriorWeight;
            countSegmentSize = m.countSegmentSize;
            countMinPriorSigma = m.countMinPriorSigma;
            countPriorPercentile = m.countPriorPercentile;
            allHoursHalfLifeDays = m.allHoursHalfLifeDays;
            sourceFeatures = m.sourceFeatures;
            spanDays = m.spanDays;
            spanMetrics = m.spanMetrics;
        }

        ModelConfig build() {
            return new ModelConfig(windowDays, topK, rarity, hours, certaintyMin, certaintyEnough, populationCommonAt,
                    populationCap, ownerShare, ownerMinDays, ownerBoost, travelSpeedKmh, travelSlackKm, travelMinScore, vpnRanges,
                    countPriorWeight, countSegmentSize, countMinPriorSigma, countPriorPercentile, allHoursHalfLifeDays,
                    sourceFeatures, spanDays, spanMetrics);
        }
    }

    /** Whether {@code m} has a span window. */
    public boolean spans(CountMetric m) {
        return spanDays > 0 && spanMetrics.contains(m);
    }
}
