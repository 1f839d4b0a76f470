package org.openueba.pipeline;

import org.openueba.config.UebaConfig;
import org.openueba.model.CategoryFeature;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;
import org.openueba.smart.WindowSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure cores' settings built from the {@code ueba.*} configuration: the first-layer
 * {@link ModelConfig} and the second-layer {@link SmartConfig}. Shared by the live pipeline and the
 * replay command so that both score alike. A bad value fails with a message naming the key.
 */
public final class EngineSettings {
    private EngineSettings() {
    }

    /**
     * The days of history the models keep: {@code ueba.retention.days}, at most 128 (the store may keep
     * events longer). Below 1 is refused: the pruner would delete every stored event.
     */
    static int historyDays(UebaConfig config) {
        int days = config.retention().days();
        if (days < 1) {
            throw new IllegalStateException("ueba.retention.days must be at least 1 (days of events to keep), was " + days);
        }
        return Math.min(128, days);
    }

    /**
     * The days over which the organisation prior takes each entity's maximum: the default 30, or the
     * models' history when that is shorter ({@code ueba.retention.days} below 30). Clamping is sound:
     * the second layer keeps no daily maxima older than its history, so a longer prior window would
     * see nothing more; SmartConfig refuses the longer window outright.
     */
    static int priorDays(UebaConfig config) {
        return Math.min(SmartConfig.DEFAULT.priorDays(), historyDays(config));
    }

    /**
     * What {@link #models} and {@link #smart} adjust in the configuration, as sentences for the start-up
     * log (empty when nothing): at present, the prior window clamped to a short retention.
     */
    public static List<String> adjustments(UebaConfig config) {
        int prior = priorDays(config);
        if (prior == SmartConfig.DEFAULT.priorDays()) return List.of();
        return List.of("ueba.retention.days=" + config.retention().days() + " keeps less history than the "
                + SmartConfig.DEFAULT.priorDays() + " days of the SMART organisation prior: the prior covers the last "
                + prior + " day(s) instead");
    }

    public static ModelConfig models(UebaConfig config) {
        Map<String, Set<CategoryFeature>> features = new HashMap<>();
        config.sources().forEach((name, s) -> s.features().ifPresent(list -> {
            Set<CategoryFeature> set = new LinkedHashSet<>();
            for (String f : list) set.add(CategoryFeature.parse(f));
            features.put(name, set);
        }));
        return ModelConfig.DEFAULT.withWindowDays(historyDays(config))
                .withTopK(config.models().topK()).withVpnRanges(config.models().vpnRanges().orElse(List.of()))
                .withTravelSpeedKmh(config.models().travelSpeedKmh()).withSourceFeatures(features)
                .withSpan(config.models().spanDays(), ModelConfig.DEFAULT.spanMetrics())
                .withCountPriorPercentile(config.models().countPriorPercentile());
    }

    public static SmartConfig smart(UebaConfig config) {
        UebaConfig.Smart s = config.smart();
        Map<String, WindowSpec> windows = new HashMap<>();
        config.sources().forEach((name, src) -> src.window().ifPresent(w -> {
            try {
                windows.put(name, WindowSpec.parse(w));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ueba.sources." + name + ".window: " + e.getMessage());
            }
        }));
        try {
            Map<String, Double> weights = new LinkedHashMap<>(SmartConfig.DEFAULT.weights());
            weights.putAll(s.weights());
            SmartConfig d = SmartConfig.DEFAULT;
            return new SmartConfig(s.defaultWeight(), weights, d.groups(), d.distinctSum(), d.gate(), windows,
                    WindowSpec.parse(s.window()), historyDays(config), priorDays(config),
                    s.priorPercentile(), s.pseudoCount(), s.minPrior(), s.priorFence(), d.maxTopK(), d.certaintyDays(), s.threshold(),
                    d.critical(), d.high(), d.medium(), d.maxEvidence(),
                    s.allowedLateness().toSeconds());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ueba.smart: " + e.getMessage());
        }
    }
}
