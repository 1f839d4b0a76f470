package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * First run without any user and without a bootstrap password: the one-time setup token (printed
 * in the log) creates the first admin at /setup, once; then the last admin cannot lock everyone out.
 */
@QuarkusTest
@TestProfile(SetupTest.FreshInstall.class)
class SetupTest {
    public static class FreshInstall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a profile of its own restarts the application, and the test profile cleans the database
            // at start (flyway clean-at-start), so no other test's users exist
            return Map.of();
        }
    }

    @Test
    void theSetupTokenCreatesTheFirstAdminOnce() throws Exception {
        Bootstrap bootstrap = Arc.container().instance(Bootstrap.class).get();
        String token = bootstrap.setupTokenForTests();
        assertNotNull(token, "a token was printed");
        LoginFlowTest.Browser b = new LoginFlowTest.Browser();
        b.get("/login").then().statusCode(200).body(containsString("create the first admin"));
        String csrf = b.csrfOn("/setup");
        b.post("/setup", "token=wrong&username=boss&password=first-admin-password&confirm=first-admin-password&csrf=" + csrf)
                .then().statusCode(400).body(containsString("not the setup token"));
        b.post("/setup", "token=" + token + "&username=boss&password=short&confirm=short&csrf=" + csrf)
                .then().statusCode(400).body(containsString("at least 12 characters"));
        b.post("/setup", "token=" + token + "&username=boss&password=first-admin-password&confirm=first-admin-password")
                .then().statusCode(403);
        Response ok = b.post("/setup", "token=" + token + "&username=boss&password=first-admin-password"
                + "&confirm=first-admin-password&csrf=" + csrf);
        assertEquals(303, ok.statusCode());
        assertTrue(ok.header("Location").endsWith("/login?created"));
        // closed for good: the page sends to the login, the token no longer works
        Response again = b.get("/setup");
        assertEquals(303, again.statusCode());
        b.post("/setup", "token=" + token + "&username=mallory&password=another-password-1&confirm=another-password-1&csrf=" + csrf)
                .then().statusCode(303);
        given().auth().preemptive().basic("mallory", "another-password-1").get("/api/v1/me").then().statusCode(401);
        given().auth().preemptive().basic("boss", "first-admin-password").get("/api/v1/me").then().statusCode(200)
                .body(containsString("\"admin\""));
        // the only admin may not disable or demote themselves
        given().auth().preemptive().basic("boss", "first-admin-password").contentType("application/json")
                .body("{\"enabled\":false}").patch("/api/v1/admin/users/boss").then().statusCode(409);
        given().auth().preemptive().basic("boss", "first-admin-password").contentType("application/json")
                .body("{\"role\":\"analyst\"}").patch("/api/v1/admin/users/boss").then().statusCode(409);
        assertTrue(LoginFlowTest.audit("boss", "user-create").stream().anyMatch(e -> e.after().contains("first-run setup")));
    }
}
