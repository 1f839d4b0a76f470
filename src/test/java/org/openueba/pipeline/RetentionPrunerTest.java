package org.openueba.pipeline;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openueba.store.EventQuery;
import org.openueba.config.UebaConfig;
import org.openueba.store.EventStore;
import org.openueba.store.StoredEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class RetentionPrunerTest {
    static {
        org.openueba.ingest.RestAssuredText.configure();
    }

    @Inject
    RetentionPruner pruner;
    @Inject
    EventStore store;
    @Inject
    org.openueba.store.EventLog log;
    @Inject
    UebaConfig config;

    @Test
    void cutoffIsMeasuredFromTheNewestEventTimeCappedByTheClock() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        // a replay of 2020: the wall clock does not matter
        assertEquals(Instant.parse("2019-10-03T00:00:00Z"),
                RetentionPruner.cutoff(Instant.parse("2020-01-01T00:00:00Z"), now, Duration.ofDays(1), 90));
        // one mis-dated record in 2099 cannot wipe the store: capped at now + skew
        assertEquals(Instant.parse("2026-03-04T00:00:00Z"),
                RetentionPruner.cutoff(Instant.parse("2099-01-01T00:00:00Z"), now, Duration.ofDays(1), 90));
    }

    @Test
    void pruneUsesTheConfiguredWindowAndDeletesOnlyOlderEvents() throws Exception {
        StringBuilder b = new StringBuilder();
        Instant start = Instant.parse("2000-01-01T12:00:00Z");
        for (int d = 0; d < 10; d++) {
            b.append("{\"id\":\"ret").append(d).append("\",\"time\":\"").append(start.plusSeconds(86_400L * d))
                    .append("\",\"entity\":\"retention-user\",\"kind\":\"authentication\"}\n");
        }
        given().contentType("application/x-ndjson").body(b.toString()).post("/api/v1/events?source=json")
                .then().statusCode(200);
        log.awaitIndexed(Duration.ofSeconds(10));
        Instant newest = store.newestEventTime().orElseThrow();
        assertEquals(RetentionPruner.cutoff(newest, Instant.now(), Duration.ofDays(1), 90),
                pruner.cutoff(Instant.now()).orElseThrow());
        // delete exactly the first four days of this entity (the store primitive prune relies on)
        store.deleteBefore(start.plusSeconds(86_400L * 4 - 1), 1000);
        assertEquals(6, store.query(new EventQuery("retention-user", null, null, null, null, null, 1000)).size());
    }

    @Test
    void pruningDeletesEveryDueEventInTransactionsOfAtMostTheConfiguredBatch() throws Exception {
        int batch = config.retention().batch(); // 4 in the test profile
        int due = 6 * batch + 1;
        assertTrue(batch >= 1 && due > batch, "the test needs several batches, batch " + batch);
        // 1991: before every other test's events, so the cutoff below selects only these
        Instant start = Instant.parse("1991-01-01T00:00:00Z");
        Instant cutoff = start.plusSeconds(3600L * due);
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < due + 5; k++) { // the first `due` before the cutoff; then one at it and four after
            b.append("{\"id\":\"ret-batch-").append(k).append("\",\"time\":\"").append(start.plusSeconds(3600L * k))
                    .append("\",\"entity\":\"retention-batch-user\",\"kind\":\"authentication\"}\n");
        }
        given().contentType("application/x-ndjson").body(b.toString()).post("/api/v1/events?source=json")
                .then().statusCode(200);
        log.awaitIndexed(Duration.ofSeconds(10));
        EventQuery mine = new EventQuery("retention-batch-user", null, null, null, null, null, 1000);
        assertEquals(due + 5, store.query(mine).size());

        EventStore.Deleted d = pruner.pruneBefore(cutoff);
        assertEquals(due, d.rows(), "every due event and nothing else");
        // full batches, then the one that found fewer than a batch (none when `due` is a multiple)
        assertEquals(due / batch + 1, d.transactions());
        List<StoredEvent> left = store.query(mine);
        assertEquals(5, left.size());
        assertEquals(cutoff, left.get(0).event().time(), "the event at the cutoff is kept");
        assertTrue(store.query(new EventQuery(null, null, null, cutoff, null, null, 10)).isEmpty(),
                "no event before the cutoff is left");

        // nothing due any more: one empty transaction
        assertEquals(new EventStore.Deleted(0, 1), pruner.pruneBefore(cutoff));
    }
}
