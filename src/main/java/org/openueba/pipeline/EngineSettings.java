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

    public static ModelConfig models(UebaConfig config) {
        Map<String, Set<CategoryFeature>> features = new HashMap<>();
        config.sources().forEach((name, s) -> s.features().ifPresent(list -> {
            Set<CategoryFeature> set = new LinkedHashSet<>();
            for (String f : list) set.add(CategoryFeature.parse(f));
            features.put(name, set);
        }));
        return ModelConfig.DEFAULT.withWindowDays(Math.min(128, Math.max(1, config.retention().days())))
                .withTopK(config.models().topK()).withVpnRanges(config.models().vpnRanges().orElse(List.of()))
                .withTravelSpeedKmh(config.models().travelSpeedKmh()).withSourceFeatures(features);
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
                    WindowSpec.parse(s.window()), Math.min(128, Math.max(1, config.retention().days())), d.priorDays(),
                    s.priorPercentile(), s.pseudoCount(), s.minPrior(), d.maxTopK(), d.certaintyDays(), s.threshold(),
                    d.critical(), d.high(), d.medium(), d.maxEvidence(),
                    s.allowedLateness().toSeconds());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ueba.smart: " + e.getMessage());
        }
    }
}
