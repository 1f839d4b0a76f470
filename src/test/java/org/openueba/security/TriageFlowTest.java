package org.openueba.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openueba.alert.AlertStore;
import org.openueba.smart.Indicator;
import org.openueba.smart.Severity;
import org.openueba.smart.WindowAlert;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Triage and feedback through the API and the alert page's form (with its CSRF token), each
 * audited with before and after; hostile values stay inert in the page and in the CSV export.
 */
@QuarkusTest
class TriageFlowTest {
    static final String HOSTILE_ENTITY = "=HYPERLINK(\"http://evil.example\",\"x\")<script>alert(1)</script>";

    @BeforeEach
    void credentials() throws Exception {
        SecurityFixture.ensure();
    }

    static String insertAlert(String id, String entity, String value) throws Exception {
        Instant t = Instant.parse("2026-10-02T23:10:00Z");
        WindowAlert a = new WindowAlert(id, entity, "hour", null, Instant.parse("2026-10-02T23:00:00Z"),
                Instant.parse("2026-10-03T00:00:00Z"), "json:t1", "json:t2", 2, List.of("json"), 0.8, 91.0, Severity.HIGH,
                List.of(new Indicator("json.dst_host", value, 90.0, 0.8, 1.0, "never used", List.of("json:t1"))),
                0.99, 0.999, t, t.plusSeconds(60));
        try (Connection c = Arc.container().instance(AgroalDataSource.class).get().getConnection()) {
            AlertStore.upsert(c, a, 1);
        }
        return id;
    }

    @Test
    void analystsTriageThroughTheApiAndEveryChangeIsAudited() throws Exception {
        String id = insertAlert("triage-api-" + System.nanoTime(), "triage-user", "SRV-1");
        var analyst = given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).contentType("application/json");
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).contentType("application/json")
                .body("{\"status\":\"investigating\",\"assignee\":\"" + SecurityFixture.ANALYST + "\"}")
                .post("/api/v1/alerts/" + id + "/triage").then().statusCode(200)
                .body("status", equalTo("investigating")).body("assignee", equalTo(SecurityFixture.ANALYST));
        analyst.body("{\"status\":\"closed\",\"feedback\":\"not_a_risk\",\"comment\":\"backup job\"}")
                .post("/api/v1/alerts/" + id + "/triage").then().statusCode(200)
                .body("status", equalTo("closed")).body("feedback", equalTo("not_a_risk"))
                .body("assignee", equalTo(SecurityFixture.ANALYST)).body("comment", equalTo("backup job"));
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).contentType("application/json")
                .body("{\"status\":\"done\"}").post("/api/v1/alerts/" + id + "/triage").then().statusCode(400);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).contentType("application/json")
                .body("{\"feedback\":\"maybe\"}").post("/api/v1/alerts/" + id + "/triage").then().statusCode(400);
        List<AuditLog.Entry> triage = LoginFlowTest.audit(SecurityFixture.ANALYST, "alert-triage");
        assertTrue(triage.stream().anyMatch(e -> id.equals(e.target()) && e.before().startsWith("status=new")
                && e.after().startsWith("status=investigating")), triage.toString());
        List<AuditLog.Entry> feedback = LoginFlowTest.audit(SecurityFixture.ANALYST, "alert-feedback");
        assertTrue(feedback.stream().anyMatch(e -> id.equals(e.target()) && e.before().contains("feedback=null")
                && e.after().contains("feedback=not_a_risk")), feedback.toString());
    }

    @Test
    void theAlertPagesFormNeedsItsTokenAndShowsCommentsInert() throws Exception {
        String id = insertAlert("triage-ui-" + System.nanoTime(), "triage-user-2", "SRV-2");
        LoginFlowTest.Browser b = new LoginFlowTest.Browser();
        b.login(SecurityFixture.ANALYST, SecurityFixture.PASSWORD);
        String token = b.csrfOn("/ui/alerts/" + id);
        b.post("/ui/alerts/" + id + "/triage", "status=closed").then().statusCode(403);
        b.post("/ui/alerts/" + id + "/triage", "status=closed&csrf=" + b.formToken("someone-else")).then().statusCode(403);
        String comment = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        Response saved = b.post("/ui/alerts/" + id + "/triage", "status=investigating&feedback=risk&assignee=me&comment="
                + java.net.URLEncoder.encode(comment, java.nio.charset.StandardCharsets.UTF_8) + "&csrf=" + token);
        assertEquals(303, saved.statusCode());
        assertTrue(saved.header("Location").endsWith("/ui/alerts/" + id));
        String html = b.get("/ui/alerts/" + id).then().statusCode(200).extract().asString();
        assertFalse(html.contains("<script"), "no script element");
        assertFalse(html.contains("<img"), "no img element");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("<option value=\"investigating\" selected>"));
        assertTrue(html.contains("<option value=\"risk\" selected>"));
        // a bad value re-renders the page with the reason, nothing saved
        b.post("/ui/alerts/" + id + "/triage", "status=bogus&csrf=" + token).then().statusCode(400);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).get("/api/v1/alerts/" + id).then()
                .body("status", equalTo("investigating"));
        assertTrue(LoginFlowTest.audit(SecurityFixture.ANALYST, "alert-feedback").stream().anyMatch(e -> id.equals(e.target())));
    }

    @Test
    void theCsvExportDisarmsFormulas() throws Exception {
        String id = insertAlert("triage-csv-" + System.nanoTime(), HOSTILE_ENTITY, "@SUM(1+1)*cmd|' /C calc'!A0");
        String csv = given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST))
                .queryParam("format", "csv").queryParam("entity", HOSTILE_ENTITY).get("/api/v1/alerts")
                .then().statusCode(200).header("Content-Disposition", "attachment; filename=\"alerts.csv\"")
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(2, lines.length, csv);
        assertTrue(lines[0].startsWith("\"id\",\"entity\""));
        assertTrue(lines[1].startsWith("\"" + id + "\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")"), lines[1]);
        assertTrue(lines[1].contains("\"json.dst_host=@SUM(1+1)"), "a value inside the indicators cell is not at a cell start");
        assertFalse(lines[1].contains(",\"=") || lines[1].contains(",\"@") || lines[1].contains(",\"+"), lines[1]);
    }
}
