package org.openueba.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.vertx.http.runtime.FormAuthConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.security.PersistentLoginManager;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Single sign-on with an OpenID Connect provider (IdP), on when {@code quarkus.oidc.tenant-enabled=true}.
 * Quarkus' OIDC extension runs the authorization-code flow on {@code /sso/login} only and verifies the
 * ID token (signature against the IdP's keys, issuer, audience, expiry, nonce; PKCE on the code). This
 * class then decides who that person is here:
 * <ol>
 *   <li>the user tied to the token's issuer and subject, or else a new one named by the username
 *       claim — never a local (password) user of that name, which would let an IdP account take over
 *       a break-glass admin;</li>
 *   <li>their role from the role claim through {@link IdpRoleMapping}: no mapped value, no entry;</li>
 *   <li>a disabled user stays refused; a new one is created enabled and without a usable password,
 *       an existing one gets the role the IdP now maps to;</li>
 *   <li>the login (and any creation or role change) is audited with channel {@code oidc}, and the
 *       browser gets the form login's session cookie, so from there on the user is an ordinary
 *       session user (re-read every few seconds, CSRF tokens bound to the name).</li>
 * </ol>
 * The identity the OIDC extension builds holds no engine role ({@link NoIdpRoles}): roles only ever
 * come from the map, through the user row.
 */
@Startup
@ApplicationScoped
public class SingleSignOn {
    /** The audit log's channel (the target of {@code login} entries) for single sign-on. */
    public static final String CHANNEL = "oidc";
    private static final Logger LOG = Logger.getLogger(SingleSignOn.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean enabled;
    private final UserStore users;
    private final AuditLog audit;
    private final Identities identities;
    private final IdpRoleMapping mapping;
    private final String usernameClaim;
    private final PersistentLoginManager sessions;
    private final String sessionCookie;

    public SingleSignOn(@ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean enabled,
                        UserStore users, AuditLog audit, Identities identities, UebaConfig config, VertxHttpConfig http) {
        this.enabled = enabled;
        this.users = users;
        this.audit = audit;
        this.identities = identities;
        UebaConfig.Oidc oidc = config.security().oidc();
        this.usernameClaim = oidc.usernameClaim();
        FormAuthConfig form = http.auth().form();
        this.sessionCookie = form.cookieName();
        if (!enabled) {
            this.mapping = null;
            this.sessions = null;
            return;
        }
        this.mapping = checkSettings(oidc.roleClaim(), oidc.roleMap(), http.encryptionKey());
        String key = http.encryptionKey().orElseThrow();
        // the same cookie, key and settings as the form login's, which reads it back on every request
        this.sessions = new PersistentLoginManager(key, form.cookieName(), form.timeout().toMillis(),
                form.newCookieInterval().toMillis(), form.httpOnlyCookie(), form.cookieSameSite().name(),
                form.cookiePath().orElse(null), form.cookieMaxAge().map(Duration::toSeconds).orElse(-1L),
                form.cookieDomain().orElse(null));
        LOG.infof("Single sign-on is on: role claim '%s', mapped values %s, user names from '%s'",
                oidc.roleClaim(), mapping.roles(), usernameClaim);
    }

    /**
     * What single sign-on needs to start: a valid role map (without one nobody could sign in) and the
     * form login's session key of at least 32 characters (the session after a sign-in is encrypted with
     * it). Unset, {@link SessionKeySource} supplies a random one per process, so in practice this
     * catches a configured key that is too short.
     *
     * @throws IllegalStateException naming the missing or wrong setting
     */
    static IdpRoleMapping checkSettings(String roleClaim, Optional<String> roleMap, Optional<String> sessionKey) {
        IdpRoleMapping mapping;
        try {
            mapping = IdpRoleMapping.parse(roleClaim, roleMap.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("single sign-on is on (quarkus.oidc.tenant-enabled): " + e.getMessage(), e);
        }
        if (sessionKey.isEmpty() || sessionKey.get().length() < 32) {
            throw new IllegalStateException("single sign-on is on (quarkus.oidc.tenant-enabled) and needs "
                    + "quarkus.http.auth.session.encryption-key (QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY, at least 32 "
                    + "characters): the engine's session after a sign-in is encrypted with it");
        }
        return mapping;
    }

    /** Whether single sign-on is on. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The outcome of a sign-in: the engine user and role, or why the person is refused (said to them
     * and written to the audit log).
     */
    public record Outcome(String username, String role, String refusal) {
        public boolean signedIn() {
            return refusal == null;
        }

        static Outcome refused(String reason) {
            return new Outcome(null, null, reason);
        }
    }

    /**
     * Decides who the holder of a verified ID token is here, provisions or updates their user and
     * audits the result (see the class comment).
     *
     * @param claims the ID token's claims (as JSON: maps, lists, scalars)
     */
    public Outcome signIn(Map<String, ?> claims, String remote) throws SQLException {
        if (!enabled) throw new IllegalStateException("single sign-on is off");
        Instant now = Instant.now();
        String issuer = text(claims.get("iss")), subject = text(claims.get("sub"));
        if (issuer == null || subject == null) {
            return refuse(null, "the ID token has no issuer or subject", "The identity provider did not say who you are.", remote);
        }
        String externalId = issuer + " " + subject;
        if (externalId.length() > 512) {
            return refuse("sub:" + subject, "issuer and subject longer than 512 characters", "The identity provider's "
                    + "answer is not usable here.", remote);
        }
        Optional<UserStore.User> existing = users.findExternal(externalId);
        String username = existing.map(UserStore.User::username).orElse(text(claims.get(usernameClaim)));
        if (username == null || !UserStore.USERNAME.matcher(username).matches()) {
            return refuse(username == null ? "sub:" + subject : username, "claim '" + usernameClaim
                            + "' is missing or not a user name (1 to 64 letters, digits or . _ @ -)",
                    "The identity provider gives no usable user name for you.", remote);
        }
        if (existing.isPresent() && !existing.get().enabled()) {
            return refuse(username, "user disabled", "Your account is disabled here: ask an admin.", remote);
        }
        IdpRoleMapping.Decision decision = mapping.decide(claims);
        if (decision.role().isEmpty()) {
            return refuse(username, "no role: claim '" + String.join("/", mapping.claimPath()) + "' has "
                            + (decision.values().isEmpty() ? "no value" : "only unmapped values " + decision.values()),
                    "Your identity provider account has no role in OpenUEBA: ask an admin to add you to one of its groups.",
                    remote);
        }
        String role = decision.role().get();
        if (existing.isEmpty()) {
            if (users.find(username).isPresent()) {
                return refuse(username, "the name belongs to a local user (or another provider account)",
                        "The user name '" + username + "' is taken here: ask an admin.", remote);
            }
            if (!users.createExternal(username, role, externalId, CHANNEL, now)) {
                // someone was faster: the same person in another tab (then continue) or a clash
                existing = users.findExternal(externalId);
                if (existing.isEmpty() || !existing.get().username().equals(username)) {
                    return refuse(username, "the name was taken meanwhile", "The user name '" + username
                            + "' is taken here: ask an admin.", remote);
                }
            } else {
                audit.record(username, "user-create", username, "success", null,
                        "role=" + role + " enabled=true external (single sign-on, " + externalId + ")", remote);
            }
        }
        if (existing.isPresent() && !existing.get().role().equals(role)) {
            UserStore.User before = existing.get();
            users.update(username, role, null, null, now);
            identities.userChanged();
            audit.record(username, "user-update", username, "success", Administration.describe(before),
                    "role=" + role + " enabled=true external (mapped at single sign-on)", remote);
            if (Roles.ADMIN.equals(before.role()) && users.otherEnabledAdmins(username) == 0) {
                LOG.warnf("'%s' lost admin at single sign-on and no enabled admin is left: keep a local "
                        + "break-glass admin", username);
            }
        }
        try {
            users.touchLogin(username, now);
        } catch (SQLException e) {
            LOG.warnf("could not record the login time of %s: %s", username, e.getMessage());
        }
        audit.record(username, "login", CHANNEL, "success", null, "role=" + role, remote);
        return new Outcome(username, role, null);
    }

    private Outcome refuse(String actor, String reason, String shown, String remote) {
        audit.record(actor, "login", CHANNEL, "failure", null, reason, remote);
        return Outcome.refused(shown);
    }

    /** Gives the browser the engine's session for {@code username} (the form login's cookie). */
    public void startSession(RoutingContext rc, String username) {
        if (!enabled) throw new IllegalStateException("single sign-on is off");
        sessions.save(username, rc, sessionCookie, null, rc.request().isSSL());
    }

    /** The claims of a JWT (the payload, as JSON); the token must have been verified before. */
    public static Map<String, Object> claims(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) throw new IllegalArgumentException("not a signed JWT");
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            return JSON.readValue(new String(payload, StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() {
            });
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new IllegalArgumentException("the JWT's payload is not JSON", e);
        }
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * A failed sign-in that never reached {@code /sso/login}'s page: the OIDC extension refused the
     * IdP's answer (state, code, or an ID token with a wrong signature, issuer, audience, nonce or
     * expiry). Audited without a name (the token is not trusted); the log has Quarkus' reason.
     */
    void failed(@ObservesAsync AuthenticationFailureEvent event) {
        if (!enabled || event.getEventProperties() == null) return;
        if (!(event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext rc)) return;
        if (!rc.normalizedPath().startsWith("/sso/")) return;
        Throwable t = event.getAuthenticationFailure();
        audit.record(null, "login", CHANNEL, "failure", null, "the identity provider's answer was refused ("
                + (t == null ? "unknown" : t.getClass().getSimpleName()) + "; see the log)", Caller.remote(rc));
    }

    /**
     * An identity built by the OIDC extension (from the IdP's tokens) holds no engine role, whatever
     * the IdP's groups are called: it only serves {@code /sso/login}, which maps it. (Quarkus would
     * otherwise take roles from the token's {@code groups} claim.)
     */
    @ApplicationScoped
    public static class NoIdpRoles implements SecurityIdentityAugmentor {
        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (identity.isAnonymous() || (identity.getCredential(IdTokenCredential.class) == null
                    && identity.getCredential(AccessTokenCredential.class) == null)) {
                return Uni.createFrom().item(identity);
            }
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                    .setPrincipal(identity.getPrincipal())
                    .addCredentials(identity.getCredentials())
                    .addAttributes(identity.getAttributes());
            return Uni.createFrom().item(b.build());
        }
    }
}
