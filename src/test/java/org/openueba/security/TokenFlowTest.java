package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIEM tokens through the admin API: shown once, stored hashed, scoped to sources, revocable, last use kept. */
@QuarkusTest
class TokenFlowTest {
    @BeforeEach
    void credentials() throws Exception {
        SecurityFixture.ensure();
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN));
    }

    static String event(String id) {
        return "{\"id\":\"" + id + "\",\"time\":\"2026-02-02T10:00:00Z\",\"entity\":\"token-user\",\"kind\":\"authentication\"}\n";
    }

    static Response send(String token, String source, String body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/x-ndjson")
                .body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/events?source=" + source);
    }

    @Test
    void aScopedIngestTokenFromIssueToRevocation() throws Exception {
        Response issued = admin().contentType("application/json")
                .body("{\"name\":\"siem-json\",\"role\":\"ingest\",\"sources\":[\"json\"]}").post("/api/v1/admin/tokens");
        issued.then().statusCode(201).body("token", startsWith("ueba_")).body("info.sources[0]", equalTo("json"))
                .body("info.lastUsedAt", equalTo(null));
        String token = issued.path("token"), id = issued.path("info.id");
        // only the hash is stored; listing never shows the token again
        String listing = admin().get("/api/v1/admin/tokens").then().statusCode(200).extract().asString();
        assertFalse(listing.contains(token), "the token text is not listed");
        assertTrue(listing.contains(id));
        assertEquals(TokenStore.sha256(token), storedHash(id));

        send(token, "json", event("tok-1")).then().statusCode(200).body("accepted", equalTo(1));
        send(token, "vpn", "").then().statusCode(403).body("title", equalTo("Source not allowed for this token"));
        given().header("Authorization", "Bearer " + token).get("/api/v1/alerts").then().statusCode(403);
        assertNotNull(Arc.container().instance(TokenStore.class).get().find(id).orElseThrow().lastUsedAt(), "last used");

        admin().delete("/api/v1/admin/tokens/" + id).then().statusCode(200).body("active", equalTo(false));
        admin().delete("/api/v1/admin/tokens/" + id).then().statusCode(409);
        send(token, "json", event("tok-2")).then().statusCode(401);

        List<AuditLog.Entry> issues = LoginFlowTest.audit(SecurityFixture.ADMIN, "token-issue");
        assertTrue(issues.stream().anyMatch(e -> id.equals(e.target()) && e.after().contains("sources=json")));
        List<AuditLog.Entry> revokes = LoginFlowTest.audit(SecurityFixture.ADMIN, "token-revoke");
        assertTrue(revokes.stream().anyMatch(e -> id.equals(e.target()) && !e.before().contains("revoked=")
                && e.after().contains("revoked=")), revokes.toString());
    }

    @Test
    void analystTokensReadButDoNotIngestAndExpiredOrForgedTokensAreRefused() throws Exception {
        String analyst = admin().contentType("application/json").body("{\"name\":\"soar\",\"role\":\"analyst\"}")
                .post("/api/v1/admin/tokens").then().statusCode(201).extract().path("token");
        given().header("Authorization", "Bearer " + analyst).get("/api/v1/alerts").then().statusCode(200);
        send(analyst, "json", event("tok-3")).then().statusCode(403);

        TokenStore tokens = Arc.container().instance(TokenStore.class).get();
        String expired = tokens.issue("old", Roles.INGEST, List.of(), Instant.now().minusSeconds(1), "test", Instant.now()).token();
        send(expired, "json", event("tok-4")).then().statusCode(401);
        send(analyst.substring(0, analyst.length() - 1) + (analyst.endsWith("A") ? "B" : "A"), "json", event("tok-5"))
                .then().statusCode(401);
        send("not-a-token", "json", event("tok-6")).then().statusCode(401);
        // a token can never be an admin, and names and sources are checked
        admin().contentType("application/json").body("{\"name\":\"x\",\"role\":\"admin\"}").post("/api/v1/admin/tokens")
                .then().statusCode(400);
        admin().contentType("application/json").body("{\"name\":\"x\",\"role\":\"ingest\",\"sources\":[\"../etc\"]}")
                .post("/api/v1/admin/tokens").then().statusCode(400);
        admin().contentType("application/json").body("{\"name\":\"x\",\"role\":\"ingest\",\"expiresAt\":\"2000-01-01T00:00:00Z\"}")
                .post("/api/v1/admin/tokens").then().statusCode(400);
    }

    @Test
    void usersThroughTheAdminApi() {
        String name = "new-analyst-" + System.nanoTime() % 100000;
        admin().contentType("application/json").body("{\"username\":\"" + name + "\",\"password\":\"short\",\"role\":\"analyst\"}")
                .post("/api/v1/admin/users").then().statusCode(400);
        admin().contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"a-good-long-password\",\"role\":\"analyst\"}")
                .post("/api/v1/admin/users").then().statusCode(201).body("role", equalTo("analyst"));
        admin().contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"a-good-long-password\",\"role\":\"analyst\"}")
                .post("/api/v1/admin/users").then().statusCode(409);
        String users = admin().get("/api/v1/admin/users").then().statusCode(200).extract().asString();
        assertTrue(users.contains(name));
        assertFalse(users.contains("$2a$"), "no hash leaves the engine");
        given().auth().preemptive().basic(name, "a-good-long-password").get("/api/v1/me").then().statusCode(200)
                .body("name", equalTo(name)).body("roles", equalTo(List.of("analyst")));
        // changing one's own password needs the current one
        given().auth().preemptive().basic(name, "a-good-long-password").contentType("application/json")
                .body("{\"current\":\"wrong-password-xx\",\"password\":\"another-long-password\"}").put("/api/v1/me/password")
                .then().statusCode(403);
        given().auth().preemptive().basic(name, "a-good-long-password").contentType("application/json")
                .body("{\"current\":\"a-good-long-password\",\"password\":\"another-long-password\"}").put("/api/v1/me/password")
                .then().statusCode(204);
        given().auth().preemptive().basic(name, "a-good-long-password").get("/api/v1/me").then().statusCode(401);
        given().auth().preemptive().basic(name, "another-long-password").get("/api/v1/me").then().statusCode(200);
        // the audit API answers admins with these actions
        admin().queryParam("actor", name).queryParam("action", "password-change").get("/api/v1/admin/audit").then()
                .statusCode(200).body("items.size()", equalTo(2)).body("items[0].outcome", equalTo("success"))
                .body("items[1].outcome", equalTo("failure"));
    }

    private static String storedHash(String id) throws Exception {
        var ds = Arc.container().instance(io.agroal.api.AgroalDataSource.class).get();
        try (var c = ds.getConnection(); var p = c.prepareStatement("SELECT token_hash FROM api_tokens WHERE id = ?")) {
            p.setString(1, id);
            try (var r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}
