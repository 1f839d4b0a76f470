package org.openueba.model;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Before the organisation has a σ prior for a metric (its first days), the prior is the floor
 * (ModelConfig.countMinPriorSigma = 1), never 0: an entity with identical counts on its first two
 * days must not score 100 for one event more on the third (found by the model benchmark).
 */
class MissingPriorTest {
    @Test
    void thirdDayWithOneMoreEventIsNotAnAnomaly() {
        BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (e, s) -> ZoneOffset.UTC);
        ScoredEvent out = new ScoredEvent();
        int n = 0;
        for (int day = 1; day <= 3; day++) {
            int count = day < 3 ? 39 : 40;
            for (int i = 0; i < count; i++) {
                Instant t = Instant.parse(String.format("2026-03-%02dT08:00:00Z", day)).plusSeconds(60L * i);
                engine.apply(Event.builder().id("t:" + n++).time(t).source("t").entity("solo")
                        .kind(EventKind.AUTHENTICATION).dstHost("PC-1").build(), out);
            }
        }
        double dayScore = -1;
        for (int i = 0; i < out.size(); i++) if (out.feature(i).equals("t.events.day")) dayScore = out.score(i);
        // mean 39, σ_user 0, σ_prior = floor 1: σ_post = sqrt(15·1/(15+2)) = 0.939; t = 1/0.939 = 1.06 < t_crit(1) → 0
        assertEquals(0.0, dayScore, 0.0);
    }
}
