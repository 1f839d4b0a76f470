package org.openueba.demo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both layers with their default settings on the demo organisation (300 users, 9 weeks) of three
 * seeds, judged against its ground truth (docs/evaluation.md has the full table and the command).
 * Guards what holds today: at most 1 false alert per 1,000 entity-days, and the scenarios listed in
 * {@link #CAUGHT} alerted in every seed. The others are not yet reliably alerted (docs/evaluation.md
 * says which and why); add them here as they are.
 */
class DemoEvaluationTest {
    static final Set<Scenario> CAUGHT = EnumSet.of(Scenario.ACCOUNT_TAKEOVER, Scenario.LATERAL_MOVEMENT,
            Scenario.BRUTE_FORCE_THEN_SUCCESS, Scenario.AFTER_HOURS_REMOVABLE, Scenario.ADMIN_COLLEAGUE_AFTER_HOURS);
    /** Instances alerted per seed today (of 12): 11, 12 and 12 (seed 42 misses one removable surge). */
    static final java.util.Map<Long, Integer> AT_LEAST = java.util.Map.of(42L, 11, 7L, 12, 1234L, 12);

    @ParameterizedTest
    @ValueSource(longs = {42, 7, 1234})
    void fewFalseAlertsAndTheCaughtScenariosAlerted(long seed) throws IOException {
        DemoEvaluation.Report r = DemoEvaluation.run(seed, 300, 9, ModelConfig.DEFAULT, SmartConfig.DEFAULT);
        DemoEvaluation.print(r, System.out);
        assertTrue(r.falsePerThousandEntityDays() <= 1.0, "false alerts per 1,000 entity-days: " + r.falsePerThousandEntityDays());
        long alerted = r.detections().stream().filter(DemoEvaluation.Detection::detected).count();
        assertTrue(alerted >= AT_LEAST.get(seed), alerted + " of " + r.detections().size() + " instances alerted");
        for (DemoEvaluation.Detection d : r.detections()) {
            if (CAUGHT.contains(d.truth().scenario())) {
                assertTrue(d.detected(), d.truth().scenario().wireName() + " of " + d.truth().entity() + " is alerted");
            }
        }
    }
}
