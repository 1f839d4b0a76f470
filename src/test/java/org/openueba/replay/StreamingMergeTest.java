package org.openueba.replay;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming merge gives exactly {@link Replay#merge}'s stream, detects what it cannot merge, and holds a bounded number of events. */
class StreamingMergeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Event event(String id, long seconds) {
        return Event.builder().id(id).time(T0.plusSeconds(seconds)).source("s").entity("u1").kind(EventKind.AUTHENTICATION).build();
    }

    private static StreamingMerge.Producer producer(List<Event> events) {
        return sink -> {
            long line = 1;
            for (Event e : events) sink.accept(line++, e);
        };
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add("input-" + i);
        return names;
    }

    private static StreamingMerge merge(List<List<Event>> inputs, boolean[] sorted, int batch, int queued) {
        List<StreamingMerge.Producer> producers = new ArrayList<>();
        for (List<Event> l : inputs) producers.add(producer(l));
        return new StreamingMerge(producers, names(inputs.size()), sorted, batch, queued);
    }

    private static List<Event> drain(StreamingMerge m) {
        List<Event> out = new ArrayList<>();
        for (Event e = m.next(); e != null; e = m.next()) out.add(e);
        return out;
    }

    private static Replay.Merged inMemory(List<List<Event>> inputs) {
        List<List<Event>> copies = new ArrayList<>();
        for (List<Event> l : inputs) copies.add(new ArrayList<>(l));
        return Replay.merge(copies);
    }

    /** The streaming merge with the replay's reaction to an unordered input (sort it in memory, start again); null on an id conflict. */
    private record Streamed(List<Event> events, long[] duplicates, boolean[] sorted) {
    }

    private static Streamed streamed(List<List<Event>> inputs, int batch, int queued) {
        boolean[] sorted = new boolean[inputs.size()];
        while (true) {
            try (StreamingMerge m = merge(inputs, sorted, batch, queued)) {
                List<Event> out = drain(m);
                return new Streamed(out, m.duplicates(), sorted);
            } catch (StreamingMerge.Unordered u) {
                assertFalse(sorted[u.input], "an input sorted in memory is never out of order");
                sorted[u.input] = true;
            } catch (StreamingMerge.IdConflict c) {
                return null;
            }
        }
    }

    @Test
    void equalTimestampsAreOrderedByIdThenInputAndARepeatedIdKeepsItsFirstArrival() {
        // in time order, but not in id order within a second; a:1 repeated in both inputs at the same time
        List<Event> first = List.of(event("b:2", 10), event("a:1", 10), event("b:9", 10), event("c:1", 11), event("c:1", 11));
        List<Event> second = List.of(event("a:1", 10), event("a:0", 10), event("z:0", 11), event("b:10", 11));
        try (StreamingMerge m = merge(List.of(first, second), new boolean[2], 2, 1)) {
            List<Event> out = drain(m);
            assertEquals(List.of("a:0", "a:1", "b:2", "b:9", "b:10", "c:1", "z:0"), out.stream().map(Event::id).toList());
            assertSame(first.get(1), out.get(1), "the first input's a:1 is kept");
            assertSame(first.get(3), out.get(5), "the first line's c:1 is kept");
            assertArrayEquals(new long[]{1, 1}, m.duplicates());
            assertEquals(7, m.merged());
            Replay.Merged expected = inMemory(List.of(first, second));
            assertEquals(Arrays.asList(expected.events()), out);
            assertArrayEquals(expected.duplicates(), m.duplicates());
        }
    }

    @Test
    void anInputOutOfTimeOrderIsDetectedWithItsLinesAndMergesExactlyOnceSortedInMemory() {
        List<Event> ordered = List.of(event("a:1", 1), event("a:2", 5), event("a:3", 9));
        List<Event> unordered = List.of(event("b:1", 2), event("b:2", 8), event("b:3", 3), event("b:1", 1));
        StreamingMerge.Unordered u;
        try (StreamingMerge m = merge(List.of(ordered, unordered), new boolean[2], 2, 1)) {
            u = assertThrows(StreamingMerge.Unordered.class, () -> drain(m));
        }
        assertEquals(1, u.input);
        assertEquals(3, u.line);
        assertEquals("input-1 is not in event-time order: line 3 (2026-01-01T00:00:03Z) comes after line 2 (2026-01-01T00:00:08Z)",
                u.getMessage());
        try (StreamingMerge m = merge(List.of(ordered, unordered), new boolean[]{false, true}, 2, 1)) {
            List<Event> out = drain(m);
            // b:1 at line 4 (time 1) repeats line 1's id: the first line's copy (time 2) is kept, as in memory
            assertEquals(List.of("a:1", "b:1", "b:3", "a:2", "b:2", "a:3"), out.stream().map(Event::id).toList());
            assertSame(unordered.get(0), out.get(1));
            assertArrayEquals(new long[]{0, 1}, m.duplicates());
            assertEquals(Arrays.asList(inMemory(List.of(ordered, unordered)).events()), out);
            assertEquals(4, m.maxHeld()[1], "an input sorted in memory is held whole");
        }
    }

    @Test
    void aRepeatedIdWhoseFirstArrivalIsNotItsEarliestCopyIsAConflict() {
        // ReplayMergeTest's case: j:1 arrives first in the first input (12:00), but the second input's copy is earlier (07:00)
        List<Event> first = List.of(event("j:2", 8 * 3600), event("j:1", 12 * 3600));
        List<Event> second = List.of(event("j:1", 7 * 3600), event("j:3", 9 * 3600));
        for (boolean[] sorted : List.of(new boolean[2], new boolean[]{true, true})) {
            try (StreamingMerge m = merge(List.of(first, second), sorted, 1, 1)) {
                StreamingMerge.IdConflict c = assertThrows(StreamingMerge.IdConflict.class, () -> drain(m));
                assertEquals("event id j:1 was merged from input-1, where it has an earlier time than in input-0 (earlier on the"
                        + " command line, whose copy is the one kept)", c.getMessage());
            }
        }
        // the same ids with the later input's copy not earlier: no conflict, the first input's copy is kept
        List<Event> later = List.of(event("j:1", 12 * 3600), event("j:3", 13 * 3600));
        try (StreamingMerge m = merge(List.of(first, later), new boolean[2], 1, 1)) {
            List<Event> out = drain(m);
            assertSame(first.get(1), out.get(1));
            assertArrayEquals(new long[]{0, 1}, m.duplicates());
        }
    }

    /**
     * Seeded random inputs: in time order with many equal timestamps (ids in random order within them),
     * nearly sorted or shuffled; ids repeated within an input, copied across inputs with the same time, and
     * now and then repeated across inputs with another time. The streaming merge (with inputs found out of
     * order sorted in memory) gives the very same event objects as the in-memory merge, and the same
     * duplicate counts, unless it reports a conflict — which it does exactly when the in-memory merge keeps a
     * copy that is not the earliest in time.
     */
    @Test
    void seededRandomInputsMergeExactlyAsInMemory() {
        int conflicts = 0, resorted = 0, compared = 0;
        for (long seed = 1; seed <= 300; seed++) {
            Random r = new Random(seed);
            List<List<Event>> inputs = randomInputs(r);
            Streamed s = streamed(inputs, 1 + r.nextInt(8), 1 + r.nextInt(3));
            boolean legit = conflictExpected(inputs);
            if (s == null) {
                assertTrue(legit, "seed " + seed + ": a conflict only where the in-memory merge keeps a copy that is not the earliest");
                conflicts++;
                continue;
            }
            assertFalse(legit, "seed " + seed + ": a conflict went unnoticed");
            Replay.Merged expected = inMemory(inputs);
            assertEquals(expected.events().length, s.events().size(), "seed " + seed);
            for (int i = 0; i < expected.events().length; i++) {
                assertSame(expected.events()[i], s.events().get(i), "seed " + seed + ", event " + i);
            }
            assertArrayEquals(expected.duplicates(), s.duplicates(), "seed " + seed);
            for (boolean b : s.sorted()) if (b) resorted++;
            compared++;
        }
        // the generator covers every case
        assertTrue(conflicts >= 10 && compared >= 150 && resorted >= 50, conflicts + " conflicts, " + compared + " compared, "
                + resorted + " inputs sorted in memory");
    }

    static List<List<Event>> randomInputs(Random r) {
        int n = 1 + r.nextInt(4);
        List<List<Event>> inputs = new ArrayList<>();
        boolean crossTimes = r.nextInt(3) == 0;
        for (int i = 0; i < n; i++) {
            int size = r.nextInt(200);
            int span = 1 + r.nextInt(Math.max(1, size / 2));
            List<Event> l = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                int p = r.nextInt(100);
                if (p < 8 && !l.isEmpty()) { // the same id again in this input, same time or another
                    Event prev = l.get(r.nextInt(l.size()));
                    l.add(event(prev.id(), r.nextBoolean() ? prev.time().getEpochSecond() - T0.getEpochSecond() : r.nextInt(span)));
                } else if (p < 18 && i > 0) { // a record also in an earlier input, same time
                    List<Event> other = inputs.get(r.nextInt(i));
                    if (other.isEmpty()) continue;
                    Event o = other.get(r.nextInt(other.size()));
                    l.add(event(o.id(), o.time().getEpochSecond() - T0.getEpochSecond()));
                } else if (p < 20 && i > 0 && crossTimes) { // an id of an earlier input with another time
                    List<Event> other = inputs.get(r.nextInt(i));
                    if (other.isEmpty()) continue;
                    l.add(event(other.get(r.nextInt(other.size())).id(), r.nextInt(span)));
                } else {
                    l.add(event("s:" + Integer.toString(r.nextInt(1_000_000), 36), r.nextInt(span)));
                }
            }
            int order = r.nextInt(10);
            if (order < 6) { // in time order (stable: equal timestamps in random id order)
                l.sort(Comparator.comparing(Event::time));
            } else if (order < 8) { // nearly: a few neighbours swapped
                l.sort(Comparator.comparing(Event::time));
                for (int s = 0; s < 3 && l.size() > 1; s++) {
                    int at = r.nextInt(l.size() - 1);
                    Collections.swap(l, at, at + 1);
                }
            } else {
                Collections.shuffle(l, r);
            }
            inputs.add(l);
        }
        return inputs;
    }

    /** Some id's first arrival (input, then line) has a later time than the first copy of that id in a later input. */
    private static boolean conflictExpected(List<List<Event>> inputs) {
        Map<String, Event> kept = new HashMap<>();
        for (List<Event> l : inputs) {
            Map<String, Event> firstHere = new HashMap<>();
            for (Event e : l) firstHere.putIfAbsent(e.id(), e);
            for (Event e : firstHere.values()) {
                Event k = kept.get(e.id());
                if (k != null && e.time().isBefore(k.time())) return true;
            }
            for (Event e : firstHere.values()) kept.putIfAbsent(e.id(), e);
        }
        return false;
    }

    /**
     * Long inputs in time order: before anything is merged each reader fills its queue and stops, and while
     * merging no input ever has more than its queue, the batch it fills, the merge's current batch and its
     * run of equal timestamps read but not merged. (With an unbounded queue each reader would read its whole
     * input before the first event is taken, and the count would be the input's size.)
     */
    @Test
    void inputsInTimeOrderAreHeldInABoundedNumberOfEvents() throws Exception {
        int batch = 16, queued = 2, size = 20_000, runs = 3;
        List<List<Event>> inputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Event> l = new ArrayList<>();
            for (int k = 0; k < size; k++) l.add(event("x" + i + ":" + k, k / runs)); // runs of 3 equal timestamps
            inputs.add(l);
        }
        try (StreamingMerge m = merge(inputs, new boolean[4], batch, queued)) {
            while (!m.readersWaiting()) Thread.sleep(1); // until every reader has filled its queue (or ended)
            assertEquals(4 * size, drain(m).size());
            long bound = (queued + 2L) * batch + runs + 1;
            for (long held : m.maxHeld()) {
                assertTrue(held <= bound, "held " + held + " > " + bound);
                assertTrue(held >= queued * batch, "held " + held + ": the queue was full");
            }
        }
    }

    @Test
    void batchesAndQueuesShrinkWithTheNumberOfInputsSoThatAllTogetherStayBounded() {
        assertEquals(512, StreamingMerge.batchFor(3));
        assertEquals(8, StreamingMerge.queuedFor(3));
        for (int k = 1; k <= StreamingMerge.MAX_INPUTS; k++) {
            long perInput = (StreamingMerge.queuedFor(k) + 2L) * StreamingMerge.batchFor(k);
            assertTrue(perInput * k <= 131_072, k + " inputs: " + perInput * k + " events");
            assertTrue(StreamingMerge.batchFor(k) >= 16 && StreamingMerge.queuedFor(k) >= 2, k + " inputs");
        }
    }

    @Test
    void aReaderThatFailsEndsTheMergeWithItsInputNamedNeverASilentEnd() {
        for (int failAfter : new int[]{0, 5, 24, 1000}) {
            // input 0 fails after failAfter events, all later than input 1's (with 24 its queue is full when it fails)
            List<StreamingMerge.Producer> producers = List.of(sink -> {
                for (int k = 0; k < failAfter; k++) sink.accept(k + 1, event("late:" + k, 1_000_000 + k));
                throw new IOException("disk on fire");
            }, producer(ids("early", 5_000)));
            try (StreamingMerge m = new StreamingMerge(producers, names(2), new boolean[2], 8, 2)) {
                StreamingMerge.ReaderFailed f = assertThrows(StreamingMerge.ReaderFailed.class, () -> drain(m));
                assertEquals(0, f.input);
                assertEquals("reading input-0 failed: java.io.IOException: disk on fire", f.getMessage());
            }
        }
        // a runtime failure (a bug in a parser) the same
        List<StreamingMerge.Producer> producers = List.of(producer(ids("a", 100)), sink -> {
            sink.accept(1, event("b:0", 0));
            throw new IllegalStateException("bug");
        });
        try (StreamingMerge m = new StreamingMerge(producers, names(2), new boolean[2], 4, 1)) {
            StreamingMerge.ReaderFailed f = assertThrows(StreamingMerge.ReaderFailed.class, () -> drain(m));
            assertEquals("reading input-1 failed: java.lang.IllegalStateException: bug", f.getMessage());
        }
    }

    @Test
    void closingTheMergeStopsItsReaders() {
        AtomicLong produced = new AtomicLong();
        StreamingMerge.Producer endless = sink -> {
            for (long k = 0; ; k++) {
                sink.accept(k + 1, event("e:" + k, k));
                produced.incrementAndGet();
            }
        };
        StreamingMerge m = new StreamingMerge(List.of(endless, endless), names(2), new boolean[2], 4, 1);
        for (int k = 0; k < 100; k++) m.next();
        m.close(); // interrupts the readers and waits for them: returns only if they stopped
        long after = produced.get();
        assertEquals(after, produced.get());
        assertThrows(IllegalStateException.class, m::next, "a closed merge hands out nothing more");
    }

    private static List<Event> ids(String prefix, int n) {
        List<Event> l = new ArrayList<>();
        for (int k = 0; k < n; k++) l.add(event(prefix + ":" + k, k));
        return l;
    }
}
