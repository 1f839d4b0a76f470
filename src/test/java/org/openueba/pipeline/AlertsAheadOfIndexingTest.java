package org.openueba.pipeline;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openueba.alert.AlertStore;
import org.openueba.smart.Indicator;
import org.openueba.smart.Severity;
import org.openueba.smart.WindowAlert;
import org.openueba.store.EventLog;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4 (latency): alerts are derived from the journal's tail ahead of indexing
 * ({@code ueba.journal.alerts-ahead}, on by default): with the indexer held, a burst still raises its
 * alert, and once indexing catches up the stored events carry their scores and both model copies are
 * equal (also after an admin's threshold change, and a directory time zone change of an entity the
 * ahead copy had created, while the indexing copy was behind). An alert derived again after a restart never replaces a later stored version.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class AlertsAheadOfIndexingTest {
    static {
        org.openueba.ingest.RestAssuredText.configure();
    }

    static final String ENTITY = "ahead-alert-user";
    /** Fixed past dates, far from other tests' data. */
    static final Instant DAY0 = Instant.parse("2025-06-02T09:00:00Z");
    /** New hosts in the burst hour: enough for an alert, few enough for a score under 100. */
    static final int BURST = 12;
    static final String ZONED = "ahead-zoned-user";

    @Inject
    EventLog log;
    @Inject
    ModelService models;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    AlertStore alerts;

    private static String logon(String id, Instant t, String host) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + t + "\",\"entity\":\"" + ENTITY + "\",\"kind\":\"authentication\","
                + "\"action\":\"logon\",\"outcome\":\"success\",\"dstHost\":\"" + host + "\",\"srcHost\":\"WS-AH-1\"}\n";
    }

    @Test
    void aBurstIsAlertedWhileItsEventsWaitForIndexing() throws Exception {
        assertTrue(models.scoresAhead(), "alerts ahead of indexing is the default");
        assertTrue(log.awaitIndexed(Duration.ofSeconds(30)));
        double threshold = models.smartConfig().threshold();
        log.holdIndexing(true);
        try {
            StringBuilder body = new StringBuilder();
            for (int d = 0; d < 20; d++) body.append(logon("ah-h-" + d, DAY0.plus(d, ChronoUnit.DAYS), "PC-AH-HOME"));
            Instant attack = DAY0.plus(20, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
            for (int i = 0; i < BURST; i++) body.append(logon("ah-a-" + i, attack.plusSeconds(30L * i), "SRV-AH-" + i));
            given().contentType("application/x-ndjson").body(body.toString()).post("/api/v1/events?source=json")
                    .then().statusCode(200).body("accepted", equalTo(20 + BURST));

            Response r = given().get("/api/v1/alerts?entity=" + ENTITY);
            r.then().statusCode(200).body("total", equalTo(1)).body("items[0].eventCount", equalTo(BURST))
                    .body("items[0].lastEventId", equalTo("json:ah-a-" + (BURST - 1)))
                    .body("items[0].score", org.hamcrest.Matchers.lessThan(100f)); // so that threshold 100 below would not alert it
            // answered from the alerts alone: none of the 80 events is indexed yet
            assertEquals(20 + BURST, log.backlog(), "the indexer is held");
            assertEquals(0, log.alertBacklog());
            assertNull(models.stateDigests(), "the copies are at different positions while indexing is held");
            // an admin's change now reaches the held indexing copy only after the burst, as it did the ahead
            // copy: had the indexing copy taken it at once, the burst's window would not be marked alerted there
            models.threshold(100);
            // a new entity created by the ahead copy, then its directory time zone changed before the indexing
            // copy creates it: both copies must give it the zone the ahead copy used (else their states differ)
            given().contentType("application/x-ndjson").body(logon("ah-z-1", attack, "PC-AH-HOME").replace(ENTITY, ZONED))
                    .post("/api/v1/events?source=json").then().statusCode(200).body("accepted", equalTo(1));
            assertTrue(log.awaitAlerted(Duration.ofSeconds(10)));
            given().contentType("application/x-ndjson").body("{\"user_id\":\"" + ZONED + "\",\"time_zone\":\"Asia/Tokyo\"}\n")
                    .post("/api/v1/directory").then().statusCode(200).body("imported", equalTo(1));
        } finally {
            log.holdIndexing(false);
        }
        assertTrue(log.awaitIndexed(Duration.ofSeconds(30)));
        // the stored events carry the indexing copy's scores
        given().get("/api/v1/events?entity=" + ENTITY + "&limit=100").then().statusCode(200)
                .body("items.size()", equalTo(20 + BURST))
                .body("items.find { it.id == 'json:ah-a-" + (BURST - 1) + "' }.score", org.hamcrest.Matchers.greaterThan(0));
        // the same alert, not a second one written by the indexing copy
        given().get("/api/v1/alerts?entity=" + ENTITY).then().statusCode(200).body("total", equalTo(1));
        String[] digests = models.stateDigests();
        assertNotNull(digests, "both copies at the journal's end");
        assertEquals(2, digests.length);
        assertEquals(digests[0], digests[1], "the ahead copy and the indexing copy have learnt the same");
        models.threshold(threshold);
    }

    @Test
    void anEarlierVersionOfAnAlertDoesNotReplaceALaterOne() throws Exception {
        Instant h = Instant.parse("2024-03-04T10:00:00Z");
        String id = "ahead-version-alert";
        try (Connection c = dataSource.getConnection()) {
            AlertStore.upsert(c, version(id, h, 9), 200);
            AlertStore.upsert(c, version(id, h, 5), 150); // derived again after a restart, older
        }
        AlertStore.StoredAlert a = alerts.find(id).orElseThrow();
        assertEquals(9, a.eventCount());
        assertEquals(200, a.updatedSeq());
        try (Connection c = dataSource.getConnection()) {
            AlertStore.upsert(c, version(id, h, 10), 200); // the same position again: updated
            AlertStore.upsert(c, version(id, h, 11), 230);
        }
        a = alerts.find(id).orElseThrow();
        assertEquals(11, a.eventCount());
        assertEquals(230, a.updatedSeq());
        assertEquals(200, a.createdSeq());
    }

    private static WindowAlert version(String id, Instant h, int events) {
        return new WindowAlert(id, "ahead-version-user", "hour", null, h, h.plusSeconds(3600), "json:v-1", "json:v-" + events,
                events, List.of("json"), 1.5, 80, Severity.MEDIUM,
                List.of(new Indicator("json.dst_host", "SRV-1", 80, 1.5, 1, "new host", List.of("json:v-1"))),
                0.99, 0.99, h.plusSeconds(60), h.plusSeconds(60L * events));
    }
}
