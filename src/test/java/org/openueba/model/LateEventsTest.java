package org.openueba.model;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events that arrive for an earlier day than the entity's current day are scored and learnt into their own day. */
class LateEventsTest {
    private static Event logon(int n, String time, Outcome outcome) {
        return Event.builder().id("t:" + n).time(Instant.parse(time)).source("t").entity("alice")
                .kind(EventKind.AUTHENTICATION).dstHost("PC-" + (n % 3)).outcome(outcome).build();
    }

    @Test
    void lateEventsForManyPastDaysAreLearntWithoutErrors() {
        BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (e, s) -> ZoneOffset.UTC);
        ScoredEvent out = new ScoredEvent();
        int n = 0;
        engine.apply(logon(n++, "2026-03-20T09:00:00Z", Outcome.SUCCESS), out);
        // then, late, one event on each of the 12 days before (rows are inserted in front, arrays grow)
        for (int d = 19; d >= 8; d--) {
            engine.apply(logon(n++, String.format("2026-03-%02dT09:00:00Z", d), Outcome.FAILURE), out);
            assertTrue(out.size() > 0);
        }
        EntitySummary s = engine.summary("alice");
        // the current day (20th) is not complete; the 12 late days are history
        assertEquals(12, s.days());
        // one failure on each of the 12 late days: the day totals of the failures count learnt them
        EntitySummary.CountStatistics failures = s.counts().stream()
                .filter(c -> c.feature().equals("t.failures.day")).findFirst().orElseThrow();
        assertEquals(12, failures.days());
        assertEquals(1.0, failures.mean(), 1e-9);
    }
}
