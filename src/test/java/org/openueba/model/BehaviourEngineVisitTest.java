package org.openueba.model;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openueba.model.EngineFixture.feature;

/**
 * The hour of a logon to a workstation personal to another entity, against the hours of the entity's
 * own earlier such visits (docs/algorithms.md, "Hours of visits to others' workstations"): an
 * administrator who visits colleagues' PCs in the daytime and works late at his own is unusual at
 * 23:10 on a colleague's PC, not at 10:00 on another one nor at 23:10 on his own.
 */
class BehaviourEngineVisitTest {
    private static final String DAY0 = "2026-03-02T"; // a Monday; day d is DAY0 + d days

    private static java.time.Instant at(int day, String hhmm) {
        return EngineFixture.utc(java.time.LocalDate.parse("2026-03-02").plusDays(day) + "T" + hhmm);
    }

    /**
     * 14 owners, each on their own PC-Ok on days 0..6 at 08:00; root on PC-ROOT on days 0..13 at 09:00
     * and 21:00 and, on days 7..12, on two owners' PCs a day at 10:00 and 14:00 (12 visits).
     */
    private static EngineFixture organisation() {
        EngineFixture f = new EngineFixture();
        for (int d = 0; d <= 13; d++) {
            if (d <= 6) for (int k = 1; k <= 14; k++) f.apply(f.event("o" + k, at(d, "08:00")).dstHost("PC-O" + k));
            f.apply(f.event("root", at(d, "09:00")).dstHost("PC-ROOT"));
            if (d >= 7 && d <= 12) {
                f.apply(f.event("root", at(d, "10:00")).dstHost("PC-O" + (2 * (d - 7) + 1)));
                f.apply(f.event("root", at(d, "14:00")).dstHost("PC-O" + (2 * (d - 7) + 2)));
            }
            f.apply(f.event("root", at(d, "21:00")).dstHost("PC-ROOT"));
        }
        return f;
    }

    /** N on day 14: two visits on each of days 7..12, decayed by 0.5^((14 − d)/30). */
    private static double visitsOnDay14() {
        double n = 0;
        for (int d = 7; d <= 12; d++) n += 2 * Math.pow(0.5, (14 - d) / 30.0);
        return n;
    }

    @Test
    void aNightLogonToAColleaguesPcIsUnusualForAnAdministratorWhoVisitsOnlyByDay() {
        EngineFixture f = organisation();
        List<FeatureScore> s = f.apply(f.event("root", at(14, "23:10")).dstHost("PC-O13"));
        double n = visitsOnDay14();
        assertEquals(10.8234, n, 1e-4); // ≥ 10 visits: certainty 1
        // s(23) = 0 → q = 2·π/(N + 2), π the organisation's hours prior at 23:10 (bucket 139); the reason shows q
        double pi = f.engine.timePrior[139];
        double q = 2 * pi / (n + 2);
        double expected = HoursScorer.DEFAULT.score(q);
        assertEquals(expected, f.raw(BehaviourEngine.VISIT_TIME), 1e-4);
        assertTrue(expected > 90, "q = " + q);
        FeatureScore v = feature(s, BehaviourEngine.VISIT_TIME);
        assertEquals("23:10", v.value());
        assertTrue(v.reason().startsWith("logon at 23:10 local time to PC-O13, personal to o13; 0.1% of its 11 recent logons"
                + " to others' workstations were around then; usually 09:00–12:00, 13:00–16:00; certainty 100%"), v.reason());
        assertTrue(feature(s, "SRC.dst_host").reason().contains("personal to o13"));
        // the logoff: the host is no longer one root never used (the organisation's record has his day), so
        // no ownership and no visit (the window keeps the logon's indicator); nothing more is counted
        List<FeatureScore> off = f.apply(f.event("root", at(14, "23:25")).dstHost("PC-O13").action("Logoff"));
        assertTrue(off.stream().noneMatch(x -> x.feature().equals(BehaviourEngine.VISIT_TIME)), off.toString());
        EntityModel root = f.engine.entity("root", EngineFixture.SRC);
        assertEquals(1, root.visits.counts[23], 0); // the logon only
    }

