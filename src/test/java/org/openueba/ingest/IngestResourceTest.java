package org.openueba.ingest;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class IngestResourceTest {
    static {
        org.openueba.ingest.RestAssuredText.configure();
    }


    private static String nd(String entity, String id, String time) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + time + "\",\"entity\":\"" + entity
                + "\",\"kind\":\"authentication\",\"action\":\"logon\",\"outcome\":\"success\",\"dstHost\":\"PC-1\"}\n";
    }

    @Test
    void acceptsValidRecordsAndListsRejectedLines() {
        String body = nd("ingest-a", "a1", "2026-01-05T08:00:00Z")
                + "{\"id\":\"a2\",\"time\":\"not a time\",\"entity\":\"ingest-a\",\"kind\":\"authentication\"}\n"
                + nd("ingest-a", "a3", "2026-01-05T08:05:00Z")
                + "{broken json\n"
                + "{\"id\":\"a5\",\"time\":\"2026-01-05T08:06:00Z\",\"entity\":\"ingest-a\",\"kind\":\"authentication\",\"srcIp\":\"999.1.1.1\"}\n";
        given().contentType("application/x-ndjson").body(body)
                .when().post("/api/v1/events?source=json")
                .then().statusCode(200)
                .body("source", equalTo("json"))
                .body("accepted", equalTo(2)).body("stored", equalTo(2)).body("rejected", equalTo(3))
                .body("errors", hasSize(3))
                .body("errors[0].line", equalTo(2)).body("errors[0].reason", startsWith("time:"))
                .body("errors[1].line", equalTo(4))
                .body("errors[2].line", equalTo(5)).body("errors[2].reason", startsWith("srcIp:"))
                .body("errorsTruncated", equalTo(false));
    }

    @Test
    void resendingABatchDoesNotDuplicate() {
        String body = nd("ingest-b", "b1", "2026-01-05T08:00:00Z") + nd("ingest-b", "b2", "2026-01-05T09:00:00Z");
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("stored", equalTo(2)).body("duplicates", equalTo(0));
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("accepted", equalTo(2)).body("stored", equalTo(0)).body("duplicates", equalTo(2));
        given().get("/api/v1/events?entity=ingest-b").then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void recordsWithoutIdsGetStableDerivedIds() {
        String body = "{\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"ingest-c\",\"kind\":\"authentication\"}\n"
                + "{\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"ingest-c\",\"kind\":\"authentication\"}\n";
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("stored", equalTo(2));
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("stored", equalTo(0)).body("duplicates", equalTo(2));
        given().get("/api/v1/events?entity=ingest-c").then().body("items", hasSize(2))
                .body("items[0].id", startsWith("json:h-"));
    }

    @Test
    void acceptsJsonArraysAndGzip() throws IOException {
        String array = "[" + nd("ingest-d", "d1", "2026-01-05T08:00:00Z").trim() + ",\n"
                + nd("ingest-d", "d2", "2026-01-05T08:01:00Z").trim() + "]";
        given().contentType(ContentType.JSON).body(array).post("/api/v1/events?source=json")
                .then().statusCode(200).body("accepted", equalTo(2));
        byte[] gz = gzip(nd("ingest-d", "d3", "2026-01-05T08:02:00Z") + nd("ingest-d", "d4", "2026-01-05T08:03:00Z"));
        given().contentType("application/x-ndjson").header("Content-Encoding", "gzip").body(gz)
                .post("/api/v1/events?source=json").then().statusCode(200).body("accepted", equalTo(2));
        given().get("/api/v1/events?entity=ingest-d").then().body("items", hasSize(4));
    }

    @Test
    void acceptsNativeTextOfASource() {
        String csv = "id,date,user,pc,activity\n"
                + "{A1B2-C3D4E5F6-G7H8I9J0},01/05/2026 07:58:10,DTAA/ING0001,PC-6601,Logon\n"
                + "{A1B2-C3D4E5F6-G7H8I9J1},13/45/2026 07:58:10,DTAA/ING0001,PC-6601,Logon\n"
                + "{A1B2-C3D4E5F6-G7H8I9J2},01/05/2026 17:02:00,DTAA/ING0001,PC-6601,Logoff\n";
        given().contentType("text/csv").body(csv).post("/api/v1/events?source=cert-logon")
                .then().statusCode(200).body("accepted", equalTo(2)).body("rejected", equalTo(1))
                .body("errors[0].line", equalTo(3));
        given().get("/api/v1/events?entity=ING0001").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].id", equalTo("cert-logon:{A1B2-C3D4E5F6-G7H8I9J0}"))
                .body("items[0].dstHost", equalTo("PC-6601"))
                .body("items[0].kind", equalTo("authentication"))
                .body("items[1].action", equalTo("logoff"));
    }

    @Test
    void wholeRequestErrorsAreProblemJson() {
        given().contentType("application/x-ndjson").body("{}").post("/api/v1/events?source=nope")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Unknown source"))
                .body("detail", containsString("known sources")).body("instance", equalTo("/api/v1/events"));
        given().contentType("application/x-ndjson").body("{}").post("/api/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'source' is required"));
        given().contentType("application/xml").body("<a/>").post("/api/v1/events?source=json")
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType("application/x-ndjson").header("Content-Encoding", "br").body("x")
                .post("/api/v1/events?source=json").then().statusCode(415).contentType("application/problem+json");
        given().contentType("application/x-ndjson").header("Content-Encoding", "gzip").body(new byte[]{0x1f, (byte) 0x8b, 1, 2, 3})
                .post("/api/v1/events?source=json").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid gzip"));
        given().get("/api/v1/no-such-thing").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/events?limit=0").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/events?from=yesterday").then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/events?cursor=%21%21").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void invalidUtf8LinesAreRejectedNotStored() {
        byte[] good = nd("ingest-e", "e1", "2026-01-05T08:00:00Z").getBytes();
        byte[] bad = "{\"id\":\"e2\",\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"ingest-\u00e9\",\"kind\":\"auth\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] body = new byte[good.length + bad.length];
        System.arraycopy(good, 0, body, 0, good.length);
        System.arraycopy(bad, 0, body, good.length, bad.length);
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200).body("accepted", equalTo(1)).body("rejected", equalTo(1))
                .body("errors[0].line", equalTo(2)).body("errors[0].reason", equalTo("line is not valid UTF-8"));
    }

    @Test
    void pagesThroughEventsWithACursor() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 25; i++) b.append(nd("ingest-f", "f" + i, "2026-01-0" + (5 + i / 10) + "T08:" + (10 + i) + ":00Z"));
        given().contentType("application/x-ndjson").body(b.toString()).post("/api/v1/events?source=json")
                .then().statusCode(200).body("accepted", equalTo(25));
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response r = given().queryParam("entity", "ingest-f").queryParam("limit", 10)
                    .queryParam("cursor", cursor == null ? "" : cursor).get("/api/v1/events");
            r.then().statusCode(200);
            List<Map<String, Object>> items = r.jsonPath().getList("items");
            items.forEach(i -> {
                seen.add((String) i.get("id"));
                order.add((String) i.get("time"));
            });
            cursor = r.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(25, seen.size());
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order);
        given().queryParam("entity", "ingest-f").queryParam("from", "2026-01-06T00:00:00Z")
                .queryParam("to", "2026-01-07T00:00:00Z").get("/api/v1/events")
                .then().body("items", hasSize(10)).body("nextCursor", nullValue());
    }

    @Test
    void exposesPerSourceMetricsAndHealth() {
        given().contentType("application/x-ndjson").body(nd("ingest-g", "g1", "2026-01-05T08:00:00Z") + "nonsense\n")
                .post("/api/v1/events?source=json").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ueba_events_accepted_total{source=\"json\"}"), metrics);
        assertTrue(metrics.contains("ueba_events_rejected_total{source=\"json\"}"), metrics);
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void enrichesLocationFromTheSourceIp() {
        given().contentType("application/x-ndjson")
                .body("{\"id\":\"h1\",\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"ingest-h\",\"kind\":\"authentication\",\"srcIp\":\"81.2.69.160\"}\n")
                .post("/api/v1/events?source=json").then().statusCode(200);
        given().get("/api/v1/events/json:h1").then().statusCode(200)
                .body("country", equalTo("GB")).body("city", equalTo("Abingdon")).body("asn", equalTo(20712));
    }

    @Test
    void listsSources() {
        given().get("/api/v1/sources").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItems("json", "vpn", "cert-logon", "cert-device", "lanl-auth",
                        "zeek-conn", "apache", "sshd"));
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
