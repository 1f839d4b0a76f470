package org.openueba.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoParameters;
import org.openueba.demo.GroundTruth;
import org.openueba.event.Event;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-layer models on the demo organisation (seed 42, 300 users, 9 weeks): injected events
 * score high on the model meant to catch them while the same users' ordinary events score low;
 * replays are identical; a snapshot restored mid-way and fed the rest equals an uninterrupted run.
 */
class DemoModelsTest {
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

    static BehaviourEngine engine() {
        return new BehaviourEngine(ModelConfig.DEFAULT, (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC));
    }

    static String nativeId(Event e) {
        return e.id().substring(e.id().indexOf(':') + 1);
    }

    /** Max score per (scenario instance, feature suffix) over the injected events, and over the same users' other events. */
    @Test
    void injectedEventsScoreHighOnTheirModelOrdinaryEventsLow() {
        Map<String, GroundTruth> injected = new HashMap<>();
        for (GroundTruth g : truth) for (String id : g.eventIds()) injected.put(id, g);
        Map<String, Double> best = new HashMap<>();
        Map<String, double[]> ordinary = new HashMap<>(); // entity -> [events, events with combined >= 50]
        double orgOrdinary = 0, orgTimeHigh = 0; // every entity's ordinary events after three weeks, time_of_day >= 50
        Set<String> scenarioEntities = new java.util.HashSet<>();
        truth.forEach(g -> scenarioEntities.add(g.entity()));
        BehaviourEngine engine = engine();
        ScoredEvent out = new ScoredEvent();
        java.time.Instant warm = events.get(0).time().plus(java.time.Duration.ofDays(21));
        for (Event e : events) {
            engine.apply(e, out);
            GroundTruth g = injected.get(nativeId(e));
            if (g != null) {
                for (int i = 0; i < out.size(); i++) {
                    String key = g.scenario() + "/" + g.entity() + "/" + out.feature(i).replaceFirst("^[a-z-]+\\.(?=[a-z_]+(\\.(hour|day))?$)", "");
                    best.merge(key, out.score(i), Math::max);
                }
            } else if (e.time().isAfter(warm)) {
                orgOrdinary++;
                for (int i = 0; i < out.size(); i++) {
                    if (out.feature(i).equals(BehaviourEngine.TIME_OF_DAY) && out.score(i) >= 50) orgTimeHigh++;
                }
                if (scenarioEntities.contains(e.entity())) {
                    double[] o = ordinary.computeIfAbsent(e.entity(), k -> new double[2]);
                    o[0]++;
                    if (out.combined() >= 50) o[1]++;
                }
            }
        }
        for (GroundTruth g : truth) {
            String p = g.scenario() + "/" + g.entity() + "/";
            switch (g.scenario()) {
                case ACCOUNT_TAKEOVER -> assertTrue(max(best, p, "country", "city", "asn", "travel") >= 50,
                        p + " new country/ASN or impossible travel should score >= 50: " + pick(best, p));
                case BRUTE_FORCE_THEN_SUCCESS -> assertTrue(max(best, p, "failures.hour") >= 90,
                        p + " failures per hour should score >= 90: " + pick(best, p));
                case LATERAL_MOVEMENT -> assertTrue(max(best, p, "dst_hosts.hour", "dst_hosts.day") >= 90,
                        p + " distinct hosts should score >= 90: " + pick(best, p));
                // a 01:00–03:30 logon of a user who never works then, even with a few late evenings
                case AFTER_HOURS_REMOVABLE -> assertTrue(max(best, p, "time_of_day") >= 75,
                        p + " time of day should score >= 75: " + pick(best, p));
                default -> {
                    // removable-surge, admin-colleague-after-hours: see the weak cases below
                }
            }
        }
        // the examples the issue names: the new country, and the after-hours logons of the admins of seed 42
        assertTrue(max(best, "ADMIN_COLLEAGUE_AFTER_HOURS/WVM4503/", "time_of_day") >= 75, pick(best, "ADMIN_COLLEAGUE_AFTER_HOURS/WVM4503/"));
        // the other admin works some late evenings (21:00–23:59 on a few days): its 00:10 logon scores 25.4
        // (the rare-days baseline gave 10.6)
        assertTrue(max(best, "ADMIN_COLLEAGUE_AFTER_HOURS/YUW1148/", "time_of_day") >= 20, pick(best, "ADMIN_COLLEAGUE_AFTER_HOURS/YUW1148/"));
        // the whole organisation's ordinary events after three weeks: at most 1 % score 50 or more on time of
        // day (0.40 % measured; business trips move a laptop's logons into the night of the office's zone)
        assertTrue(orgTimeHigh / orgOrdinary <= 0.01, "ordinary events with time_of_day >= 50: " + orgTimeHigh + " of " + orgOrdinary);
        assertTrue(max(best, "REMOVABLE_SURGE/KZS9224/", "device_connections.day") >= 50, pick(best, "REMOVABLE_SURGE/KZS9224/"));
        // ordinary events of the same users after three weeks of history: at most 2 % score 50 or more
        double all = 0, high = 0;
        for (double[] o : ordinary.values()) {
            all += o[0];
            high += o[1];
        }
        assertTrue(all > 1000, "enough ordinary events of the scenario users: " + all);
        assertTrue(high / all <= 0.02, "ordinary events of scenario users scoring >= 50: " + high + " of " + all);
    }

