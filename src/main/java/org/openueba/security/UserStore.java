package org.openueba.security;

import org.openueba.store.Sql;

import static org.openueba.store.Sql.instant;
import static org.openueba.store.Sql.ts;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code users} table: people who log in, local ones with bcrypt password hashes, external ones
 * (provisioned by single sign-on) with the identity provider's issuer and subject instead.
 */
@ApplicationScoped
public class UserStore {
    /** Letters, digits and {@code . _ @ -}, 1 to 64 characters. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The password hash of an external user: not a bcrypt hash, so no password matches it. */
    static final String NO_PASSWORD = "!external";
    private static final String COLUMNS = "username, password_hash, role, enabled, created_at, created_by, "
            + "password_changed_at, last_login_at, external_id";

    private final AgroalDataSource dataSource;

    public UserStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A stored user; {@code passwordHash} never leaves the security package.
     *
     * @param externalId for a user provisioned by single sign-on, the identity provider's issuer and
     *                   subject ({@code "<iss> <sub>"}); null for a local user
     */
    public record User(String username, String passwordHash, String role, boolean enabled, Instant createdAt,
                       String createdBy, Instant passwordChangedAt, Instant lastLoginAt, String externalId) {
        /** Whether the user signs in at the identity provider (and has no password here). */
        public boolean external() {
            return externalId != null;
        }
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM users");
             ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The external user tied to this issuer and subject, if any. */
    public Optional<User> findExternal(String externalId) throws SQLException {
        return Sql.one(dataSource, "SELECT " + COLUMNS + " FROM users WHERE external_id = ?", externalId, UserStore::read);
    }

    public Optional<User> find(String username) throws SQLException {
        if (username == null || !USERNAME.matcher(username).matches()) return Optional.empty();
        return Sql.one(dataSource, "SELECT " + COLUMNS + " FROM users WHERE username = ?", username, UserStore::read);
    }

    public List<User> list() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
             ResultSet r = p.executeQuery()) {
            while (r.next()) out.add(read(r));
        }
        return out;
    }

    /** Inserts a user; false when the name is taken. */
    public boolean create(String username, String passwordHash, String role, String createdBy, Instant at)
            throws SQLException {
        return insert(username, passwordHash, role, null, createdBy, at);
    }

    /**
     * Inserts a user provisioned by single sign-on, without a usable password; false when the name or
     * the external id is taken.
     */
    public boolean createExternal(String username, String role, String externalId, String createdBy, Instant at)
            throws SQLException {
        return insert(username, NO_PASSWORD, role, externalId, createdBy, at);
    }

    /** Inserts an enabled user unless the name (or a non-null external id) is taken. */
    private boolean insert(String username, String passwordHash, String role, String externalId, String createdBy,
                           Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") "
                     + "SELECT ?, ?, ?, TRUE, ?, ?, ?, NULL, ? WHERE NOT EXISTS "
                     + "(SELECT 1 FROM users WHERE username = ? OR external_id = ?)")) {
            p.setString(1, username);
            p.setString(2, passwordHash);
            p.setString(3, role);
            p.setObject(4, ts(at));
            p.setString(5, createdBy);
            p.setObject(6, ts(at));
            p.setString(7, externalId);
            p.setString(8, username);
            p.setString(9, externalId); // NULL for a local user: "external_id = NULL" holds for no row
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            // a concurrent insert of the same name or id: the unique constraints decide
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) return false;
            throw e;
        }
    }

    /** Changes role, enabled flag and/or password hash (null = unchanged); false when there is no such user. */
    public boolean update(String username, String role, Boolean enabled, String passwordHash, Instant at)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE users SET role = COALESCE(?, role), "
                     + "enabled = COALESCE(?, enabled), password_hash = COALESCE(?, password_hash), "
                     + "password_changed_at = CASE WHEN ? IS NULL THEN password_changed_at ELSE ? END WHERE username = ?")) {
            p.setString(1, role);
            p.setObject(2, enabled);
            p.setString(3, passwordHash);
            p.setString(4, passwordHash);
            p.setObject(5, ts(at));
            p.setString(6, username);
            return p.executeUpdate() == 1;
        }
    }

    public void touchLogin(String username, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE users SET last_login_at = ? WHERE username = ?")) {
            p.setObject(1, ts(at));
            p.setString(2, username);
            p.executeUpdate();
        }
    }

    /** Enabled admins other than {@code username} (the last admin may not be demoted or disabled). */
    public long otherEnabledAdmins(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "SELECT COUNT(*) FROM users WHERE role = 'admin' AND enabled = TRUE AND username <> ?")) {
            p.setString(1, username);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static User read(ResultSet r) throws SQLException {
        return new User(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4), instant(r, 5), r.getString(6),
                instant(r, 7), instant(r, 8), r.getString(9));
    }
}
