package org.openueba.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns credentials into identities: a user name and password (form login, HTTP Basic), a session
 * cookie's user name (re-checked against the database, so disabling a user ends their sessions), or
 * a bearer token. Successful password checks are cached for a minute (keyed by a hash of the
 * password) so HTTP Basic does not cost a bcrypt per request; every user change clears the cache.
 * Logins, failed logins and throttling are written to the audit log.
 */
@ApplicationScoped
public class Identities {
    /** Identity attribute: the sources an ingest token may write to ({@code List<String>}, empty = all). */
    public static final String SOURCES = "ueba.sources";
    /** Identity attribute: how the identity was established: password, session or token. */
    public static final String VIA = "ueba.via";
    static final Duration PASSWORD_CACHE = Duration.ofMinutes(1);
    static final Duration SESSION_CACHE = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(Identities.class);

    private final UserStore users;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Passwords passwords;
    private final LoginThrottle userThrottle;
    private final LoginThrottle addressThrottle;
    private final Map<String, Cached> passwordCache = new ConcurrentHashMap<>();
    private final Map<String, Cached> sessionCache = new ConcurrentHashMap<>();

    private record Cached(SecurityIdentity identity, Instant until) {
    }

    public Identities(UserStore users, TokenStore tokens, AuditLog audit, UebaConfig config) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.passwords = new Passwords(config.security().bcryptCost());
        long window = Math.max(1, config.security().loginFailureWindow().toSeconds());
        this.userThrottle = new LoginThrottle(config.security().loginMaxFailures(), window, 100_000);
        this.addressThrottle = new LoginThrottle(config.security().loginMaxFailuresPerAddress(), window, 100_000);
    }

    public Passwords passwords() {
        return passwords;
    }

    /**
     * Checks a user name and password.
     *
     * @param channel "form" or "basic", for the audit log
     * @throws AuthenticationFailedException when they do not match, the user is disabled, or the name
     *                                       or address is throttled
     */
    public SecurityIdentity password(String username, String password, String remote, String channel) {
        Instant now = Instant.now();
        String cacheKey = username + "\u0000" + TokenStore.sha256(password == null ? "" : password);
        Cached hit = passwordCache.get(cacheKey);
        if (hit != null && now.isBefore(hit.until)) return hit.identity;
        String who = username == null ? "" : username;
        String userKey = "user:" + who, addressKey = "addr:" + remote;
        if (!userThrottle.allowed(userKey, now.getEpochSecond()) || !addressThrottle.allowed(addressKey, now.getEpochSecond())) {
            throw new AuthenticationFailedException("too many failed logins; try again later");
        }
        Optional<UserStore.User> user;
        try {
            user = users.find(who);
        } catch (SQLException e) {
            throw new AuthenticationFailedException("the user store is unavailable", e);
        }
        // an external user (single sign-on) has no password here: checked like an unknown name, same timing
        boolean ok = passwords.verify(password == null ? "" : password,
                user.filter(u -> !u.external()).map(UserStore.User::passwordHash).orElse(null));
        if (!ok || !user.get().enabled()) {
            boolean userClosed = userThrottle.failed(userKey, now.getEpochSecond());
            boolean addrClosed = addressThrottle.failed(addressKey, now.getEpochSecond());
            audit.record(who, "login", channel, "failure", null,
                    !ok ? "wrong user name or password" : "user disabled", remote);
            if (userClosed || addrClosed) {
                audit.record(who, "login-throttled", userClosed ? "user " + who : "address " + remote, "denied",
                        null, "further attempts refused for the failure window", remote);
                LOG.warnf("login throttled for %s", userClosed ? "user " + who : "address " + remote);
            }
            throw new AuthenticationFailedException("wrong user name or password");
        }
        userThrottle.succeeded(userKey);
        try {
            users.touchLogin(who, now);
        } catch (SQLException e) {
            LOG.warnf("could not record the login time of %s: %s", who, e.getMessage());
        }
        audit.record(who, "login", channel, "success", null, null, remote);
        SecurityIdentity identity = userIdentity(user.get(), "password");
        if ("basic".equals(channel)) passwordCache.put(cacheKey, new Cached(identity, now.plus(PASSWORD_CACHE)));
        return identity;
    }

    /** The identity behind a valid session cookie, re-read from the database (cached a few seconds). */
    public SecurityIdentity session(String username) {
        Instant now = Instant.now();
        Cached hit = sessionCache.get(username);
        if (hit != null && now.isBefore(hit.until)) return hit.identity;
        Optional<UserStore.User> user;
        try {
            user = users.find(username);
        } catch (SQLException e) {
            throw new AuthenticationFailedException("the user store is unavailable", e);
        }
        if (user.isEmpty() || !user.get().enabled()) throw new AuthenticationFailedException("the session's user is gone");
        SecurityIdentity identity = userIdentity(user.get(), "session");
        sessionCache.put(username, new Cached(identity, now.plus(SESSION_CACHE)));
        return identity;
    }

    /** The identity of an active bearer token. */
    public SecurityIdentity token(String token) {
        Instant now = Instant.now();
        Optional<TokenStore.TokenInfo> info;
        try {
            info = tokens.findByToken(token);
        } catch (SQLException e) {
            throw new AuthenticationFailedException("the token store is unavailable", e);
        }
        if (info.isEmpty() || !info.get().activeAt(now)) throw new AuthenticationFailedException("unknown, revoked or expired token");
        TokenStore.TokenInfo t = info.get();
        try {
            tokens.touch(t.id(), now);
        } catch (SQLException e) {
            LOG.warnf("could not record the use of token %s: %s", t.prefix(), e.getMessage());
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("token:" + t.name()))
                .addRoles(Roles.granted(t.role()))
                .addAttribute(SOURCES, t.sources())
                .addAttribute(VIA, "token")
                .addAttribute("ueba.token-id", t.id())
                .build();
    }

    /** Forgets cached identities (after any change to users). */
    public void userChanged() {
        passwordCache.clear();
        sessionCache.clear();
    }

    /** Whether {@code identity} may write events of {@code source}. */
    public static boolean maySend(SecurityIdentity identity, String source) {
        if (identity.hasRole(Roles.ADMIN)) return true;
        if (!identity.hasRole(Roles.INGEST)) return false;
        List<String> sources = identity.getAttribute(SOURCES);
        return sources == null || sources.isEmpty() || sources.contains(source);
    }

    private static SecurityIdentity userIdentity(UserStore.User u, String via) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(u.username()))
                .addRoles(Roles.granted(u.role()))
                .addAttribute(VIA, via)
                .build();
    }
}
