package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single sign-on switched on against {@link FakeIdentityProvider} (in this JVM, random port): the
 * whole browser flow by hand — /sso/login, the provider's authorization endpoint, back with a code,
 * the engine's own session — and what must be refused: unmapped people, disabled users, a local
 * user's name, forged and altered ID tokens, and the provider's session cookie used elsewhere.
 */
@QuarkusTest
@TestProfile(OidcFlowTest.SsoOn.class)
class OidcFlowTest {
    static final String LOCAL_ADMIN = "sso-local-admin";
    static final Pattern REFRESH = Pattern.compile("<meta http-equiv=\"refresh\" content=\"0; url=([^\"]+)\">");

    public static class SsoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.auth.session.encryption-key", "oidc-flow-test-session-key-0123456789",
                    "ueba.security.oidc.role-map", "ueba-admins=admin,ueba-analysts=analyst");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeIdentityProvider.class));
        }
    }

    @BeforeEach
    void credentials() throws Exception {
        SecurityFixture.ensure();
    }

    static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    static String engine() {
        return "http://localhost:" + RestAssured.port;
    }

    /**
     * A browser: a cookie jar for the engine (cookies kept by name, sent where their path applies,
     * deleted when the engine expires them), following redirects by hand.
     */
    static final class Browser {
        final Map<String, Cookie> jar = new LinkedHashMap<>();
        /** Every cookie value the engine ever set, also those deleted since. */
        final Map<String, String> seen = new LinkedHashMap<>();
        final List<String> hops = new ArrayList<>();

        Response get(String url) {
            URI u = URI.create(url.startsWith("http") ? url : engine() + url);
            hops.add(u.toString());
            // the URLs come encoded from the Location headers: sent as they are
            RequestSpecification r = given().urlEncodingEnabled(false).redirects().follow(false);
            boolean toEngine = u.getPort() == RestAssured.port;
            if (toEngine) {
                for (Cookie c : jar.values()) {
                    if (c.getPath() == null || u.getRawPath().startsWith(c.getPath())) r.cookie(c.getName(), c.getValue());
                }
            }
            Response resp = r.get(u.toString());
            if (toEngine) {
                for (Cookie c : resp.getDetailedCookies()) {
                    if (c.getMaxAge() == 0 || c.getValue() == null || c.getValue().isEmpty()) {
                        jar.remove(c.getName());
                    } else {
                        jar.put(c.getName(), c);
                        seen.put(c.getName(), c.getValue());
                    }
                }
            }
            return resp;
        }

        /**
         * Signs in at the provider as {@code login}: /sso/login sends the browser to the provider,
         * which sends it back with a code; the engine's redirects are followed until a page answers.
         */
        Response signIn(String login) {
            Response start = get("/sso/login");
            assertEquals(302, start.statusCode(), "to the provider");
            String authorize = start.header("Location");
            assertTrue(authorize.startsWith(issuer() + "/authorize?"), authorize);
            assertTrue(authorize.contains("code_challenge=") && authorize.contains("nonce="), "PKCE and a nonce: " + authorize);
            Response idp = get(authorize + "&login=" + login);
            assertEquals(302, idp.statusCode(), () -> "the provider answers " + idp.body().asString());
            String back = idp.header("Location");
            assertTrue(back.startsWith(engine() + "/sso/login?code="), back);
            Response r = get(back);
            for (int i = 0; i < 3 && r.statusCode() == 302 && r.header("Location").startsWith(engine() + "/sso/"); i++) {
                r = get(r.header("Location"));
            }
            return r;
        }

        /** Follows the signed-in page's refresh to the queue. */
        Response continueFrom(Response signedIn) {
            Matcher m = REFRESH.matcher(signedIn.body().asString());
            assertTrue(m.find(), "a refresh to the queue: " + signedIn.body().asString());
            // the page's frame shows no one yet: the request's identity is the provider's, which holds no role here
            assertFalse(signedIn.body().asString().contains("action=\"/logout\""), signedIn.body().asString());
            return get(m.group(1));
        }

        boolean hasSession() {
            return jar.containsKey("ueba-session");
        }

        String csrfOn(String path) {
            Matcher m = LoginFlowTest.CSRF.matcher(get(path).then().statusCode(200).extract().asString());
            assertTrue(m.find(), "a CSRF field on " + path);
            return m.group(1);
        }

        Response post(String path, String form) {
            RequestSpecification r = given().redirects().follow(false).contentType("application/x-www-form-urlencoded").body(form);
            for (Cookie c : jar.values()) {
                if (c.getPath() == null || path.startsWith(c.getPath())) r.cookie(c.getName(), c.getValue());
            }
            Response resp = r.post(path);
            for (Cookie c : resp.getDetailedCookies()) {
                if (c.getMaxAge() == 0 || c.getValue() == null || c.getValue().isEmpty()) jar.remove(c.getName());
            }
            return resp;
        }
    }

    @Test
    void anAnalystSignsInAtTheProviderAndContinuesWithTheEnginesSession() {
        given().get("/login").then().statusCode(200)
                .body(containsString("href=\"/sso/login\""), containsString("Sign in with single sign-on"),
                        containsString("action=\"/j_security_check\""));
        Browser b = new Browser();
        Response done = b.signIn("ann");
        assertEquals(200, done.statusCode(), () -> b.hops + " " + done.body().asString());
        assertTrue(b.hasSession(), "the engine's session cookie: " + b.jar.keySet());
        Cookie session = b.jar.get("ueba-session");
        assertTrue(session.isHttpOnly());
        assertEquals("Strict", session.getSameSite());
        assertTrue(b.seen.keySet().stream().anyMatch(n -> n.startsWith("q_session")), "the provider's session was made: " + b.seen);
        assertTrue(b.jar.keySet().stream().noneMatch(n -> n.startsWith("q_")), "and dropped again: " + b.jar.keySet());

        String queue = b.continueFrom(done).then().statusCode(200).extract().asString();
        assertTrue(queue.contains("<span class=\"who\">sso.ann</span>"), queue);
        b.get("/api/v1/alerts").then().statusCode(200);
        b.get("/api/v1/admin/users").then().statusCode(403);
        b.get("/api/v1/me").then().statusCode(200).body("name", equalTo("sso.ann")).body("roles", equalTo(List.of("analyst")))
                .body("via", equalTo("session"));

        // provisioned: external, enabled, analyst, with no usable password
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).get("/api/v1/admin/users").then()
                .statusCode(200).body("find { it.username == 'sso.ann' }.external", equalTo(true))
                .body("find { it.username == 'sso.ann' }.role", equalTo("analyst"))
                .body("find { it.username == 'sso.ann' }.createdBy", equalTo("oidc"))
                .body("find { it.username == '" + SecurityFixture.ADMIN + "' }.external", equalTo(false));
        UserStore.User user = user("sso.ann").orElseThrow();
        assertEquals(issuer() + " idp-0001", user.externalId());
        given().auth().preemptive().basic("sso.ann", UserStore.NO_PASSWORD).get("/api/v1/me").then().statusCode(401);
        given().cookie("ueba-session", session.getValue()).contentType("application/json")
                .body("{\"current\":\"x\",\"password\":\"a-new-password-123\"}").put("/api/v1/me/password")
                .then().statusCode(403).body(containsString("single sign-on"));

        assertTrue(LoginFlowTest.audit("sso.ann", "login").stream().anyMatch(e -> "success".equals(e.outcome())
                && "oidc".equals(e.target()) && "role=analyst".equals(e.after()) && e.remote() != null));
        assertTrue(LoginFlowTest.audit("sso.ann", "user-create").stream().anyMatch(e -> e.after().contains("external")));

        // the rest of the UI works as with a form login: the forms' CSRF token, logout
        String csrf = b.csrfOn("/ui/alerts");
        b.post("/logout", "csrf=forged").then().statusCode(403);
        assertEquals(303, b.post("/logout", "csrf=" + csrf).statusCode());
        assertFalse(b.hasSession());
        Response after = b.get("/ui/alerts");
        assertEquals(302, after.statusCode());
        assertTrue(after.header("Location").endsWith("/login"));
    }

    @Test
    void aStringClaimOfGroupsIsReadToo() {
        Browser b = new Browser();
        assertEquals(200, b.signIn("sam").statusCode());
        b.get("/api/v1/me").then().statusCode(200).body("roles", equalTo(List.of("analyst")));
    }

    @Test
    void anAdminMappedPersonIsAdminAndRoleChangesAtTheProviderFollowTheSubject() {
        Browser ada = new Browser();
        Response done = ada.signIn("ada");
        assertEquals(200, done.statusCode());
        assertTrue(ada.continueFrom(done).asString().contains("<span class=\"who\">sso.ada (admin)</span>"));
        ada.get("/api/v1/admin/users").then().statusCode(200);

        Browser pat = new Browser();
        assertEquals(200, pat.signIn("pat").statusCode());
        pat.get("/api/v1/admin/users").then().statusCode(403);
        // the provider now puts pat in the admins' group and renamed the account: same user, now admin
        Browser promoted = new Browser();
        assertEquals(200, promoted.signIn("pat-promoted").statusCode());
        promoted.get("/api/v1/me").then().body("name", equalTo("sso.pat")).body("roles", equalTo(List.of("admin", "analyst", "ingest")));
        promoted.get("/api/v1/admin/users").then().statusCode(200);
        assertTrue(user("pat.renamed").isEmpty(), "no second user for the same subject");
        // the earlier session of the same user has the new role at once (the change clears the re-check's cache)
        pat.get("/api/v1/admin/users").then().statusCode(200);
        // and back: the provider's groups decide at every sign-in
        assertEquals(200, new Browser().signIn("pat").statusCode());
        promoted.get("/api/v1/admin/users").then().statusCode(403);
        List<AuditLog.Entry> updates = LoginFlowTest.audit("sso.pat", "user-update");
        assertTrue(updates.stream().anyMatch(e -> e.before().contains("role=analyst") && e.after().contains("role=admin")), updates.toString());
        assertTrue(updates.stream().anyMatch(e -> e.before().contains("role=admin") && e.after().contains("role=analyst")), updates.toString());
    }

    @Test
    void aPersonWithoutAMappedGroupIsRefusedWhateverTheGroupsAreCalled() {
        Browser b = new Browser();
        Response r = b.signIn("una");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().asString().contains("no role in OpenUEBA"), r.body().asString());
        assertFalse(b.hasSession());
        assertTrue(user("sso.una").isEmpty(), "not provisioned");
        List<AuditLog.Entry> failures = LoginFlowTest.audit("sso.una", "login");
        assertTrue(failures.stream().anyMatch(e -> "failure".equals(e.outcome()) && "oidc".equals(e.target())
                && e.after().contains("[admin, analyst, ingest, staff]")), failures.toString());

        // the provider's session cookie, replayed anywhere else, carries no role of the engine
        // (Quarkus alone would have made its 'admin' and 'analyst' groups roles)
        String providerSession = b.seen.entrySet().stream().filter(e -> e.getKey().startsWith("q_session"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        assertNotNull(providerSession, "the provider's session was made: " + b.seen);
        for (String path : List.of("/api/v1/admin/users", "/api/v1/alerts", "/ui/alerts")) {
            given().redirects().follow(false).cookie("q_session", providerSession).get(path).then().statusCode(403);
        }
    }

    @Test
    void aDisabledUserStaysRefused() {
        Browser b = new Browser();
        assertEquals(200, b.signIn("leo").statusCode());
        b.get("/ui/alerts").then().statusCode(200);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).contentType("application/json")
                .body("{\"password\":\"a-new-password-123\"}").patch("/api/v1/admin/users/sso.leo").then().statusCode(409);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).contentType("application/json")
                .body("{\"enabled\":false}").patch("/api/v1/admin/users/sso.leo").then().statusCode(200);
        // the open session ends at once (the user is re-read), and signing in again is refused
        Response ended = b.get("/ui/alerts");
        assertEquals(302, ended.statusCode());
        Browser again = new Browser();
        Response r = again.signIn("leo");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().asString().contains("disabled"));
        assertFalse(again.hasSession());
        assertFalse(user("sso.leo").orElseThrow().enabled(), "single sign-on does not re-enable");
        assertTrue(LoginFlowTest.audit("sso.leo", "login").stream().anyMatch(e -> "failure".equals(e.outcome())
                && "user disabled".equals(e.after())));
    }

    @Test
    void aLocalUsersNameIsNotTakenOverFromTheProvider() throws Exception {
        UserStore users = Arc.container().instance(UserStore.class).get();
        if (users.find(LOCAL_ADMIN).isEmpty()) {
            users.create(LOCAL_ADMIN, Arc.container().instance(Identities.class).get().passwords().hash(SecurityFixture.PASSWORD),
                    Roles.ADMIN, "test", Instant.now());
        }
        Browser b = new Browser();
        Response r = b.signIn("eve");
        assertEquals(403, r.statusCode());
        assertFalse(b.hasSession());
        UserStore.User local = users.find(LOCAL_ADMIN).orElseThrow();
        assertNull(local.externalId(), "still the local user");
        assertTrue(LoginFlowTest.audit(LOCAL_ADMIN, "login").stream().anyMatch(e -> "failure".equals(e.outcome())
                && "oidc".equals(e.target()) && e.after().contains("local user")));
        // the local admin's password still works (break-glass)
        given().auth().preemptive().basic(LOCAL_ADMIN, SecurityFixture.PASSWORD).get("/api/v1/admin/users").then().statusCode(200);
    }

    @Test
    void forgedOrAlteredIdTokensAreRefused() {
        for (String login : List.of("mal", "tom")) {
            int before = anonymousFailures();
            Browser b = new Browser();
            Response r = b.signIn(login);
            assertEquals(401, r.statusCode(), login + ": " + b.hops);
            assertFalse(b.hasSession(), login);
            assertTrue(b.jar.keySet().stream().noneMatch(n -> n.startsWith("q_session")), login + ": " + b.jar.keySet());
            awaitAudit(login, () -> anonymousFailures() > before);
        }
        assertTrue(user("sso.mal").isEmpty());
        assertTrue(user("sso.tom").isEmpty());
    }

    @Test
    void ssoLoginOnlyTakesTheCodeFlowAndEverythingElseIsAsBefore() {
        // Basic credentials or a session do not open /sso/login: it goes to the provider
        Response basic = given().redirects().follow(false).header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN))
                .get("/sso/login");
        assertEquals(302, basic.statusCode());
        assertTrue(basic.header("Location").startsWith(issuer() + "/authorize?"));
        LoginFlowTest.Browser form = new LoginFlowTest.Browser();
        form.login(SecurityFixture.ANALYST, SecurityFixture.PASSWORD);
        Response withSession = form.get("/sso/login");
        assertEquals(302, withSession.statusCode());
        assertTrue(withSession.header("Location").startsWith(issuer() + "/authorize?"));
        // form login stays (break-glass); pages without a session go to /login, the API answers 401,
        // SIEM tokens work
        form.get("/ui/alerts").then().statusCode(200);
        Response page = given().redirects().follow(false).get("/ui/alerts");
        assertEquals(302, page.statusCode());
        assertTrue(page.header("Location").endsWith("/login"), page.header("Location"));
        given().get("/api/v1/alerts").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", SecurityFixture.ingestBearer()).get("/api/v1/sources").then().statusCode(200);
        given().header("Authorization", SecurityFixture.analystBearer()).get("/api/v1/alerts").then().statusCode(200);
        given().header("Authorization", "Bearer not-a-token").get("/api/v1/alerts").then().statusCode(401);
    }

    static Optional<UserStore.User> user(String name) {
        try {
            return Arc.container().instance(UserStore.class).get().find(name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int anonymousFailures() {
        return (int) LoginFlowTest.audit("anonymous", "login").stream()
                .filter(e -> "failure".equals(e.outcome()) && "oidc".equals(e.target())
                        && e.after().contains("identity provider's answer was refused"))
                .count();
    }

    /** The failure is audited from an asynchronous security event: wait for it, up to 10 s. */
    static void awaitAudit(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no audit entry for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
