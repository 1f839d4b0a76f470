package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint × {anonymous, ingest, analyst, admin}: the status each gets. A caller that may
 * not use an endpoint gets 401 (API, anonymous), a redirect to the login form (web pages,
 * anonymous) or 403 (authenticated, wrong role); one that may gets an answer from the endpoint
 * itself (2xx, or a 4xx of its own validation, never 401/403). The test also fails when a REST
 * endpoint exists that the matrix does not list, so a new endpoint cannot slip in unchecked.
 */
@QuarkusTest
class SecurityMatrixTest {
    enum Caller { ANONYMOUS, INGEST, ANALYST, ADMIN }

    /**
     * Who may call: the least role, or public / any authenticated caller, or nobody (OFF: a feature
     * that is off in this profile, single sign-on; OidcFlowTest checks it switched on).
     */
    enum Need { PUBLIC, AUTHENTICATED, USER, INGEST, ANALYST, ANALYST_OR_INGEST, ADMIN, OFF }

    record Row(String method, String template, String path, Need need, String contentType, String body, boolean page) {
    }

    static final List<Row> ROWS = List.of(
            api("GET", "/api/v1/sources", "/api/v1/sources", Need.ANALYST_OR_INGEST),
            new Row("POST", "/api/v1/directory", "/api/v1/directory", Need.ADMIN, "text/csv", "", false),
            api("GET", "/api/v1/alerts", "/api/v1/alerts", Need.ANALYST),
            api("GET", "/api/v1/alerts/{id}", "/api/v1/alerts/no-such-alert", Need.ANALYST),
            new Row("POST", "/api/v1/alerts/{id}/triage", "/api/v1/alerts/no-such-alert/triage", Need.ANALYST,
                    "application/json", "{\"status\":\"closed\"}", false),
            api("GET", "/api/v1/entities/{id}", "/api/v1/entities/nobody", Need.ANALYST),
            new Row("POST", "/api/v1/events", "/api/v1/events?source=json", Need.INGEST, "application/x-ndjson", "", false),
            api("GET", "/api/v1/events", "/api/v1/events?limit=1", Need.ANALYST),
            api("GET", "/api/v1/events/{id}", "/api/v1/events/json:nothing", Need.ANALYST),
            api("GET", "/api/v1/me", "/api/v1/me", Need.AUTHENTICATED),
            new Row("PUT", "/api/v1/me/password", "/api/v1/me/password", Need.USER, "application/json",
                    "{\"current\":\"x\",\"password\":\"short\"}", false),
            api("GET", "/api/v1/admin/users", "/api/v1/admin/users", Need.ADMIN),
            new Row("POST", "/api/v1/admin/users", "/api/v1/admin/users", Need.ADMIN, "application/json",
                    "{\"username\":\"bad name!\",\"password\":\"x\",\"role\":\"admin\"}", false),
            new Row("PATCH", "/api/v1/admin/users/{username}", "/api/v1/admin/users/no-such-user", Need.ADMIN,
                    "application/json", "{\"enabled\":false}", false),
            api("GET", "/api/v1/admin/tokens", "/api/v1/admin/tokens", Need.ADMIN),
            new Row("POST", "/api/v1/admin/tokens", "/api/v1/admin/tokens", Need.ADMIN, "application/json",
                    "{\"name\":\"\",\"role\":\"root\"}", false),
            api("DELETE", "/api/v1/admin/tokens/{id}", "/api/v1/admin/tokens/no-such-token", Need.ADMIN),
            api("GET", "/api/v1/admin/audit", "/api/v1/admin/audit?limit=1", Need.ADMIN),
            api("GET", "/api/v1/admin/settings", "/api/v1/admin/settings", Need.ADMIN),
            new Row("PUT", "/api/v1/admin/settings", "/api/v1/admin/settings", Need.ADMIN, "application/json",
                    "{\"threshold\":5}", false),
            page("GET", "/", "/", Need.ANALYST),
            page("GET", "/ui/entities/{id}", "/ui/entities/nobody", Need.ANALYST),
            page("GET", "/ui/alerts", "/ui/alerts", Need.ANALYST),
            page("GET", "/ui/alerts/{id}", "/ui/alerts/no-such-alert", Need.ANALYST),
            new Row("POST", "/ui/alerts/{id}/triage", "/ui/alerts/no-such-alert/triage", Need.ANALYST,
                    "application/x-www-form-urlencoded", "status=closed", true),
            page("GET", "/login", "/login", Need.PUBLIC),
            page("GET", "/setup", "/setup", Need.PUBLIC),
            new Row("POST", "/setup", "/setup", Need.PUBLIC, "application/x-www-form-urlencoded", "token=x", true),
            new Row("POST", "/logout", "/logout", Need.AUTHENTICATED, "application/x-www-form-urlencoded", "", true),
            // only the OIDC authorization-code flow, when single sign-on is on
            page("GET", "/sso/login", "/sso/login", Need.OFF),
            // not JAX-RS resources
            api("GET", "/q/health/ready", "/q/health/ready", Need.PUBLIC),
            api("GET", "/q/health/live", "/q/health/live", Need.PUBLIC),
            api("GET", "/q/metrics", "/q/metrics", Need.ADMIN),
            page("GET", "/style.css", "/style.css", Need.PUBLIC));

