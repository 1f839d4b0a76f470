package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web UI's login, session, logout, CSRF and headers, as a browser would use them. */
@QuarkusTest
class LoginFlowTest {
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @BeforeEach
    void credentials() throws Exception {
        SecurityFixture.ensure();
    }

    /** A browser: its CSRF cookie and, once logged in, its session cookie. */
    static final class Browser {
        Cookie csrfCookie, session;

        Response get(String path) {
            var r = given().redirects().follow(false);
            if (csrfCookie != null) r.cookie(csrfCookie);
            if (session != null) r.cookie(session);
            Response resp = r.get(path);
            if (resp.getDetailedCookie(WebProtections.CSRF_COOKIE) != null) csrfCookie = resp.getDetailedCookie(WebProtections.CSRF_COOKIE);
            return resp;
        }

        Response post(String path, String form) {
            var r = given().redirects().follow(false).contentType("application/x-www-form-urlencoded").body(form);
            if (csrfCookie != null) r.cookie(csrfCookie);
            if (session != null) r.cookie(session);
            return r.post(path);
        }

        void login(String user, String password) {
            get("/login").then().statusCode(200);
            Response r = post("/j_security_check", "j_username=" + user + "&j_password=" + password);
            assertEquals(302, r.statusCode());
            assertTrue(r.header("Location").endsWith("/ui/alerts"), r.header("Location"));
            session = r.getDetailedCookie("ueba-session");
            assertNotNull(session, "a session cookie");
        }

        String formToken(String user) {
            return Arc.container().instance(WebProtections.class).get().formToken(csrfCookie.getValue(), user);
        }

        String csrfOn(String path) {
            String html = get(path).then().statusCode(200).extract().asString();
            Matcher m = CSRF.matcher(html);
            assertTrue(m.find(), "a CSRF field on " + path);
            return m.group(1);
        }
    }

    @Test
    void theSessionKeyIsTheProcessOwnRandomKeyWhenNoneIsConfigured() {
        // not Quarkus' temporary key, which it writes to the log
        String name = "quarkus.http.auth.session.encryption-key";
        assertEquals(new SessionKeySource().getValue(name),
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(name, String.class));
    }

