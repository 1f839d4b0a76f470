package org.openueba.store;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-event scores (written by the {@link EventStore.Writer}, read back by every read path) and the
 * seq-ordered replay behind model restores. Rows are written directly with sequence numbers far above
 * the journal's, and removed after each test.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class EventScoresTest {
    /** Far above any sequence number the journal hands out in the test suite. */
    static final long BASE = 1_000_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Inject
    EventStore store;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void removeTestRows() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM events WHERE seq >= ?")) {
            p.setLong(1, BASE);
            p.executeUpdate();
        }
    }

    static Event event(String id, String entity, int second) {
        return Event.builder().id(id).source("json").entity(entity).kind(EventKind.AUTHENTICATION)
                .time(T0.plusSeconds(second)).build();
    }

    @Test
    void writerStoresScoreAndFeaturesAndEveryReadPathReturnsThem() throws Exception {
        String features = "[{\"feature\":\"hour\",\"score\":0.93},{\"feature\":\"country\",\"score\":0.12}]";
        try (EventStore.Writer w = store.openWriter(100)) {
            w.add(event("scores:1", "scores-user", 1), BASE + 1, T0, 63, features);
            w.add(event("scores:2", "scores-user", 2), BASE + 2, T0);
            w.add(event("scores:3", "scores-user", 3), BASE + 3, T0, 0, "[]");
            w.add(event("scores:4", "scores-user", 4), BASE + 4, T0, 100, null);
            w.commit(0); // no journal position: these rows are not from the journal
        }
        StoredEvent one = store.find("scores:1").orElseThrow();
        assertEquals(63, one.score());
        assertEquals(features, one.features()); // verbatim
        assertEquals(BASE + 1, one.seq());
        StoredEvent two = store.find("scores:2").orElseThrow();
        assertNull(two.score());
        assertNull(two.features());
        assertEquals(0, store.find("scores:3").orElseThrow().score());
        assertEquals("[]", store.find("scores:3").orElseThrow().features());
        assertEquals(100, store.find("scores:4").orElseThrow().score());
        assertNull(store.find("scores:4").orElseThrow().features());

        List<StoredEvent> q = store.query(new EventQuery("scores-user", null, null, null, null, null, 10));
        assertEquals(List.of("scores:1", "scores:2", "scores:3", "scores:4"), q.stream().map(s -> s.event().id()).toList());
        assertEquals(63, q.get(0).score());
        assertEquals(features, q.get(0).features());
        assertNull(q.get(1).score());

        List<StoredEvent> replayed = new ArrayList<>();
        store.forEachAfter(BASE, BASE + 4, replayed::add);
        assertEquals(63, replayed.get(0).score());
        assertEquals(features, replayed.get(0).features());
    }

    @Test
    void writerRejectsScoresOutOfRangeAndFeaturesThatAreNotAnArray() throws Exception {
        try (EventStore.Writer w = store.openWriter(100)) {
            Event e = event("scores:bad", "scores-user", 1);
            IllegalArgumentException tooHigh = assertThrows(IllegalArgumentException.class,
                    () -> w.add(e, BASE + 1, T0, 101, null));
            assertTrue(tooHigh.getMessage().contains("score must be 0..100"), tooHigh.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.add(e, BASE + 1, T0, -1, null));
            IllegalArgumentException object = assertThrows(IllegalArgumentException.class,
                    () -> w.add(e, BASE + 1, T0, 5, "{\"hour\":0.9}"));
            assertTrue(object.getMessage().contains("JSON array"), object.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.add(e, BASE + 1, T0, 5, "  "));
            String huge = "[" + "0,".repeat(EventStore.MAX_FEATURES_CHARS / 2) + "0]";
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> w.add(e, BASE + 1, T0, 5, huge));
            assertTrue(tooLong.getMessage().contains("more than " + EventStore.MAX_FEATURES_CHARS), tooLong.getMessage());
            // the largest accepted features fit the column
            String largest = "[" + "0,".repeat((EventStore.MAX_FEATURES_CHARS - 3) / 2) + "0]";
            assertTrue(largest.length() <= EventStore.MAX_FEATURES_CHARS);
            w.add(e, BASE + 1, T0, 5, " " + largest);
            w.commit(0);
        }
        assertEquals(" " + "[" + "0,".repeat((EventStore.MAX_FEATURES_CHARS - 3) / 2) + "0]",
                store.find("scores:bad").orElseThrow().features());
    }

    @Test
    void forEachAfterStreamsTheRangeInSeqOrderAcrossPages() throws Exception {
        // inserted in random order: the table order is not the seq order
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= 30; i++) order.add(i);
        Collections.shuffle(order, new Random(42));
        try (EventStore.Writer w = store.openWriter(7)) {
            for (int i : order) w.add(event("replay:" + i, "replay-user", i), BASE + i, T0);
            // a second row sharing seq 12 (the journal never does this): still delivered, at every page size
            w.add(event("replay:12b", "replay-user", 12), BASE + 12, T0);
            w.commit(0);
        }
        for (int chunk : new int[]{2, 3, 4, 5, 7, 16, 31, 32, 100, EventStore.REPLAY_CHUNK}) {
            List<StoredEvent> seen = new ArrayList<>();
            long n = store.forEachAfter(BASE + 5, BASE + 20, chunk, seen::add);
            assertEquals(16, n, "chunk " + chunk);
            assertEquals(16, seen.size(), "chunk " + chunk);
            List<Long> seqs = seen.stream().map(StoredEvent::seq).toList();
            List<Long> expected = new ArrayList<>();
            for (long s = 6; s <= 20; s++) {
                expected.add(BASE + s);
                if (s == 12) expected.add(BASE + s);
            }
            assertEquals(expected, seqs, "chunk " + chunk);
            assertEquals(16, seen.stream().map(s -> s.event().id()).distinct().count(), "chunk " + chunk);
        }
        // bounds: exclusive after, inclusive up-to; empty and inverted ranges stream nothing
        List<Long> all = new ArrayList<>();
        assertEquals(31, store.forEachAfter(BASE, BASE + 30, e -> all.add(e.seq())));
        assertEquals(BASE + 1, all.get(0));
        assertEquals(BASE + 30, all.get(all.size() - 1));
        assertEquals(1, store.forEachAfter(BASE + 29, BASE + 30, e -> { }));
        assertEquals(0, store.forEachAfter(BASE + 30, BASE + 30, e -> { }));
        assertEquals(0, store.forEachAfter(BASE + 30, BASE + 1_000, e -> { }));
        assertEquals(0, store.forEachAfter(BASE + 20, BASE + 10, e -> { }));
        assertThrows(IllegalArgumentException.class, () -> store.forEachAfter(-1, 10, e -> { }));
        assertThrows(IllegalArgumentException.class, () -> store.forEachAfter(0, 10, null));
    }

    @Test
    void forEachAfterPagesThroughMoreThanOneDefaultChunk() throws Exception {
        int count = EventStore.REPLAY_CHUNK * 2 + 345;
        try (EventStore.Writer w = store.openWriter(2000)) {
            for (int i = 1; i <= count; i++) w.add(event("bulk-replay:" + i, "bulk-replay-user", i), BASE + i, T0, i % 101, null);
            w.commit(0);
        }
        long[] last = {BASE};
        int[] seen = {0};
        long n = store.forEachAfter(BASE, BASE + count, e -> {
            assertEquals(last[0] + 1, e.seq()); // ascending, no gap, no repeat
            assertEquals((int) ((e.seq() - BASE) % 101), e.score());
            last[0] = e.seq();
            seen[0]++;
        });
        assertEquals(count, n);
        assertEquals(count, seen[0]);
        assertEquals(BASE + count, last[0]);
        // starting in the middle of a page, stopping before the end
        seen[0] = 0;
        assertEquals(EventStore.REPLAY_CHUNK + 1, store.forEachAfter(BASE + 99, BASE + 100 + EventStore.REPLAY_CHUNK,
                e -> seen[0]++));
        assertEquals(EventStore.REPLAY_CHUNK + 1, seen[0]);
    }
}
