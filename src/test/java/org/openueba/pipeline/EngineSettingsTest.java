package org.openueba.pipeline;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.openueba.config.UebaConfig;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure cores' settings from {@code ueba.*}, without booting the application. */
class EngineSettingsTest {
    private static UebaConfig config(Map<String, String> properties) {
        // Quarkus' own converter of the short durations the defaults use ("10m", "1h")
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(UebaConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(properties).build();
        return c.getConfigMapping(UebaConfig.class);
    }

    @Test
    void aRetentionShorterThanThePriorWindowClampsThePrior() {
        UebaConfig c = config(Map.of("ueba.retention.days", "7"));
        SmartConfig smart = EngineSettings.smart(c);
        assertEquals(7, smart.retentionDays());
        assertEquals(7, smart.priorDays());
        ModelConfig models = EngineSettings.models(c);
        assertEquals(7, models.windowDays());
        List<String> notes = EngineSettings.adjustments(c);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("ueba.retention.days=7") && notes.get(0).contains("last 7 day(s)"), notes.get(0));
    }

    @Test
    void theDefaultsAndLongRetentionsKeepTheThirtyDayPrior() {
        for (String days : List.of("90", "30", "365")) {
            UebaConfig c = config(Map.of("ueba.retention.days", days));
            SmartConfig smart = EngineSettings.smart(c);
            assertEquals(Math.min(128, Integer.parseInt(days)), smart.retentionDays(), days);
            assertEquals(SmartConfig.DEFAULT.priorDays(), smart.priorDays(), days);
            assertEquals(List.of(), EngineSettings.adjustments(c), days);
        }
    }

    @Test
    void aRetentionOfOneDayStillBuilds() {
        UebaConfig c = config(Map.of("ueba.retention.days", "1"));
        assertEquals(1, EngineSettings.smart(c).priorDays());
    }

    @Test
    void aRetentionBelowOneDayIsRefusedNamingTheKey() {
        for (String days : List.of("0", "-5")) {
            UebaConfig c = config(Map.of("ueba.retention.days", days));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> EngineSettings.models(c));
            assertTrue(e.getMessage().startsWith("ueba.retention.days must be at least 1"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> EngineSettings.smart(c));
        }
    }

    @Test
    void theSmartDefaultsAndThePriorFenceComeFromTheConfiguration() {
        SmartConfig d = EngineSettings.smart(config(Map.of()));
        assertEquals(79, d.threshold(), 0);
        assertEquals(3, d.priorFence(), 0);
        assertEquals(1.0, d.weightOf("activity.device", "activity"), 0);
        assertEquals(0.5, d.weightOf("activity.authentication", "activity"), 0);
        SmartConfig off = EngineSettings.smart(config(Map.of("ueba.smart.prior-fence", "0",
                "ueba.smart.weights.\"activity.authentication\"", "0.8")));
        assertEquals(0, off.priorFence(), 0);
        assertEquals(0.8, off.weightOf("activity.authentication", "activity"), 0);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> EngineSettings.smart(config(Map.of("ueba.smart.prior-fence", "-1"))));
        assertTrue(e.getMessage().startsWith("ueba.smart: prior fence must be 0..100"), e.getMessage());
    }

    @Test
    void theCountPriorPercentileComesFromTheConfiguration() {
        assertEquals(0.9, EngineSettings.models(config(Map.of())).countPriorPercentile(), 0);
        assertEquals(0.99, EngineSettings.models(config(Map.of("ueba.models.count-prior-percentile", "0.99"))).countPriorPercentile(), 0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ModelConfig.DEFAULT.withCountPriorPercentile(0.3));
    }
}
