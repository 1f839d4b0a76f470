package org.openueba.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.api.ProblemException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Changes to users and tokens, each checked (password policy, known roles and sources, never
 * without an enabled admin) and written to the audit log with the state before and after.
 */
@ApplicationScoped
public class Administration {
    static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private final UserStore users;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Identities identities;

    public Administration(UserStore users, TokenStore tokens, AuditLog audit, Identities identities) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.identities = identities;
    }

    /** Who acts and from where, for the audit log. */
    public record Actor(String name, String remote) {
    }

    public UserStore.User createUser(Actor by, String username, String password, String role) throws SQLException {
        if (username == null || !UserStore.USERNAME.matcher(username).matches())
            throw ProblemException.badRequest("username: 1 to 64 letters, digits or . _ @ -");
        if (role == null || !Roles.USER_ROLES.contains(role))
            throw ProblemException.badRequest("role must be one of " + Roles.USER_ROLES);
        String problem = Passwords.problem(password);
        if (problem != null) throw ProblemException.badRequest("password: " + problem);
        if (!users.create(username, identities.passwords().hash(password), role, by.name(), Instant.now())) {
            audit.record(by.name(), "user-create", username, "failure", null, "name taken", by.remote());
            throw new ProblemException(409, "conflict", "User exists", "a user named '" + username + "' exists");
        }
        audit.record(by.name(), "user-create", username, "success", null, "role=" + role + " enabled=true", by.remote());
        return users.find(username).orElseThrow();
    }

    /** Changes role, enabled and/or password (null = unchanged). */
    public UserStore.User updateUser(Actor by, String username, String role, Boolean enabled, String password)
            throws SQLException {
        UserStore.User before = users.find(username)
                .orElseThrow(() -> ProblemException.notFound("no user named '" + org.openueba.event.Texts.printable(username, 64) + "'"));
        if (role != null && !Roles.USER_ROLES.contains(role))
            throw ProblemException.badRequest("role must be one of " + Roles.USER_ROLES);
        if (password != null) {
            if (before.external()) throw new ProblemException(409, "external-user", "External user",
                    "'" + username + "' signs in with single sign-on and has no password here");
            String problem = Passwords.problem(password);
            if (problem != null) throw ProblemException.badRequest("password: " + problem);
        }
        boolean losesAdmin = Roles.ADMIN.equals(before.role()) && before.enabled()
                && ((role != null && !Roles.ADMIN.equals(role)) || Boolean.FALSE.equals(enabled));
        if (losesAdmin && users.otherEnabledAdmins(username) == 0) {
            throw new ProblemException(409, "last-admin", "Last admin",
                    "'" + username + "' is the last enabled admin: create another admin first");
        }
        users.update(username, role, enabled, password == null ? null : identities.passwords().hash(password), Instant.now());
        identities.userChanged();
        UserStore.User after = users.find(username).orElseThrow();
        audit.record(by.name(), "user-update", username, "success", describe(before),
                describe(after) + (password != null ? " password=changed" : ""), by.remote());
        return after;
    }

    /** A user changes their own password, proving the current one. */
    public void changeOwnPassword(Actor by, String current, String password) throws SQLException {
        UserStore.User u = users.find(by.name()).orElseThrow(() -> new ProblemException(403, "forbidden", "Forbidden",
                "only users with a password can change it"));
        if (u.external()) throw new ProblemException(403, "external-user", "External user",
                "you sign in with single sign-on: change your password at the identity provider");
        String problem = Passwords.problem(password);
        if (problem != null) throw ProblemException.badRequest("password: " + problem);
        if (current == null || !identities.passwords().verify(current, u.passwordHash())) {
            audit.record(by.name(), "password-change", by.name(), "failure", null, "wrong current password", by.remote());
            throw new ProblemException(403, "wrong-password", "Wrong password", "the current password is wrong");
        }
        users.update(by.name(), null, null, identities.passwords().hash(password), Instant.now());
        identities.userChanged();
        audit.record(by.name(), "password-change", by.name(), "success", null, "password=changed", by.remote());
    }

    public TokenStore.Issued issueToken(Actor by, String name, String role, List<String> sources, Instant expiresAt)
            throws SQLException {
        if (name == null || name.isBlank() || name.length() > 200)
            throw ProblemException.badRequest("name: 1 to 200 characters, to tell the token apart");
        if (role == null || !Roles.TOKEN_ROLES.contains(role))
            throw ProblemException.badRequest("role must be one of " + Roles.TOKEN_ROLES);
        List<String> src = sources == null ? List.of() : sources;
        for (String s : src) {
            if (s == null || !SOURCE.matcher(s).matches()) throw ProblemException.badRequest("sources: '"
                    + org.openueba.event.Texts.printable(String.valueOf(s), 64) + "' is not a source name");
        }
        if (!src.isEmpty() && !Roles.INGEST.equals(role))
            throw ProblemException.badRequest("sources only limit ingest tokens");
        if (expiresAt != null && !expiresAt.isAfter(Instant.now()))
            throw ProblemException.badRequest("expiresAt must be in the future");
        TokenStore.Issued issued = tokens.issue(name.strip(), role, src, expiresAt, by.name(), Instant.now());
        audit.record(by.name(), "token-issue", issued.info().id(), "success", null, describe(issued.info()), by.remote());
        return issued;
    }

    public TokenStore.TokenInfo revokeToken(Actor by, String id) throws SQLException {
        Optional<TokenStore.TokenInfo> before = tokens.find(id);
        if (before.isEmpty()) throw ProblemException.notFound("no token with id '" + org.openueba.event.Texts.printable(id, 40) + "'");
        if (!tokens.revoke(id, by.name(), Instant.now())) {
            throw new ProblemException(409, "conflict", "Already revoked", "the token was revoked before");
        }
        TokenStore.TokenInfo after = tokens.find(id).orElseThrow();
        audit.record(by.name(), "token-revoke", id, "success", describe(before.get()), describe(after), by.remote());
        return after;
    }

    static String describe(UserStore.User u) {
        return "role=" + u.role() + " enabled=" + u.enabled() + (u.external() ? " external" : "");
    }

    static String describe(TokenStore.TokenInfo t) {
        return "name=" + t.name() + " role=" + t.role() + " sources=" + (t.sources().isEmpty() ? "all" : String.join(",", t.sources()))
                + " prefix=" + t.prefix() + (t.expiresAt() != null ? " expires=" + t.expiresAt() : "")
                + (t.revokedAt() != null ? " revoked=" + t.revokedAt() : "");
    }
}
