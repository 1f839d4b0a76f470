package org.openueba.ingest;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openueba.config.UebaConfig;
import org.openueba.enrich.Pseudonymiser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** A source defined only in configuration: entity from an attribute, pseudonymised before storage. */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class ConfiguredSourceTest {
    static {
        RestAssuredText.configure();
    }

    @Test
    void pseudonymisesTheEntityAndIpAfterGeolocating() {
        Pseudonymiser p = new Pseudonymiser(UebaConfig.Pseudonymisation.DEFAULT_KEY);
        String licence = p.pseudonym("LIC-0042-ABCD");
        given().contentType("application/x-ndjson")
                .body("{\"id\":\"r1\",\"time\":\"2026-01-05T08:00:00Z\",\"action\":\"GET\",\"srcIp\":\"81.2.69.160\","
                        + "\"attributes\":{\"licence_key\":\"LIC-0042-ABCD\",\"url\":\"/v1/activate\"}}\n"
                        + "{\"id\":\"r2\",\"time\":\"2026-01-05T08:00:00Z\",\"action\":\"GET\"}\n")
                .post("/api/v1/events?source=licence-api")
                .then().statusCode(200).body("accepted", equalTo(1)).body("rejected", equalTo(1))
                .body("errors[0].reason", equalTo("entity: the record has no attributes.licence_key"));
        given().get("/api/v1/events/licence-api:r1").then().statusCode(200)
                .body("entity", equalTo(licence))
                .body("attributes.licence_key", equalTo(licence))
                .body("attributes.url", equalTo("/v1/activate"))
                .body("srcIp", equalTo(p.pseudonym("81.2.69.160")))
                .body("country", equalTo("GB"))
                .body("kind", equalTo("web_request"));
        // the clear value is nowhere in the stored event
        given().get("/api/v1/events?source=licence-api").then().statusCode(200)
                .body("items.entity", not(hasItem("LIC-0042-ABCD")));
        given().get("/api/v1/sources").then().body("find { it.name == 'licence-api' }.pseudonymise",
                equalTo(java.util.List.of("attributes.licence_key", "srcIp")));
    }
}
