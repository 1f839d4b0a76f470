package org.openueba.replay;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merge read ahead on a thread of its own: the same events in the same order, failures where the stream had them, no thread left behind. */
class ReadAheadTest {
    private static Event event(int i) {
        return Event.builder().id("e" + i).time(Instant.ofEpochSecond(1_700_000_000L + i)).source("s").entity("u")
                .kind(EventKind.AUTHENTICATION).build();
    }

    /** A stream of {@code n} events that throws {@code failure} (when not null) instead of the event {@code failAt}. */
    private static Replay.EventStream stream(int n, int failAt, RuntimeException failure) {
        int[] next = {0};
        return () -> {
            if (next[0] == failAt && failure != null) throw failure;
            return next[0] == n ? null : event(next[0]++);
        };
    }

    @Test
    void theSameEventsInTheSameOrderAcrossManyBatches() {
        for (int n : new int[]{0, 1, ReadAhead.BATCH - 1, ReadAhead.BATCH, ReadAhead.BATCH + 1, 10 * ReadAhead.BATCH + 17}) {
            List<String> ids = new ArrayList<>();
            try (ReadAhead r = new ReadAhead(stream(n, -1, null), "read-ahead-test")) {
                for (Event e = r.next(); e != null; e = r.next()) ids.add(e.id());
                assertNull(r.next(), "and stays at its end");
            }
            assertEquals(n, ids.size());
            for (int i = 0; i < n; i++) assertEquals("e" + i, ids.get(i));
        }
        assertNoThreadLeft();
    }

    @Test
    void whatTheStreamThrowsComesAfterTheEventsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("unordered input");
        int failAt = 3 * ReadAhead.BATCH + 5;
        List<String> ids = new ArrayList<>();
        try (ReadAhead r = new ReadAhead(stream(10_000, failAt, boom), "read-ahead-test")) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
                for (Event e = r.next(); e != null; e = r.next()) ids.add(e.id());
            });
            assertSame(boom, thrown, "the stream's own exception (the replay restarts on its type)");
        }
        assertEquals(failAt, ids.size());
        assertNoThreadLeft();
    }

    @Test
    void closingBeforeTheEndStopsTheThreadEvenWhenTheStreamBlocks() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        int[] next = {0};
        Replay.EventStream slow = () -> {
            if (next[0] == 2 * ReadAhead.BATCH) {
                blocked.countDown();
                try {
                    Thread.sleep(60_000); // a merge waiting for a reader
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while merging the inputs", e);
                }
            }
            return event(next[0]++);
        };
        ReadAhead r = new ReadAhead(slow, "read-ahead-test");
        assertEquals("e0", r.next().id());
        assertTrue(blocked.await(30, TimeUnit.SECONDS));
        long t = System.nanoTime();
        r.close();
        assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(30), "close does not wait for the stream");
        assertNoThreadLeft();
    }

    private static void assertNoThreadLeft() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().equals("read-ahead-test") && t.isAlive(), "the read-ahead thread has ended");
        }
    }
}
