package org.openueba.api;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openueba.alert.AlertStore;
import org.openueba.smart.Indicator;
import org.openueba.smart.Severity;
import org.openueba.smart.WindowAlert;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exact bytes of the CSV and NDJSON alert exports, with the headers that make them downloads:
 * two alerts with fixed values (quotes, a formula, non-ASCII text, a missing value, no percentile)
 * written straight to the alert store, so nothing depends on the models.
 */
@QuarkusTest
@TestSecurity(user = "export-analyst", roles = {"analyst"})
class AlertExportTest {
    static final String ENTITY = "export-pin-user";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AlertStore alerts;

    @BeforeEach
    void storeTwoAlerts() throws Exception {
        Instant h = Instant.parse("2024-02-05T10:00:00Z");
        WindowAlert first = new WindowAlert("export-pin-alert-1", ENTITY, "hour", null, h, h.plusSeconds(3600),
                "json:ex-1", "json:ex-9", 9, List.of("json", "vpn"), 3.14159265, 87.456, Severity.HIGH,
                List.of(new Indicator("json.dst_host", "=cmd|' /C calc'!A0", 80.5, 2.25, 0.75, "new host \"SRV-9\"",
                                List.of("json:ex-1", "json:ex-2")),
                        new Indicator("vpn.country", null, 30, 0.5, 0.25, "rare for Zoë, 1 of 12 days", List.of())),
                0.5, Double.NaN, h.plusSeconds(900), h.plusSeconds(2700));
        WindowAlert second = new WindowAlert("export-pin-alert-2", ENTITY, "events:5", ENTITY + "/events:5/3",
                h.plusSeconds(86_400), h.plusSeconds(86_400 + 120), "json:ex-20", "json:ex-24", 5, List.of("json"), 1.0,
                99.0, Severity.CRITICAL, List.of(new Indicator("failures.hour", "17", 99, 1, 1, "17 failures", List.of("json:ex-20"))),
                Double.NaN, 0.99, h.plusSeconds(86_400 + 60), h.plusSeconds(86_400 + 120));
        try (Connection c = dataSource.getConnection()) {
            AlertStore.upsert(c, first, 101);
            AlertStore.upsert(c, second, 102);
        }
        alerts.triage("export-pin-alert-1", "investigating", "ana \"the\" analyst", "-2+3 looks odd,\nsee ticket", "risk");
    }

    @Test
    void csvExportBytes() {
        Response r = given().get("/api/v1/alerts?format=csv&sort=time&entity=" + ENTITY);
        r.then().statusCode(200).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"alerts.csv\"");
        assertEquals(CSV, new String(r.asByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void ndjsonExportBytes() {
        Response r = given().get("/api/v1/alerts?format=ndjson&sort=time&entity=" + ENTITY);
        r.then().statusCode(200).contentType("application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"alerts.ndjson\"");
        assertEquals(NDJSON, new String(r.asByteArray(), StandardCharsets.UTF_8));
        // the Accept header chooses NDJSON as well
        assertEquals(NDJSON, new String(given().accept("application/x-ndjson")
                .get("/api/v1/alerts?sort=time&entity=" + ENTITY).asByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void anExportOfNothingIsTheHeaderOrEmpty() {
        assertEquals(CSV.substring(0, CSV.indexOf("\r\n") + 2), new String(given()
                .get("/api/v1/alerts?format=csv&entity=nobody-at-all").asByteArray(), StandardCharsets.UTF_8));
        assertEquals("", new String(given().get("/api/v1/alerts?format=ndjson&entity=nobody-at-all").asByteArray(),
                StandardCharsets.UTF_8));
    }

    /** Captured from the export before its two streaming loops became one. */
    static final String CSV = "\"id\",\"entity\",\"severity\",\"score\",\"smartValue\",\"windowStart\",\"windowEnd\",\"crossedAt\",\"eventCount\",\"sources\",\"status\",\"assignee\",\"feedback\",\"indicators\",\"comment\"\r\n"
            + "\"export-pin-alert-1\",\"export-pin-user\",\"high\",\"87.46\",\"3.1416\",\"2024-02-05T10:00:00Z\",\"2024-02-05T11:00:00Z\",\"2024-02-05T10:15:00Z\",\"9\",\"json,vpn\",\"investigating\",\"ana \"\"the\"\" analyst\",\"risk\",\"json.dst_host==cmd|' /C calc'!A0; vpn.country=\",\"'-2+3 looks odd,\n"
            + "see ticket\"\r\n"
            + "\"export-pin-alert-2\",\"export-pin-user\",\"critical\",\"99.00\",\"1.0000\",\"2024-02-06T10:00:00Z\",\"2024-02-06T10:02:00Z\",\"2024-02-06T10:01:00Z\",\"5\",\"json\",\"new\",\"\",\"\",\"failures.hour=17\",\"\"\r\n";
    static final String NDJSON = "{\"id\":\"export-pin-alert-1\",\"entity\":\"export-pin-user\",\"window\":\"hour\",\"groupId\":null,\"windowStart\":\"2024-02-05T10:00:00Z\",\"windowEnd\":\"2024-02-05T11:00:00Z\",\"firstEventId\":\"json:ex-1\",\"lastEventId\":\"json:ex-9\",\"eventCount\":9,\"sources\":[\"json\",\"vpn\"],\"smartValue\":3.14159265,\"score\":87.456,\"severity\":\"high\",\"indicators\":[{\"feature\":\"json.dst_host\",\"value\":\"=cmd|' /C calc'!A0\",\"score\":80.5,\"contribution\":2.25,\"share\":0.75,\"reason\":\"new host \\\"SRV-9\\\"\",\"evidence\":[\"json:ex-1\",\"json:ex-2\"]},{\"feature\":\"vpn.country\",\"value\":null,\"score\":30.0,\"contribution\":0.5,\"share\":0.25,\"reason\":\"rare for Zoë, 1 of 12 days\",\"evidence\":[]}],\"userPercentile\":0.5,\"orgPercentile\":null,\"crossedAt\":\"2024-02-05T10:15:00Z\",\"updatedAt\":\"2024-02-05T10:45:00Z\",\"status\":\"investigating\",\"assignee\":\"ana \\\"the\\\" analyst\",\"comment\":\"-2+3 looks odd,\\nsee ticket\",\"feedback\":\"risk\"}\n"
            + "{\"id\":\"export-pin-alert-2\",\"entity\":\"export-pin-user\",\"window\":\"events:5\",\"groupId\":\"export-pin-user/events:5/3\",\"windowStart\":\"2024-02-06T10:00:00Z\",\"windowEnd\":\"2024-02-06T10:02:00Z\",\"firstEventId\":\"json:ex-20\",\"lastEventId\":\"json:ex-24\",\"eventCount\":5,\"sources\":[\"json\"],\"smartValue\":1.0,\"score\":99.0,\"severity\":\"critical\",\"indicators\":[{\"feature\":\"failures.hour\",\"value\":\"17\",\"score\":99.0,\"contribution\":1.0,\"share\":1.0,\"reason\":\"17 failures\",\"evidence\":[\"json:ex-20\"]}],\"userPercentile\":null,\"orgPercentile\":0.99,\"crossedAt\":\"2024-02-06T10:01:00Z\",\"updatedAt\":\"2024-02-06T10:02:00Z\",\"status\":\"new\",\"assignee\":null,\"comment\":null,\"feedback\":null}\n";
}