    private static double max(Map<String, Double> best, String prefix, String... features) {
        double m = 0;
        for (String f : features) m = Math.max(m, best.getOrDefault(prefix + f, 0.0));
        return m;
    }

    private static String pick(Map<String, Double> best, String prefix) {
        StringBuilder sb = new StringBuilder();
        best.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue() > 0).sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(e.getKey().substring(prefix.length())).append('=').append(ScoredEvent.round(e.getValue())).append(' '));
        return sb.toString();
    }

    @Test
    void twoReplaysGiveIdenticalScores() {
        List<List<Object>> a = replay(engine(), events), b = replay(engine(), events);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i), b.get(i), "event " + i);
    }

    /**
     * Per event: a digest of every feature name, value and exact score; every 97th event also with
     * its full feature records (reasons included). Building all reasons for 130k events is slow.
     */
    private static List<List<Object>> replay(BehaviourEngine engine, List<Event> in) {
        return replay(engine, in, 0);
    }

    private static List<List<Object>> replay(BehaviourEngine engine, List<Event> in, int offset) {
        List<List<Object>> out = new ArrayList<>(in.size());
        ScoredEvent s = new ScoredEvent();
        int n = offset;
        for (Event e : in) {
            engine.apply(e, s);
            long h = 17;
            for (int i = 0; i < s.size(); i++) {
                h = h * 31 + s.feature[i].hashCode();
                h = h * 31 + s.value(i).hashCode();
                h = h * 31 + Double.doubleToLongBits(s.score[i]);
            }
            out.add(n++ % 97 == 0 ? List.of(h, s.features()) : List.of(h));
        }
        return out;
    }

    @Test
    void snapshotRestoredMidwayThenFedTheRestEqualsAnUninterruptedRun() throws IOException {
        int cut = events.size() * 3 / 5 + 17;
        BehaviourEngine uninterrupted = engine();
        List<List<Object>> expected = replay(uninterrupted, events).subList(cut, events.size());

        BehaviourEngine first = engine();
        replay(first, events.subList(0, cut));
        byte[] snapshot = encode(first);
        BehaviourEngine restored = ModelStateCodec.read(new ByteArrayInputStream(snapshot), ModelConfig.DEFAULT,
                (e, s) -> { throw new AssertionError("a restored entity keeps its stored zone"); });
        assertArrayEquals(snapshot, encode(restored), "state -> bytes -> state -> bytes is stable");
        List<List<Object>> actual = replay(restored, events.subList(cut, events.size()), cut);
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), "event " + (cut + i));
        assertArrayEquals(encode(uninterrupted), encode(restored), "final states are identical");
    }

    @Test
    void snapshotWithOtherSettingsOrCorruptionIsRefused() throws IOException {
        BehaviourEngine e = engine();
        replay(e, events.subList(0, 2000));
        byte[] bytes = encode(e);
        IOException wrongWindow = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ModelStateCodec.read(
                new ByteArrayInputStream(bytes), ModelConfig.DEFAULT.withWindowDays(30), (x, y) -> ZoneOffset.UTC));
        assertTrue(wrongWindow.getMessage().contains("window 90"), wrongWindow.getMessage());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ModelStateCodec.read(
                new ByteArrayInputStream(truncated), ModelConfig.DEFAULT, (x, y) -> ZoneOffset.UTC));
    }

    static byte[] encode(BehaviourEngine e) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ModelStateCodec.write(e, b);
        return b.toByteArray();
    }
}
