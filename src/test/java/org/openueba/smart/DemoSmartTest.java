package org.openueba.smart;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openueba.demo.DemoEvaluation;
import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoParameters;
import org.openueba.demo.GroundTruth;
import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.model.ModelStateCodec;
import org.openueba.model.ScoredEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both layers on the demo organisation (seed 42, 300 users, 9 weeks): replays give identical alerts,
 * and a snapshot of both layers taken mid-way and continued gives exactly the alerts and state of an
 * uninterrupted run.
 */
class DemoSmartTest {
    static List<Event> events;
    static List<GroundTruth> truth;
    static Map<String, ZoneId> zones;

    @BeforeAll
    static void generate() throws IOException {
        DemoEvents.Generated demo = DemoEvents.generate(new DemoParameters(42, 300, 9, DemoParameters.DEFAULT_START));
        truth = demo.truth();
        events = demo.events();
        zones = demo.zones();
    }

    static BehaviourEngine.ZoneLookup lookup() {
        return (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC);
    }

    /** Alerts (final state by id) of events[from..to) applied to the given engines. */
    static void run(BehaviourEngine first, SmartEngine second, int from, int to, Map<String, WindowAlert> alerts) {
        ScoredEvent out = new ScoredEvent();
        for (int i = from; i < to; i++) {
            first.apply(events.get(i), out);
            SmartEngine.Outcome o = second.accept(events.get(i), out);
            if (o.alert() != null) alerts.put(o.alert().id(), o.alert());
        }
    }

    static byte[] state(BehaviourEngine first, SmartEngine second) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ModelStateCodec.write(first, b);
        SmartStateCodec.write(second, b);
        return b.toByteArray();
    }

    @Test
    void replaysGiveIdenticalAlerts() {
        DemoEvaluation.Report a = DemoEvaluation.evaluate(42, events, truth, zones, ModelConfig.DEFAULT, SmartConfig.DEFAULT);
        DemoEvaluation.Report b = DemoEvaluation.evaluate(42, events, truth, zones, ModelConfig.DEFAULT, SmartConfig.DEFAULT);
        assertFalse(a.alerts().isEmpty());
        assertEquals(a.alerts(), b.alerts());
    }

    @Test
    void snapshotMidwayEqualsUninterruptedRun() throws IOException {
        Map<String, WindowAlert> whole = new LinkedHashMap<>();
        BehaviourEngine f1 = new BehaviourEngine(ModelConfig.DEFAULT, lookup());
        SmartEngine s1 = new SmartEngine(SmartConfig.DEFAULT);
        run(f1, s1, 0, events.size(), whole);

        int cut = events.size() * 6 / 10;
        Map<String, WindowAlert> split = new LinkedHashMap<>();
        BehaviourEngine f2 = new BehaviourEngine(ModelConfig.DEFAULT, lookup());
        SmartEngine s2 = new SmartEngine(SmartConfig.DEFAULT);
        run(f2, s2, 0, cut, split);
        byte[] saved = state(f2, s2);
        ByteArrayInputStream in = new ByteArrayInputStream(saved);
        BehaviourEngine f3 = ModelStateCodec.read(in, ModelConfig.DEFAULT, lookup());
        SmartEngine s3 = SmartStateCodec.read(in, SmartConfig.DEFAULT);
        assertEquals(0, in.available(), "the second layer reads exactly what was written");
        assertArrayEquals(saved, state(f3, s3), "restored state writes the same bytes");
        run(f3, s3, cut, events.size(), split);

        assertEquals(new ArrayList<>(whole.values()), new ArrayList<>(split.values()));
        assertArrayEquals(state(f1, s1), state(f3, s3));
    }

    /**
     * From several cuts, both layers restored from a snapshot give every one of the next 5,000 events
     * the same window, SMART value, score and alert as the uninterrupted run (not only the same end state).
     */
    @Test
    void restoredLayersScoreEveryLaterEventLikeTheUninterruptedRun() throws IOException {
        List<SmartEngine.Outcome> whole = new ArrayList<>(events.size());
        BehaviourEngine f1 = new BehaviourEngine(ModelConfig.DEFAULT, lookup());
        SmartEngine s1 = new SmartEngine(SmartConfig.DEFAULT);
        ScoredEvent out = new ScoredEvent();
        for (Event e : events) {
            f1.apply(e, out);
            whole.add(s1.accept(e, out));
        }
        for (int tenth = 1; tenth <= 9; tenth += 2) {
            int cut = events.size() * tenth / 10;
            BehaviourEngine f2 = new BehaviourEngine(ModelConfig.DEFAULT, lookup());
            SmartEngine s2 = new SmartEngine(SmartConfig.DEFAULT);
            run(f2, s2, 0, cut, new LinkedHashMap<>());
            ByteArrayInputStream in = new ByteArrayInputStream(state(f2, s2));
            BehaviourEngine f3 = ModelStateCodec.read(in, ModelConfig.DEFAULT, lookup());
            SmartEngine s3 = SmartStateCodec.read(in, SmartConfig.DEFAULT);
            for (int i = cut; i < Math.min(events.size(), cut + 5000); i++) {
                f3.apply(events.get(i), out);
                assertEquals(whole.get(i), s3.accept(events.get(i), out), "restored at " + cut + ", event " + i);
            }
        }
    }

    @Test
    void aStateWithOtherSettingsIsRefused() throws IOException {
        SmartEngine s = new SmartEngine(SmartConfig.DEFAULT);
        ScoredEvent out = new ScoredEvent();
        BehaviourEngine f = new BehaviourEngine(ModelConfig.DEFAULT, lookup());
        for (int i = 0; i < 1000; i++) {
            f.apply(events.get(i), out);
            s.accept(events.get(i), out);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SmartStateCodec.write(s, b);
        byte[] bytes = b.toByteArray();
        IOException e = assertThrows(IOException.class, () -> SmartStateCodec.read(new ByteArrayInputStream(bytes),
                SmartConfig.DEFAULT.withWindows(Map.of("vpn", WindowSpec.events(25)), WindowSpec.HOUR)));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
        assertThrows(IOException.class, () -> SmartStateCodec.read(new ByteArrayInputStream(bytes), SmartConfig.DEFAULT.withRetentionDays(60)));
        assertThrows(IOException.class, () -> SmartStateCodec.read(new ByteArrayInputStream(bytes, 0, bytes.length / 2), SmartConfig.DEFAULT));
    }
}
