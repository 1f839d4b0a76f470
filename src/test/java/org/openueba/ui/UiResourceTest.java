package org.openueba.ui;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openueba.ingest.RestAssuredText;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class UiResourceTest {
    static {
        RestAssuredText.configure();
    }

    static final String XSS = "<script>alert(1)</script>";

    @Test
    void overviewAndEntityPagesShowEventsWithHostileValuesInert() {
        given().contentType("application/x-ndjson")
                .body("{\"id\":\"ui1\",\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"ui-user\",\"kind\":\"web_request\","
                        + "\"action\":\"GET\",\"dstHost\":\"" + XSS.replace("\"", "\\\"") + "\",\"srcIp\":\"81.2.69.160\"}\n"
                        + "{\"id\":\"ui2\",\"time\":\"2026-01-05T09:00:00Z\",\"entity\":\"" + XSS + "\",\"kind\":\"authentication\"}\n")
                .post("/api/v1/events?source=json").then().statusCode(200);
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("ui-user"))
                .body(containsString("/ui/entities/ui-user"))
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(not(containsString(XSS)));
        given().get("/ui/entities/ui-user").then().statusCode(200)
                .body(containsString("Abingdon, GB"))
                .body(containsString("&lt;script&gt;"))
                .body(not(containsString(XSS)));
        given().urlEncodingEnabled(false).get("/ui/entities/" + UiExtensions.urlEncode(XSS)).then().statusCode(200)
                .body(not(containsString(XSS)));
        given().get("/ui/entities/nobody-at-all").then().statusCode(404);
    }
}
