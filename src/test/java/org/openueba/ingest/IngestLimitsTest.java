package org.openueba.ingest;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
@TestProfile(IngestLimitsTest.SmallLimits.class)
class IngestLimitsTest {
    static {
        org.openueba.ingest.RestAssuredText.configure();
    }

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ueba.ingest.max-body-bytes", "4096", "ueba.ingest.max-line-length", "300",
                    "ueba.ingest.max-fields", "12", "ueba.ingest.max-reported-errors", "2",
                    "ueba.geoip.enabled", "false");
        }
    }

    private static final String LINE = "{\"id\":\"%s\",\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"limits\",\"kind\":\"authentication\"}\n";

    @Test
    void oversizedBodyIs413AndStoresNothing() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() <= 4096; i++) b.append(String.format(LINE, "big" + i));
        given().contentType("application/x-ndjson").body(b.toString()).post("/api/v1/events?source=json")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("4096 bytes"));
        given().get("/api/v1/events?entity=limits&source=json").then().body("items.size()", equalTo(0));
    }

    @Test
    void gzipBombIs413() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) b.append(String.format(LINE, "bomb" + i));
        byte[] gz = IngestResourceTest.gzip(b.toString());
        given().contentType("application/x-ndjson").header("Content-Encoding", "gzip").body(gz)
                .post("/api/v1/events?source=json").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void longLinesAndWideRecordsAreRejectedAndErrorsCapped() {
        StringBuilder wide = new StringBuilder("{\"id\":\"w1\",\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"limits2\",\"kind\":\"authentication\",\"attributes\":{");
        for (int i = 0; i < 14; i++) wide.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        wide.append("}}\n");
        String body = String.format(LINE, "ok1").replace("limits", "limits2")
                + "{\"id\":\"long\",\"x\":\"" + "y".repeat(400) + "\"}\n"
                + wide
                + "garbage\n";
        given().contentType("application/x-ndjson").body(body).post("/api/v1/events?source=json")
                .then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(3))
                .body("errors.size()", equalTo(2)).body("errorsTruncated", equalTo(true))
                .body("errors[0].line", equalTo(2)).body("errors[0].reason", containsString("longer than 300"))
                .body("errors[1].line", equalTo(3));
    }
}
