package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each wither changes its own components and keeps every other one; the constructor still checks the result. */
class ModelConfigTest {
    @Test
    void eachWitherChangesOnlyItsOwnComponents() throws Exception {
        Map<String, UnaryOperator<ModelConfig>> withers = Map.of(
                "vpnRanges", c -> c.withVpnRanges(List.of("10.0.0.0/8")),
                "windowDays", c -> c.withWindowDays(30),
                "topK", c -> c.withTopK(7),
                "travelSpeedKmh", c -> c.withTravelSpeedKmh(800),
                "sourceFeatures", c -> c.withSourceFeatures(Map.of("vpn", Set.of(CategoryFeature.COUNTRY))),
                "spanDays spanMetrics", c -> c.withSpan(3, Set.of(CountMetric.EVENTS)),
                "countPriorPercentile", c -> c.withCountPriorPercentile(0.75));
        for (Map.Entry<String, UnaryOperator<ModelConfig>> w : withers.entrySet()) {
            ModelConfig changed = w.getValue().apply(ModelConfig.DEFAULT);
            Set<String> own = Set.of(w.getKey().split(" "));
            for (RecordComponent rc : ModelConfig.class.getRecordComponents()) {
                Object before = rc.getAccessor().invoke(ModelConfig.DEFAULT), after = rc.getAccessor().invoke(changed);
                if (own.contains(rc.getName())) assertNotEquals(before, after, w.getKey() + " changes " + rc.getName());
                else assertEquals(before, after, w.getKey() + " keeps " + rc.getName());
            }
        }
    }

    @Test
    void aWitherIsCheckedLikeTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.DEFAULT.withTopK(0));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.DEFAULT.withCountPriorPercentile(1.5));
    }
}
