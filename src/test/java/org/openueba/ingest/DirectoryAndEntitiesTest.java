package org.openueba.ingest;

import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class DirectoryAndEntitiesTest {
    static {
        org.openueba.ingest.RestAssuredText.configure();
    }

    @Test
    void importsCertLdapAndShowsTheEntity() {
        String ldap = "employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor\n"
                + "Dir Test One,DIR0001,dir.one@dtaa.com,IT Admin,1,1 - Administration,2 - Security,6 - ITAdmin,Boss Person\n"
                + "bad line\n";
        given().contentType("text/csv").body(ldap).post("/api/v1/directory")
                .then().statusCode(200).body("imported", equalTo(1)).body("rejected", equalTo(1))
                .body("errors[0].line", equalTo(3));
        given().contentType("application/x-ndjson").body("{\"user_id\":\"DIR0001\",\"time_zone\":\"Europe/Berlin\",\"role\":\"IT Admin\"}\n")
                .post("/api/v1/directory").then().statusCode(200).body("imported", equalTo(1));
        given().contentType("application/x-ndjson")
                .body("{\"id\":\"dir1\",\"time\":\"2026-01-05T08:00:00Z\",\"entity\":\"DIR0001\",\"kind\":\"authentication\"}\n")
                .post("/api/v1/events?source=json").then().statusCode(200);
        given().get("/api/v1/entities/DIR0001").then().statusCode(200)
                .body("id", equalTo("DIR0001"))
                .body("directory.timeZone", equalTo("Europe/Berlin"))
                .body("models.timeZone", equalTo("Europe/Berlin")) // the models read the directory's zone
                .body("directory.role", equalTo("IT Admin"))
                .body("activity", hasSize(1)).body("activity[0].source", equalTo("json"))
                .body("activity[0].events", equalTo(1));
        given().get("/api/v1/entities/NOBODY").then().statusCode(404).contentType("application/problem+json");
    }
}
