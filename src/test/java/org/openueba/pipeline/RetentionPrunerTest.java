package org.openueba.pipeline;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openueba.store.EventQuery;
import org.openueba.store.EventStore;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        store.deleteBefore(start.plusSeconds(86_400L * 4 - 1));
        assertEquals(6, store.query(new EventQuery("retention-user", null, null, null, null, null, 1000)).size());
    }
}