    static Row api(String m, String template, String path, Need need) {
        return new Row(m, template, path, need, null, null, false);
    }

    static Row page(String m, String template, String path, Need need) {
        return new Row(m, template, path, need, null, null, true);
    }

    @BeforeEach
    void credentials() throws Exception {
        SecurityFixture.ensure();
    }

    static boolean allowed(Need need, Caller c) {
        return switch (need) {
            case PUBLIC -> true;
            case AUTHENTICATED -> c != Caller.ANONYMOUS;
            case USER -> c == Caller.ANALYST || c == Caller.ADMIN;
            case INGEST -> c == Caller.INGEST || c == Caller.ADMIN;
            case ANALYST -> c == Caller.ANALYST || c == Caller.ADMIN;
            case ANALYST_OR_INGEST -> c != Caller.ANONYMOUS;
            case ADMIN -> c == Caller.ADMIN;
            case OFF -> false;
        };
    }

    @Test
    void everyEndpointForEveryCaller() {
        WebProtections web = Arc.container().instance(WebProtections.class).get();
        String cookie = "c".repeat(43);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Row row : ROWS) {
            for (Caller caller : Caller.values()) {
                RequestSpecification req = given().redirects().follow(false);
                String user = switch (caller) {
                    case ANONYMOUS -> null;
                    case INGEST -> "token:matrix-ingest";
                    case ANALYST -> SecurityFixture.ANALYST;
                    case ADMIN -> SecurityFixture.ADMIN;
                };
                switch (caller) {
                    case INGEST -> req.header("Authorization", SecurityFixture.ingestBearer());
                    case ANALYST -> req.header("Authorization", SecurityFixture.basic(SecurityFixture.ANALYST));
                    case ADMIN -> req.header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN));
                    default -> {
                    }
                }
                String body = row.body();
                if (row.page() && row.method().equals("POST")) {
                    // a valid CSRF token, so that only authorisation decides
                    req.cookie(WebProtections.CSRF_COOKIE, cookie);
                    body = (body.isEmpty() ? "" : body + "&") + "csrf=" + web.formToken(cookie, user);
                }
                if (row.contentType() != null) req.contentType(row.contentType());
                if (body != null) {
                    if ("application/x-www-form-urlencoded".equals(row.contentType())) req.body(body);
                    else req.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                Response r = req.request(row.method(), row.path());
                int s = r.statusCode();
                String what = row.method() + " " + row.path() + " as " + caller + " → " + s;
                checked++;
                if (allowed(row.need(), caller)) {
                    boolean ok = s < 500 && s != 401 && s != 403
                            && !(s == 302 && String.valueOf(r.header("Location")).contains("/login"));
                    if (!ok) failures.add(what + " (expected the endpoint's own answer) " + r.body().asString());
                } else if (caller == Caller.ANONYMOUS) {
                    boolean ok = row.page() ? s == 302 && r.header("Location").endsWith("/login") : s == 401;
                    if (!ok) failures.add(what + " (expected " + (row.page() ? "302 to /login" : "401") + ")");
                } else if (s != 403) {
                    failures.add(what + " (expected 403)");
                }
            }
        }
        assertTrue(failures.isEmpty(), checked + " checks, failures:\n" + String.join("\n", failures));
        assertEquals(ROWS.size() * 4, checked);
    }

    @Test
    void unknownPathsAreDeniedNotServed() {
        given().redirects().follow(false).get("/anything-else").then().statusCode(302);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).get("/anything-else")
                .then().statusCode(403);
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).get("/q/dev-ui")
                .then().statusCode(403);
    }

    /** The matrix lists every REST endpoint the application has. */
    @Test
    void theMatrixCoversEveryEndpoint() throws Exception {
        Set<String> declared = new TreeSet<>();
        java.nio.file.Path root = Paths.get("target/classes");
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c;
                try {
                    c = Class.forName(name, false, getClass().getClassLoader());
                } catch (Throwable e) {
                    continue;
                }
                Path classPath = c.getAnnotation(Path.class);
                if (classPath == null) continue;
                for (Method m : c.getDeclaredMethods()) {
                    String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                            : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(DELETE.class) ? "DELETE"
                            : m.isAnnotationPresent(PATCH.class) ? "PATCH" : null;
                    if (verb == null) continue;
                    Path mp = m.getAnnotation(Path.class);
                    declared.add(verb + " " + join(classPath.value(), mp == null ? "" : mp.value()));
                }
            }
        }
        Set<String> listed = new TreeSet<>();
        for (Row r : ROWS) listed.add(r.method() + " " + r.template());
        declared.removeAll(listed);
        assertTrue(declared.isEmpty(), "endpoints missing from the security matrix: " + declared);
        assertTrue(listed.size() > 20);
    }

    static String join(String a, String b) {
        String s = ("/" + a + "/" + b).replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
