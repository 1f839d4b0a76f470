package org.openueba.api;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4: events of one entity posted over HTTP raise an alert as soon as the window crosses the
 * threshold — no later day has to arrive — and the next event of the same window updates that alert
 * instead of creating another.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class RealTimeAlertTest {
    static {
        org.openueba.ingest.RestAssuredText.configure();
    }

    static final String ENTITY = "realtime-alert-user";
    /** Fixed past dates, far from other tests' data. */
    static final Instant DAY0 = Instant.parse("2026-03-02T09:00:00Z");

    private static String logon(String id, Instant t, String host, String outcome) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + t + "\",\"entity\":\"" + ENTITY + "\",\"kind\":\"authentication\","
                + "\"action\":\"logon\",\"outcome\":\"" + outcome + "\",\"dstHost\":\"" + host + "\",\"srcHost\":\"WS-RT-1\"}\n";
    }

    private static void post(String body) {
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("rejected", equalTo(0));
    }

    @Test
    void alertAppearsAtOnceAndIsUpdatedInPlace() {
        // 20 ordinary days: one logon a day to the same host at 09:00
        StringBuilder history = new StringBuilder();
        for (int d = 0; d < 20; d++) {
            Instant t = DAY0.plus(d, ChronoUnit.DAYS);
            history.append(logon("rt-h-" + d, t, "PC-RT-HOME", "success"));
        }
        post(history.toString());
        given().get("/api/v1/alerts?entity=" + ENTITY).then().statusCode(200).body("total", equalTo(0));

        // day 21, 10:00–10:29: failed and successful logons to 60 hosts it never used
        Instant attack = DAY0.plus(20, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            burst.append(logon("rt-a-" + i, attack.plusSeconds(30L * i), "SRV-RT-" + i, i % 2 == 0 ? "failure" : "success"));
        }
        post(burst.toString());

        Response first = given().get("/api/v1/alerts?entity=" + ENTITY);
        first.then().statusCode(200).body("total", equalTo(1)).body("items", hasSize(1))
                .body("items[0].entity", equalTo(ENTITY))
                .body("items[0].window", equalTo("hour"))
                .body("items[0].windowStart", equalTo("2026-03-22T10:00:00Z"))
                .body("items[0].windowEnd", equalTo("2026-03-22T11:00:00Z"))
                .body("items[0].eventCount", equalTo(60))
                .body("items[0].lastEventId", equalTo("json:rt-a-59"))
                .body("items[0].score", greaterThanOrEqualTo(75f))
                .body("items[0].severity", notNullValue())
                .body("items[0].status", equalTo("new"))
                .body("items[0].indicators[0].feature", notNullValue())
                .body("items[0].indicators[0].reason", notNullValue());
        String id = first.path("items[0].id");
        List<String> features = first.path("items[0].indicators.feature");
        assertTrue(features.contains("json.dst_host"), "new hosts are an indicator: " + features);
        List<String> evidence = first.path("items[0].indicators.find { it.feature == 'json.dst_host' }.evidence");
        assertTrue(evidence.contains("json:rt-a-0"), "evidence holds the first new host's event: " + evidence);

        // one more event in the same hour: the same alert, updated
        post(logon("rt-a-late", attack.plusSeconds(35 * 60), "SRV-RT-99", "success"));
        given().get("/api/v1/alerts?entity=" + ENTITY).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id))
                .body("items[0].eventCount", equalTo(61))
                .body("items[0].lastEventId", equalTo("json:rt-a-late"))
                .body("items[0].firstEventId", equalTo("json:rt-a-0"));
        given().get("/api/v1/alerts/" + id).then().statusCode(200).body("id", equalTo(id)).body("eventCount", equalTo(61));

        // the entity shows its risk and its second-layer model
        Response entity = given().get("/api/v1/entities/" + ENTITY);
        entity.then().statusCode(200).body("smart.days", equalTo(20)).body("smart.curve", hasSize(41));
        assertEquals(20, (int) entity.path("smart.days"));
        // risk is taken at the entity's latest event (event time), so it counts the alert of March 2026
        entity.then().body("risk.at", equalTo("2026-03-22T10:35:00Z")).body("risk.score", greaterThanOrEqualTo(5))
                .body("risk.trend", equalTo(entity.path("risk.score")));

        // NDJSON export has the same alert, one line
        String nd = given().accept("application/x-ndjson").get("/api/v1/alerts?entity=" + ENTITY).then().statusCode(200)
                .extract().asString();
        assertEquals(1, nd.lines().count());
        assertTrue(nd.contains("\"id\":\"" + id + "\""));
        given().get("/api/v1/alerts/no-such-alert").then().statusCode(404);
        given().get("/api/v1/alerts?severity=extreme").then().statusCode(400);
    }
}
