package org.openueba.store;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store primitives the journal relies on, on whichever database the suite runs. */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class EventStoreTest {
    @Inject
    EventStore store;
    @Inject
    EventLog log;

    @Test
    void findsExistingIdsAcrossChunksAndAnalyzes() throws Exception {
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            events.add(Event.builder().id("store-test:" + i).source("json").entity("store-user").kind(EventKind.OTHER)
                    .time(t.plusSeconds(i)).build());
        }
        EventLog.Appended first = log.append(events, Instant.now());
        assertEquals(1_200, first.stored());
        assertTrue(log.awaitIndexed(Duration.ofSeconds(30)));
        // more than two IN-list chunks of 500, a mix of stored and unknown ids
        List<String> probe = new java.util.ArrayList<>();
        for (int i = 0; i < 1_300; i++) probe.add("store-test:" + i);
        Set<String> found = store.existingIds(probe);
        assertEquals(1_200, found.size());
        store.analyze(); // the dialect's statement must be accepted
        assertEquals(1_200, store.existingIds(probe).size());
        EventLog.Appended again = log.append(events.subList(0, 10), Instant.now());
        assertEquals(0, again.stored());
        assertEquals(10, again.duplicates());
    }
}
