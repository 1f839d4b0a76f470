package org.openueba.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.openueba.config.UebaConfig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protections that apply to every HTTP request, before authentication:
 * <ul>
 *   <li>security headers on every response: a CSP without inline scripts or styles, no framing,
 *       nosniff, no referrer across origins, {@code no-store} on everything but the stylesheet, and
 *       HSTS when {@code ueba.security.hsts} is set;</li>
 *   <li>a state-changing request (POST, PUT, PATCH, DELETE) whose {@code Origin} (or, without one,
 *       {@code Referer}) names another site is refused with 403 — that covers every form, the
 *       login form included, and the API called from a browser;</li>
 *   <li>a state-changing request to anything but ingestion and the directory import may carry at most
 *       64 KiB, announced by Content-Length (413 otherwise): the outer HTTP limit is large for
 *       ingestion, which enforces its own;</li>
 *   <li>the CSRF cookie of the web forms: a random value per browser ({@code ueba-csrf}, HttpOnly,
 *       SameSite=Strict); each form carries HMAC(key, cookie | user) in a hidden field, checked by
 *       {@link #checkForm} (signed double-submit cookie).</li>
 * </ul>
 */
@ApplicationScoped
public class WebProtections {
    public static final String CSRF_COOKIE = "ueba-csrf";
    public static final String CSRF_FIELD = "csrf";
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final String CONTEXT_KEY = "ueba.csrf-cookie";
    /** Largest body of every endpoint but ingestion and the directory import: forms and small JSON. */
    static final int MAX_SMALL_BODY = 65_536;
    private final SecureRandom random = new SecureRandom();
    private final byte[] key;
    private final boolean hsts;

    public WebProtections(UebaConfig config) {
        String configured = config.security().csrfKey().orElse(null);
        if (configured != null && configured.length() < 32) {
            throw new IllegalStateException("ueba.security.csrf-key needs at least 32 characters");
        }
        if (configured != null) {
            key = configured.getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            random.nextBytes(key);
        }
        hsts = config.security().hsts();
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 10_000);
    }

    void filter(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        boolean stylesheet = req.path() != null && req.path().equals("/style.css");
        rc.addHeadersEndHandler(v -> {
            var h = rc.response().headers();
            h.set("Content-Security-Policy", CSP);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "same-origin");
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            if (!stylesheet) h.set("Cache-Control", "no-store");
            if (hsts) h.set("Strict-Transport-Security", "max-age=31536000");
        });
        HttpMethod m = req.method();
        if (m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE) {
            if (!bulkBody(req.path()) && !smallBody(req)) {
                rc.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"about:blank#body-too-large\",\"title\":\"Body too large\",\"status\":413,"
                                + "\"detail\":\"this endpoint takes at most " + MAX_SMALL_BODY + " bytes, with a Content-Length\"}");
                return;
            }
            String origin = req.getHeader("Origin");
            if (origin == null) origin = req.getHeader("Referer");
            if (origin != null && !sameOrigin(origin, req.authority())) {
                rc.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"about:blank#cross-origin\",\"title\":\"Cross-origin request refused\","
                                + "\"status\":403,\"detail\":\"a state-changing request must come from this site\"}");
                return;
            }
        }
        if (!stylesheet && !req.path().startsWith("/api/") && !req.path().startsWith("/q/")) {
            Cookie c = req.getCookie(CSRF_COOKIE);
            String value = c == null ? null : c.getValue();
            if (value == null || value.length() != 43) {
                byte[] b = new byte[32];
                random.nextBytes(b);
                value = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                rc.response().addCookie(Cookie.cookie(CSRF_COOKIE, value).setPath("/").setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT).setSecure(req.isSSL()));
            }
            rc.put(CONTEXT_KEY, value);
        }
        rc.next();
    }

    /** Paths that take large bodies and enforce their own limits (ueba.ingest.max-body-bytes). */
    static boolean bulkBody(String path) {
        return path.equals("/api/v1/events") || path.equals("/api/v1/directory");
    }

    /** A body of at most {@link #MAX_SMALL_BODY} bytes, announced by Content-Length (or none at all). */
    static boolean smallBody(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
        if (length == null) {
            // HTTP/1.x: no length and no chunking means no body; HTTP/2 streams a body of any length
            // without either, so only a DELETE (no body expected) passes there
            if (req.version() == io.vertx.core.http.HttpVersion.HTTP_2) return req.method() == HttpMethod.DELETE;
            return req.getHeader("Transfer-Encoding") == null;
        }
        try {
            long n = Long.parseLong(length.trim());
            return n >= 0 && n <= MAX_SMALL_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether {@code origin} (an Origin or Referer value) is the site at {@code authority}. */
    static boolean sameOrigin(String origin, HostAndPort authority) {
        if (authority == null) return false;
        if ("null".equals(origin)) return false;
        try {
            URI u = URI.create(origin.trim());
            if (u.getHost() == null) return false;
            int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            int ap = authority.port() >= 0 ? authority.port() : port;
            return u.getHost().toLowerCase(Locale.ROOT).equals(authority.host().toLowerCase(Locale.ROOT)) && port == ap;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The hidden-field value for a form shown to {@code user} (empty string when anonymous). */
    public String formToken(RoutingContext rc, String user) {
        String cookie = rc.get(CONTEXT_KEY);
        if (cookie == null) throw new IllegalStateException("no CSRF cookie on this request");
        return hmac(cookie + "|" + (user == null ? "" : user));
    }

    /** The form token for a browser whose CSRF cookie is {@code cookie}, shown to {@code user}. */
    public String formToken(String cookie, String user) {
        return hmac(cookie + "|" + (user == null ? "" : user));
    }

    /** Whether a posted form's token belongs to this browser and user. */
    public boolean checkForm(RoutingContext rc, String user, String token) {
        Cookie c = rc.request().getCookie(CSRF_COOKIE);
        if (c == null || token == null) return false;
        String expected = hmac(c.getValue() + "|" + (user == null ? "" : user));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    private String hmac(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
