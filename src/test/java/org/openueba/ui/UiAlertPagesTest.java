package org.openueba.ui;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.openueba.ingest.RestAssuredText;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyst pages for alerts, on alerts made by the real pipeline: two entities post 20 quiet days
 * (2026-09-01..20, after every other test's data so the organisation prior is theirs alone) and then a
 * burst of logons to 60 hosts they never used on 2026-09-21 — one at 10:00 UTC with hostile host
 * names, one whose very name is hostile at 14:00 UTC.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class UiAlertPagesTest {
    static {
        RestAssuredText.configure();
    }

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    static final String USER = "ui-alert-user";
    /** An entity whose name is an attack on the pages. */
    static final String HOSTILE = IMG + SCRIPT;
    static final Instant DAY0 = Instant.parse("2026-09-01T09:00:00Z");
    static final Instant ATTACK = Instant.parse("2026-09-21T10:00:00Z");
    static final Instant HOSTILE_ATTACK = Instant.parse("2026-09-21T14:00:00Z");

    private static boolean posted;

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** An attacker-chosen URL, as a web request's action would carry it. */
    static final String HOSTILE_URL = "GET /search?q=\"><script>alert(2)</script>&next=javascript:alert(3)";

    private static String logon(String id, String entity, Instant t, String host, String outcome) {
        return logon(id, entity, t, host, outcome, "logon");
    }

    private static String logon(String id, String entity, Instant t, String host, String outcome, String action) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + t + "\",\"entity\":\"" + json(entity) + "\",\"kind\":\"authentication\","
                + "\"action\":\"" + json(action) + "\",\"outcome\":\"" + outcome + "\",\"dstHost\":\"" + json(host) + "\",\"srcHost\":\"WS-UI-1\"}\n";
    }

    private static void post(String body) {
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("rejected", equalTo(0));
    }

    /** Posts the two entities' history and attacks once for all tests of this class. */
    static synchronized void data() {
        if (posted) return;
        StringBuilder history = new StringBuilder();
        for (int d = 0; d < 20; d++) {
            Instant t = DAY0.plus(d, ChronoUnit.DAYS);
            history.append(logon("ui-h-" + d, USER, t, "PC-UI-HOME", "success"));
            history.append(logon("ui-xh-" + d, HOSTILE, t.plusSeconds(600), "PC-UI-OTHER", "success", HOSTILE_URL));
        }
        post(history.toString());
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String host = i == 0 ? IMG : i == 1 ? SCRIPT : "SRV-UI-" + i;
            burst.append(logon("ui-a-" + i, USER, ATTACK.plusSeconds(30L * i), host, i % 2 == 0 ? "failure" : "success"));
        }
        for (int i = 0; i < 60; i++) {
            burst.append(logon("ui-x-" + i, HOSTILE, HOSTILE_ATTACK.plusSeconds(30L * i), "SRV-UX-" + i,
                    i % 2 == 0 ? "failure" : "success"));
        }
        post(burst.toString());
        posted = true;
    }

    /** The single alert of {@code entity} as the API has it. */
    private static Response alertOf(String entity) {
        Response r = given().queryParam("entity", entity).get("/api/v1/alerts");
        r.then().statusCode(200).body("total", equalTo(1));
        return r;
    }

    private static String queue(Object... params) {
        var req = given();
        for (int i = 0; i + 1 < params.length; i += 2) req = req.queryParam((String) params[i], params[i + 1]);
        return req.get("/ui/alerts").then().statusCode(200).contentType(containsString("text/html")).extract().asString();
    }

    private static boolean lists(String html, String alertId) {
        return html.contains("href=\"/ui/alerts/" + alertId + "\"");
    }

    @Test
    void queueListsThePipelinesAlertWithItsIndicatorsAndTheExportOfTheFilter() {
        data();
        Response api = alertOf(USER);
        String id = api.path("items[0].id");
        String severity = api.path("items[0].severity");
        String html = queue("entity", USER);
        assertTrue(lists(html, id), html);
        assertTrue(html.contains("<a href=\"/ui/entities/" + USER + "\">" + USER + "</a>"));
        assertTrue(html.contains("<span class=\"sev sev-" + severity + "\">" + severity + "</span>"));
        assertTrue(html.contains("2026-09-21 10:00–11:00 UTC (hour)"), "the window");
        assertTrue(html.contains("Unusual destination host (json): "), "indicators in words");
        assertTrue(html.contains("Alerts 1–1 of <strong>1</strong>"));
        String export = "/api/v1/alerts?format=ndjson&amp;entity=" + USER + "&amp;sort=-score";
        assertTrue(html.contains("href=\"" + export + "\""), "export link of the filter");
        String nd = given().urlEncodingEnabled(false).get(export.replace("&amp;", "&")).then().statusCode(200).extract().asString();
        assertEquals(1, nd.lines().count());
        assertTrue(nd.contains("\"id\":\"" + id + "\""));

        // the overview leads to the queue and shows the highest-scoring new alerts (others' tests may add higher ones)
        given().get("/").then().statusCode(200)
                .body(containsString("<a class=\"button\" href=\"/ui/alerts\">Open the alert queue</a>"))
                .body(containsString("<span class=\"sev sev-"));
    }

    @Test
    void filtersSortAndBadInput() {
        data();
        String a = alertOf(USER).path("items[0].id");
        Response hostile = alertOf(HOSTILE);
        String b = hostile.path("items[0].id");

        String both = queue("from", "2026-09-21", "to", "2026-09-22");
        assertTrue(lists(both, a) && lists(both, b), both);
        assertTrue(both.indexOf("/ui/alerts/" + b) < both.indexOf("/ui/alerts/" + a) == scoreOf(b) >= scoreOf(a),
                "by score, highest first");
        String byTime = queue("from", "2026-09-21", "to", "2026-09-22", "sort", "time");
        assertTrue(byTime.indexOf("/ui/alerts/" + b) < byTime.indexOf("/ui/alerts/" + a), "by time, newest (14:00) first");
        assertTrue(byTime.contains("<option value=\"time\" selected>newest first</option>"));

        String onlyA = queue("entity", USER);
        assertTrue(lists(onlyA, a));
        assertFalse(lists(onlyA, b));
        String onlyB = queue("entity", HOSTILE);
        assertTrue(lists(onlyB, b));
        assertFalse(lists(onlyB, a));

        // minimum severity: listed exactly when the alert's severity is at least the filter's
        List<String> order = AlertFilter.SEVERITIES;
        int rank = order.indexOf((String) alertOf(USER).path("items[0].severity"));
        for (int s = 0; s < order.size(); s++) {
            assertEquals(rank >= s, lists(queue("entity", USER, "severity", order.get(s)), a), "severity " + order.get(s));
        }

        assertTrue(lists(queue("entity", USER, "source", "json"), a));
        assertFalse(lists(queue("entity", USER, "source", "vpn"), a));
        assertTrue(lists(queue("entity", USER, "status", "new"), a));
        assertFalse(lists(queue("entity", USER, "status", "closed"), a));
        assertTrue(lists(queue("entity", USER, "from", "2026-09-21T10:00", "to", "2026-09-21T11:00"), a));
        assertFalse(lists(queue("entity", USER, "from", "2026-09-22"), a));
        assertFalse(lists(queue("entity", USER, "to", "2026-09-21T10:00:00Z"), a));
        assertTrue(queue("entity", USER, "from", "2026-09-22").contains("No alerts match these filters."));
        // a page past the end says so
        assertTrue(queue("entity", USER, "page", "2").contains("past the last page"));

        String bad = given().queryParam("from", SCRIPT).queryParam("severity", "extreme").get("/ui/alerts")
                .then().statusCode(400).contentType(containsString("text/html")).extract().asString();
        assertTrue(bad.contains("minimum severity must be one of low, medium, high, critical"));
        assertTrue(bad.contains("&#39;from&#39; is not a date or time"), bad);
        assertFalse(bad.contains("<script"));
    }

    private static double scoreOf(String id) {
        return ((Number) given().get("/api/v1/alerts/" + id).path("score")).doubleValue();
    }

    @Test
    void detailExplainsTheAlert() {
        data();
        Response api = alertOf(USER);
        String id = api.path("items[0].id");
        String html = given().get("/ui/alerts/" + id).then().statusCode(200).extract().asString();
        assertTrue(html.contains("<a href=\"/ui/entities/" + USER + "\">" + USER + "</a>"));
        assertTrue(html.contains("2026-09-21 10:00:00 UTC – 2026-09-21 11:00:00 UTC"), "start and end");
        assertTrue(html.contains("href=\"/api/v1/events/json%3Aui-a-0\""), "first event");
        // percentiles in words: the burst is above every quiet day of this user
        assertTrue(html.contains("as high as or higher than 100 % of this entity&#39;s days and "), html);
        assertTrue(html.contains(" of the organisation"));
        assertTrue(html.contains("<h4>Unusual destination host (json)</h4>"));
        assertTrue(html.contains("<svg class=\"share\""), "share bar");
        assertTrue(html.contains("<th>Usual values (model now)</th>"), "the user's usual hosts next to the new ones");
        assertTrue(html.contains("PC-UI-HOME — on 20 of 20 days"), html);
        List<String> features = api.path("items[0].indicators.feature");
        for (String f : features) assertTrue(html.contains("<code>" + f + "</code>"), f);
        List<String> evidence = api.path("items[0].indicators.find { it.feature == 'json.dst_host' }.evidence");
        for (String e : evidence) assertTrue(html.contains("href=\"/api/v1/events/" + UiExtensions.urlEncode(e) + "\""), e);
        given().get("/ui/alerts/no-such-alert").then().statusCode(404);
    }

    @Test
    void entityPageShowsRiskAlertsAndTheCurves() {
        data();
        Response api = alertOf(USER);
        String id = api.path("items[0].id");
        int points = switch ((String) api.path("items[0].severity")) {
            case "critical" -> 20;
            case "high" -> 15;
            case "medium" -> 10;
            default -> 5;
        };
        String html = given().get("/ui/entities/" + USER).then().statusCode(200).extract().asString();
        assertTrue(html.contains("<span class=\"risk-score\">" + points + "</span> <span class=\"trend\">+" + points), html);
        assertTrue(html.contains("<h3>Alerts (1)</h3>"));
        assertTrue(html.contains("href=\"/ui/alerts/" + id + "\""));
        assertTrue(html.contains("20 completed days of history"));
        assertTrue(html.contains("<dt>Logons to others' workstations</dt><dd>no logons to others&#39; workstations yet</dd>"), html);
        assertTrue(html.contains("<svg class=\"chart\""));
        for (String curve : List.of("curve user", "curve org", "curve blended")) {
            assertTrue(html.contains("<polyline class=\"" + curve + "\" points=\""), curve);
        }
        assertTrue(html.contains("class=\"bar today\""), "the attack day so far");
        // the configured threshold (default 79) is drawn
        assertTrue(html.contains("alert threshold " + (int) org.openueba.smart.SmartConfig.DEFAULT.threshold()), "threshold rule");
    }

    @Test
    void hostileEntityNamesAndValuesAreOnlyEverShownEscaped() {
        data();
        String a = alertOf(USER).path("items[0].id");
        String b = alertOf(HOSTILE).path("items[0].id");
        String hostileEntityPath = "/ui/entities/" + UiExtensions.urlEncode(HOSTILE);
        List<String> pages = List.of("/", "/ui/alerts", "/ui/alerts?sort=time", "/ui/alerts?entity=" + UiExtensions.urlEncode(HOSTILE),
                "/ui/alerts/" + a, "/ui/alerts/" + b, "/ui/entities/" + USER, hostileEntityPath);
        for (String page : pages) {
            String html = given().urlEncodingEnabled(false).get(page).then().statusCode(200).extract().asString();
            assertFalse(html.contains("<script"), page + " has a script element");
            assertFalse(html.contains("<img"), page + " has an img element");
            assertFalse(html.contains("onerror=alert(1)>"), page);
        }
        String escapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";
        String escapedImg = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
        // the hostile hosts are shown, escaped, as indicator values of the first entity's alert
        given().get("/ui/alerts/" + a).then().body(containsString(escapedImg)).body(containsString(escapedScript));
        given().get("/ui/alerts?entity=" + USER).then().body(containsString(escapedImg));
        // the hostile entity name, escaped, in text, links and the filter form
        String onB = given().get("/ui/alerts/" + b).then().extract().asString();
        assertTrue(onB.contains(escapedImg + escapedScript));
        assertTrue(onB.contains("href=\"" + hostileEntityPath + "\""));
        given().urlEncodingEnabled(false).get("/ui/alerts?entity=" + UiExtensions.urlEncode(HOSTILE)).then()
                .body(containsString("value=\"" + escapedImg + escapedScript + "\""))
                .body(not(containsString("No alerts match")));
        given().urlEncodingEnabled(false).get(hostileEntityPath).then()
                .body(containsString("&lt;script&gt;alert(2)&lt;/script&gt;&amp;next=javascript:alert(3)"))
                .body(not(containsString("href=\"javascript")))
                .body(containsString("<h2>" + escapedImg + escapedScript + "</h2>"))
                .body(containsString("<svg class=\"chart\""));
    }
}
