package org.openueba.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny OpenID Connect provider in the test JVM (JDK HTTP server on a random port of 127.0.0.1):
 * discovery, JWKS, an authorization endpoint and a token endpoint issuing RS256-signed ID tokens.
 * It is strict where the engine must be correct: the client id and secret, the redirect URI, a
 * nonce and a PKCE S256 challenge are required, and a code works once.
 * <p>
 * A real provider shows a login form at {@code /authorize}; here the browser names the account in a
 * {@code login} query parameter (what the person would type). The accounts are {@link #ACCOUNTS};
 * two of them get ID tokens the engine must refuse: signed with another key (under the published
 * key id), or signed and then altered.
 */
public class FakeIdentityProvider implements QuarkusTestResourceLifecycleManager {
    static final String CLIENT_ID = "openueba-test";
    static final String CLIENT_SECRET = "fake-idp-client-secret-0123456789abcdef";
    static final String KEY_ID = "fake-idp-key-1";

    enum Signing { GOOD, OTHER_KEY, ALTERED }

    /**
     * An account at the provider: its subject, user name claim, groups claim (a list, or a string of
     * values), and how its ID token is signed.
     */
    record Account(String sub, String username, Object groups, Signing signing) {
    }

    static final Map<String, Account> ACCOUNTS = Map.ofEntries(
            Map.entry("ann", new Account("idp-0001", "sso.ann", List.of("staff", "ueba-analysts"), Signing.GOOD)),
            Map.entry("ada", new Account("idp-0002", "sso.ada", List.of("ueba-admins"), Signing.GOOD)),
            // groups named like the engine's roles, none of them in the role map
            Map.entry("una", new Account("idp-0003", "sso.una", List.of("admin", "analyst", "ingest", "staff"), Signing.GOOD)),
            Map.entry("leo", new Account("idp-0004", "sso.leo", List.of("ueba-analysts"), Signing.GOOD)),
            // claims the name of a local (password) admin
            Map.entry("eve", new Account("idp-0005", OidcFlowTest.LOCAL_ADMIN, List.of("ueba-admins"), Signing.GOOD)),
            Map.entry("mal", new Account("idp-0006", "sso.mal", List.of("ueba-admins"), Signing.OTHER_KEY)),
            Map.entry("tom", new Account("idp-0007", "sso.tom", List.of("ueba-analysts"), Signing.ALTERED)),
            // one person whose groups and user name change at the provider
            Map.entry("pat", new Account("idp-0008", "sso.pat", List.of("ueba-analysts"), Signing.GOOD)),
            Map.entry("pat-promoted", new Account("idp-0008", "pat.renamed", List.of("ueba-admins", "ueba-analysts"), Signing.GOOD)),
            // a string claim instead of a list
            Map.entry("sam", new Account("idp-0009", "sso.sam", "staff ueba-analysts", Signing.GOOD)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private HttpServer server;
    private KeyPair key, otherKey;
    private String issuer;

    private record Grant(Account account, String redirectUri, String nonce, String challenge) {
    }

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            key = g.generateKeyPair();
            otherKey = g.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.tenant-enabled", "true");
        config.put("quarkus.oidc.auth-server-url", issuer);
        config.put("quarkus.oidc.client-id", CLIENT_ID);
        config.put("quarkus.oidc.credentials.secret", CLIENT_SECRET);
        return config;
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }

    private void discovery(HttpExchange x) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "/authorize");
        d.put("token_endpoint", issuer + "/token");
        d.put("jwks_uri", issuer + "/jwks");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("scopes_supported", List.of("openid", "profile"));
        send(x, 200, d);
    }

    private void jwks(HttpExchange x) throws IOException {
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        send(x, 200, Map.of("keys", List.of(Map.of("kty", "RSA", "kid", KEY_ID, "use", "sig", "alg", "RS256",
                "n", b64(unsigned(pub.getModulus())), "e", b64(unsigned(pub.getPublicExponent()))))));
    }

    /** The person signs in (the {@code login} parameter) and is sent back with a code and the state. */
    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        Account account = ACCOUNTS.get(q.get("login"));
        String redirect = q.get("redirect_uri");
        if (!"code".equals(q.get("response_type")) || !CLIENT_ID.equals(q.get("client_id")) || redirect == null
                || q.get("state") == null || q.get("nonce") == null || q.get("scope") == null
                || !List.of(q.get("scope").split(" ")).contains("openid")
                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null || account == null) {
            send(x, 400, Map.of("error", "invalid_request", "query", String.valueOf(x.getRequestURI().getRawQuery())));
            return;
        }
        String code = randomText();
        codes.put(code, new Grant(account, redirect, q.get("nonce"), q.get("code_challenge")));
        x.getResponseHeaders().set("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code=" + enc(code)
                + "&state=" + enc(q.get("state")));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    /** The engine exchanges the code (once) for an ID token and an access token. */
    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = x.getRequestHeaders().getFirst("Authorization");
        boolean client = basic != null && basic.equals("Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                || CLIENT_ID.equals(f.get("client_id")) && CLIENT_SECRET.equals(f.get("client_secret"));
        if (!client) {
            send(x, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (!"authorization_code".equals(f.get("grant_type")) || grant == null
                || !grant.redirectUri().equals(f.get("redirect_uri")) || f.get("code_verifier") == null
                || !grant.challenge().equals(b64(sha256(f.get("code_verifier"))))) {
            send(x, 400, Map.of("error", "invalid_grant"));
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        Account a = grant.account();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", a.sub());
        claims.put("aud", CLIENT_ID);
        claims.put("iat", now);
        claims.put("exp", now + 600);
        claims.put("nonce", grant.nonce());
        claims.put("preferred_username", a.username());
        claims.put("groups", a.groups());
        String idToken = switch (a.signing()) {
            case GOOD -> sign(claims, key.getPrivate());
            case OTHER_KEY -> sign(claims, otherKey.getPrivate());
            case ALTERED -> {
                String signed = sign(claims, key.getPrivate());
                claims.put("groups", List.of("ueba-admins"));
                String[] parts = signed.split("\\.");
                yield parts[0] + "." + b64(JSON.writeValueAsBytes(claims)) + "." + parts[2];
            }
        };
        send(x, 200, Map.of("access_token", "fake-access-" + randomText(), "token_type", "Bearer", "expires_in", 600,
                "id_token", idToken, "scope", "openid profile"));
    }

    private String sign(Map<String, Object> claims, PrivateKey with) {
        try {
            String head = b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", KEY_ID)));
            String body = b64(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(with);
            s.update((head + "." + body).getBytes(StandardCharsets.US_ASCII));
            return head + "." + body + "." + b64(s.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange x, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private static Map<String, String> form(String s) {
        Map<String, String> out = new HashMap<>();
        if (s == null || s.isEmpty()) return out;
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private String randomText() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return b64(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