    @Test
    void aDaytimeVisitAndALateLogonToHisOwnPcAreNot() {
        EngineFixture f = organisation();
        f.apply(f.event("root", at(14, "10:20")).dstHost("PC-O14"));
        // s(10) = decayed visits at 10:00 (6) + ½·c9 + ½·c11 (0): q ≈ (5.6 + 2π)/(N + 2) ≈ 0.42 ≥ 0.1 → 0
        assertEquals(0, f.raw(BehaviourEngine.VISIT_TIME), 0);
        List<FeatureScore> own = f.apply(f.event("root", at(14, "23:10")).dstHost("PC-ROOT"));
        assertTrue(own.stream().noneMatch(x -> x.feature().equals(BehaviourEngine.VISIT_TIME)), own.toString());
    }

    @Test
    void withFewVisitsOnRecordTheScoreIsScaledByTheirNumber() {
        EngineFixture f = new EngineFixture();
        for (int d = 0; d <= 11; d++) {
            f.apply(f.event("alice", at(d, "08:00")).dstHost("PC-ALICE"));
            f.apply(f.event("bob", at(d, "08:00")).dstHost("PC-BOB"));
            f.apply(f.event("eve", at(d, "09:00")).dstHost("PC-EVE"));
        }
        // eve's first visit to another's PC: nothing on record, certainty 0 → 0 (the hour is the time-of-day model's)
        f.apply(f.event("eve", at(12, "10:00")).dstHost("PC-ALICE"));
        assertEquals(0, f.raw(BehaviourEngine.VISIT_TIME), 0);
        assertTrue(f.out.reason(indexOf(f, BehaviourEngine.VISIT_TIME)).contains("no earlier logon to another entity's workstation"));
        // her second, at 23:00 next day: N = 0.5^(1/30) = 0.97716, certainty 0.097716, s(23) = 0
        f.apply(f.event("eve", at(13, "23:00")).dstHost("PC-BOB"));
        double n = Math.pow(0.5, 1 / 30.0);
        double q = 2 * f.engine.timePrior[138] / (n + 2);
        assertEquals(HoursScorer.DEFAULT.score(q) * n / 10, f.raw(BehaviourEngine.VISIT_TIME), 1e-6);
    }

    @Test
    void visitHoursSurviveASnapshotAndShowInTheSummary() throws IOException {
        EngineFixture f = organisation();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelStateCodec.write(f.engine, saved);
        BehaviourEngine restored = ModelStateCodec.read(new ByteArrayInputStream(saved.toByteArray()), ModelConfig.DEFAULT,
                (entity, source) -> ZoneOffset.UTC);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ModelStateCodec.write(restored, again);
        assertArrayEquals(saved.toByteArray(), again.toByteArray());
        EntityModel root = restored.entity("root", EngineFixture.SRC);
        assertNotNull(root.visits);
        assertArrayEquals(f.engine.entity("root", EngineFixture.SRC).visits.counts, root.visits.counts, 0f);
        assertNull(restored.entity("o1", EngineFixture.SRC).visits);
        Event next = f.event("root", at(14, "23:10")).dstHost("PC-O13").build();
        ScoredEvent a = new ScoredEvent(), b = new ScoredEvent();
        f.engine.apply(next, a);
        restored.apply(next, b);
        assertEquals(a.features(), b.features());

        EntitySummary summary = f.engine.summary("root");
        // s(h) ≥ 10 % of N around 10:00 and 14:00, their neighbours included (half of 6 visits each)
        assertEquals("09:00–12:00, 13:00–16:00", summary.usualVisitHours());
        // on day 14 the six 10:00 visits of days 7..12 weigh Σ 0.5^((14 − d)/30); the night visit 1
        double tens = 0;
        for (int d = 7; d <= 12; d++) tens += Math.pow(0.5, (14 - d) / 30.0);
        assertEquals(Math.round(10 * tens) / 10.0, summary.visitHours()[10], 0);
        assertEquals(1.0, summary.visitHours()[23], 0);
        assertEquals("no logons to others' workstations yet", f.engine.summary("o1").usualVisitHours());
    }

    private static int indexOf(EngineFixture f, String feature) {
        for (int i = 0; i < f.out.size(); i++) if (f.out.feature(i).equals(feature)) return i;
        throw new AssertionError("no " + feature);
    }
}
