package org.openueba.replay;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoParameters;
import org.openueba.enrich.GeoEnricher;
import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.model.ScoredEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second layer on a thread of its own (the replay's default with more than one processor): what it
 * reads of each scored event (identity, local time, every entry scoring above 0 with its reason) reaches it
 * in the same order as on one thread, so the alerts are the same; a failure on either side ends the
 * scoring and propagates, and the second layer's thread ends.
 */
class ReplayTwoThreadsTest {
    static Path dir;
    static List<Event> events;
    static Map<String, ZoneId> zones;

    @BeforeAll
    static void demo() throws Exception {
        dir = Files.createTempDirectory("replay-two-threads-test");
        DemoOrganisation.generate(new DemoParameters(7, 30, 3, DemoParameters.DEFAULT_START), dir);
        try (GeoEnricher geo = GeoEnricher.bundled()) {
            events = DemoEvents.load(dir, geo);
        }
        zones = DemoEvents.zones(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static BehaviourEngine engine() {
        return new BehaviourEngine(ModelConfig.DEFAULT, (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC));
    }

    private static Replay.EventStream stream(int throwAt) {
        int[] next = {0};
        return () -> {
            if (next[0] == throwAt) throw new IllegalStateException("the stream broke at " + throwAt);
            return next[0] == events.size() ? null : events.get(next[0]++);
        };
    }

    /** What the second layer reads of each scored event: id, entity, local time, each entry scoring above 0 with its reason. */
    private static List<String> seen(boolean twoThreads) {
        List<String> seen = new ArrayList<>();
        Replay.Driven counts = Replay.drive(stream(-1), engine(), (e, s) -> seen.add(line(e, s)), f -> {
            throw f;
        }, twoThreads);
        assertEquals(events.size(), counts.applied());
        assertEquals(0, counts.failed());
        assertEquals(twoThreads, counts.sinkCpuNanos() > 0, "CPU time of the second layer's thread, when it has one");
        return seen;
    }

    private static String line(Event e, ScoredEvent s) {
        StringBuilder sb = new StringBuilder(e.id()).append(' ').append(s.eventId()).append(' ').append(s.entity())
                .append(' ').append(s.localEpochSecond());
        for (int i = 0; i < s.size(); i++) {
            if (s.score(i) <= 0) continue; // the SMART layer skips them
            sb.append(" | ").append(s.feature(i)).append('=').append(s.value(i)).append(' ').append(s.score(i))
                    .append(' ').append(s.reason(i));
        }
        return sb.toString();
    }

    @Test
    void theSecondLayerReadsTheSameScoresAndReasonsInTheSameOrder() {
        List<String> one = seen(false), two = seen(true);
        assertTrue(events.size() > 5 * 256, "several batches: " + events.size());
        assertTrue(one.stream().anyMatch(l -> l.contains("; usual: ") && !l.contains("; usual: none")),
                "some reasons name usual values (which the copy looks up in the dictionaries)");
        assertTrue(one.stream().anyMatch(l -> l.contains("personal to ")), "and owners");
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) assertEquals(one.get(i), two.get(i), "event " + i);
        assertNoSecondLayerThread();
    }

    @Test
    void theCopyHoldsTheEntriesAboveZeroWithTheirReasons() {
        BehaviourEngine engine = engine();
        ScoredEvent out = new ScoredEvent(), copy = new ScoredEvent();
        int checked = 0;
        for (Event e : events) {
            engine.apply(e, out);
            out.copyScoredInto(copy);
            assertEquals(out.eventId(), copy.eventId());
            assertEquals(out.entity(), copy.entity());
            assertEquals(out.localEpochSecond(), copy.localEpochSecond());
            int j = 0;
            for (int i = 0; i < out.size(); i++) {
                if (out.score(i) <= 0) continue;
                assertEquals(out.feature(i), copy.feature(j));
                assertEquals(out.value(i), copy.value(j));
                assertEquals(out.score(i), copy.score(j));
                assertEquals(out.reason(i), copy.reason(j));
                j++;
                checked++;
            }
            assertEquals(j, copy.size(), "only the entries above 0");
        }
        assertTrue(checked > 1000, "entries checked: " + checked);
    }

    @Test
    void theAlertsAreTheSameOnOneThreadAndOnTwo() {
        Replay.Scored one = Replay.score(stream(-1), ModelConfig.DEFAULT, ReplayJobTest.SMART,
                (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC), f -> {
                    throw f;
                }, false);
        Replay.Scored two = Replay.score(stream(-1), ModelConfig.DEFAULT, ReplayJobTest.SMART,
                (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC), f -> {
                    throw f;
                }, true);
        assertFalse(one.alerts().isEmpty(), "the demo raises alerts at threshold 50");
        assertEquals(one.alerts().stream().map(AlertNdjson::line).toList(), two.alerts().stream().map(AlertNdjson::line).toList());
        assertEquals(one.events(), two.events());
        assertEquals(one.prior(), two.prior());
        assertEquals(one.entities(), two.entities());
    }

    @Test
    void anEventTheFirstLayerCannotScoreIsLeftOutAndChangesNothingElse() {
        // the zone look-up of one entity fails (a directory that cannot be read): each of its events fails alone
        String broken = events.get(100).entity();
        long brokenEvents = events.stream().filter(e -> e.entity().equals(broken)).count();
        BehaviourEngine.ZoneLookup failing = (e, s) -> {
            if (e.equals(broken)) throw new IllegalStateException("directory unavailable");
            return zones.getOrDefault(e, ZoneOffset.UTC);
        };
        List<Event> without = events.stream().filter(e -> !e.entity().equals(broken)).toList();
        List<String> expected = new ArrayList<>();
        int[] next = {0};
        Replay.drive(() -> next[0] == without.size() ? null : without.get(next[0]++), engine(), (e, s) -> expected.add(line(e, s)),
                f -> {
                    throw f;
                }, false);
        for (boolean twoThreads : new boolean[]{false, true}) {
            List<String> seen = new ArrayList<>();
            List<RuntimeException> failures = new ArrayList<>();
            Replay.Driven counts = Replay.drive(stream(-1), new BehaviourEngine(ModelConfig.DEFAULT, failing), (e, s) -> seen.add(line(e, s)),
                    failures::add, twoThreads);
            assertEquals(brokenEvents, counts.failed(), "one failure per event of that entity");
            assertEquals(brokenEvents, failures.size());
            assertTrue(failures.get(0).getMessage().startsWith("scoring event "), failures.get(0).getMessage());
            assertEquals(events.size() - brokenEvents, counts.applied());
            assertEquals(expected, seen, "the other events score as if the entity's events were not there");
        }
    }

    @Test
    void aFailureOfTheSecondLayerEndsTheScoringAndPropagates() {
        IllegalArgumentException boom = new IllegalArgumentException("second layer failed");
        int[] calls = {0};
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Replay.drive(stream(-1), engine(),
                (e, s) -> {
                    if (++calls[0] == 1000) throw boom;
                }, f -> {
                    throw f;
                }, true));
        assertSame(boom, thrown);
        assertEquals(1000, calls[0], "nothing reaches the second layer after its failure");
        assertNoSecondLayerThread();
    }

    @Test
    void aFailureOfTheStreamEndsTheSecondLayerAndPropagates() {
        List<String> seen = new ArrayList<>();
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Replay.drive(stream(3000), engine(), (e, s) -> seen.add(e.id()), f -> {
                    throw f;
                }, true));
        assertEquals("the stream broke at 3000", thrown.getMessage());
        assertTrue(seen.size() <= 3000);
        for (int i = 0; i < seen.size(); i++) assertEquals(events.get(i).id(), seen.get(i), "in order");
        assertNoSecondLayerThread();
    }

    private static void assertNoSecondLayerThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().equals("replay-second-layer") && t.isAlive(), "the second layer's thread has ended");
        }
    }
}