    @Test
    void formLoginGivesAHardenedSessionCookieAndTheLoggedInFrame() {
        Browser b = new Browser();
        b.login(SecurityFixture.ANALYST, SecurityFixture.PASSWORD);
        assertTrue(b.session.isHttpOnly(), "HttpOnly");
        assertEquals("Strict", b.session.getSameSite());
        String html = b.get("/ui/alerts").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<span class=\"who\">" + SecurityFixture.ANALYST + "</span>"), html);
        assertTrue(html.contains("action=\"/logout\""));
        // the session also reads the API (the queue's export links), but gives no admin rights
        b.get("/api/v1/alerts").then().statusCode(200);
        b.get("/api/v1/admin/users").then().statusCode(403);
        // the audit log has the login, with the address
        List<AuditLog.Entry> entries = audit(SecurityFixture.ANALYST, "login");
        assertTrue(entries.stream().anyMatch(e -> e.outcome().equals("success") && "form".equals(e.target())
                && e.remote() != null), entries.toString());
    }

    @Test
    void wrongPasswordsFailAreAuditedAndThrottled() throws Exception {
        String user = "throttled-" + System.nanoTime() % 100000;
        UserStore users = Arc.container().instance(UserStore.class).get();
        users.create(user, Arc.container().instance(Identities.class).get().passwords().hash(SecurityFixture.PASSWORD),
                Roles.ANALYST, "test", Instant.now());
        Browser b = new Browser();
        b.get("/login");
        Response r = b.post("/j_security_check", "j_username=" + user + "&j_password=wrong-password-123");
        assertEquals(302, r.statusCode());
        assertTrue(r.header("Location").contains("/login?error"), r.header("Location"));
        assertTrue(audit(user, "login").stream().anyMatch(e -> e.outcome().equals("failure")));
        // Basic on the API: 401, and after 10 failures (the default) even the right password is refused
        for (int i = 1; i < 10; i++) {
            given().auth().preemptive().basic(user, "wrong-password-" + i).get("/api/v1/me").then().statusCode(401);
        }
        given().auth().preemptive().basic(user, SecurityFixture.PASSWORD).get("/api/v1/me").then().statusCode(401);
        assertFalse(audit(user, "login-throttled").isEmpty(), "the throttle is audited");
    }

    @Test
    void logoutNeedsTheFormsTokenAndEndsTheSession() {
        Browser b = new Browser();
        b.login(SecurityFixture.ANALYST, SecurityFixture.PASSWORD);
        String token = b.csrfOn("/ui/alerts");
        b.post("/logout", "csrf=forged").then().statusCode(403);
        Browser other = new Browser();
        other.get("/login");
        // a token of another browser does not fit this browser's cookie
        b.post("/logout", "csrf=" + other.formToken(SecurityFixture.ANALYST)).then().statusCode(403);
        Response out = b.post("/logout", "csrf=" + token);
        assertEquals(303, out.statusCode());
        assertEquals("", out.getDetailedCookie("ueba-session").getValue());
        assertTrue(audit(SecurityFixture.ANALYST, "logout").size() >= 1);
    }

    @Test
    void disablingAUserEndsTheirSession() throws Exception {
        String user = "leaver-" + System.nanoTime() % 100000;
        Arc.container().instance(UserStore.class).get().create(user,
                Arc.container().instance(Identities.class).get().passwords().hash(SecurityFixture.PASSWORD),
                Roles.ANALYST, "test", Instant.now());
        Browser b = new Browser();
        b.login(user, SecurityFixture.PASSWORD);
        b.get("/ui/alerts").then().statusCode(200);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).contentType("application/json")
                .body("{\"enabled\":false}").patch("/api/v1/admin/users/" + user).then().statusCode(200)
                .body("enabled", equalTo(false));
        Response r = b.get("/ui/alerts");
        assertEquals(302, r.statusCode());
        assertTrue(r.header("Location").endsWith("/login"));
        List<AuditLog.Entry> changes = audit(SecurityFixture.ADMIN, "user-update");
        assertTrue(changes.stream().anyMatch(e -> user.equals(e.target()) && e.before().contains("enabled=true")
                && e.after().contains("enabled=false")), changes.toString());
    }

    @Test
    void crossSiteStateChangesAreRefusedWhateverTheCredentials() {
        // a cross-site login form (login CSRF) and a cross-site API call carrying Basic credentials
        given().redirects().follow(false).header("Origin", "https://evil.example").contentType("application/x-www-form-urlencoded")
                .body("j_username=" + SecurityFixture.ANALYST + "&j_password=" + SecurityFixture.PASSWORD)
                .post("/j_security_check").then().statusCode(403);
        given().header("Origin", "https://evil.example").header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN))
                .contentType("application/json").body("{\"name\":\"x\",\"role\":\"ingest\"}").post("/api/v1/admin/tokens")
                .then().statusCode(403);
        given().header("Referer", "https://evil.example/page").header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN))
                .contentType("application/json").body("{\"status\":\"closed\"}").post("/api/v1/alerts/x/triage")
                .then().statusCode(403);
        // the same from this site is served
        Browser b = new Browser();
        b.get("/login");
        int port = io.restassured.RestAssured.port;
        given().redirects().follow(false).header("Origin", "http://localhost:" + port).cookie(b.csrfCookie)
                .contentType("application/x-www-form-urlencoded")
                .body("j_username=" + SecurityFixture.ANALYST + "&j_password=" + SecurityFixture.PASSWORD)
                .post("/j_security_check").then().statusCode(302).header("Location", containsString("/ui/alerts"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Response r : List.of(given().get("/login"), given().get("/q/health/ready"), given().get("/api/v1/alerts"),
                given().header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).get("/api/v1/alerts"),
                given().redirects().follow(false).get("/ui/alerts"))) {
            String csp = r.header("Content-Security-Policy");
            assertNotNull(csp, "CSP on " + r.statusCode());
            assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline"), csp);
            assertFalse(csp.contains("script-src"), "no script source at all: " + csp);
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("DENY", r.header("X-Frame-Options"));
            assertEquals("no-store", r.header("Cache-Control"));
        }
        // no page has an inline script or style
        Browser b = new Browser();
        b.login(SecurityFixture.ANALYST, SecurityFixture.PASSWORD);
        for (String page : List.of("/login", "/ui/alerts", "/")) {
            b.get(page).then().body(not(containsString("<script"))).body(not(containsString("style=")));
        }
    }

    @Test
    void smallEndpointsRefuseLargeOrUnannouncedBodies() throws Exception {
        byte[] big = new byte[70_000];
        java.util.Arrays.fill(big, (byte) 'a');
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).contentType("application/json")
                .body(big).post("/api/v1/admin/tokens").then().statusCode(413);
        // a chunked body (no Content-Length) could be of any size
        var chunked = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                        + io.restassured.RestAssured.port + "/api/v1/alerts/x/triage"))
                .header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream("{\"status\":\"closed\"}".getBytes()))).build();
        assertEquals(413, java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(chunked,
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        // ingestion keeps its own, larger limit
        given().header("Authorization", SecurityFixture.ingestBearer()).contentType("application/x-ndjson")
                .body(("{\"id\":\"big-1\",\"time\":\"2026-02-02T10:00:00Z\",\"entity\":\"u\",\"kind\":\"authentication\","
                        + "\"action\":\"" + "a".repeat(60_000) + "\"}\n" + "\n".repeat(20_000)).getBytes())
                .post("/api/v1/events?source=json").then().statusCode(200);
    }

    static List<AuditLog.Entry> audit(String actor, String action) {
        try {
            return Arc.container().instance(AuditLog.class).get().list(actor, action, null, null, 0, 100);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
