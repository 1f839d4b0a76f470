package org.openueba.security;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.store.Sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.openueba.store.Sql.instant;
import static org.openueba.store.Sql.ts;

/**
 * The {@code api_tokens} table. A token is {@code ueba_} followed by 43 base64url characters (256
 * random bits); it is returned once when issued and only its SHA-256 is stored. The last-used time
 * is written at most once a minute per token, so authenticating a busy SIEM costs no write per batch.
 */
@ApplicationScoped
public class TokenStore {
    public static final String PREFIX = "ueba_";
    static final int SHOWN_PREFIX = 12;
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final String COLUMNS = "id, name, prefix, role, sources, created_by, created_at, expires_at, "
            + "last_used_at, revoked_at, revoked_by";
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Instant> lastTouched = new ConcurrentHashMap<>();
    private final AgroalDataSource dataSource;

    public TokenStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A token as stored (without its hash).
     *
     * @param sources the sources an ingest token may write to; empty for every source
     */
    public record TokenInfo(String id, String name, String prefix, String role, List<String> sources, String createdBy,
                            Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy) {
        public boolean activeAt(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A freshly issued token: {@code token} is shown to the caller once and never again. */
    public record Issued(String token, TokenInfo info) {
    }

    public Issued issue(String name, String role, List<String> sources, Instant expiresAt, String createdBy, Instant now)
            throws SQLException {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        String prefix = token.substring(0, SHOWN_PREFIX);
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO api_tokens (id, name, token_hash, prefix, role, "
                     + "sources, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, name);
            p.setString(3, sha256(token));
            p.setString(4, prefix);
            p.setString(5, role);
            p.setString(6, sources.isEmpty() ? null : "," + String.join(",", sources) + ",");
            p.setString(7, createdBy);
            p.setObject(8, ts(now));
            p.setObject(9, ts(expiresAt));
            p.executeUpdate();
        }
        return new Issued(token, new TokenInfo(id, name, prefix, role, List.copyOf(sources), createdBy, now, expiresAt,
                null, null, null));
    }

    /** The token whose text is {@code token}, active or not; empty for anything malformed. */
    public Optional<TokenInfo> findByToken(String token) throws SQLException {
        if (token == null || !token.startsWith(PREFIX) || token.length() != PREFIX.length() + 43) return Optional.empty();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?")) {
            p.setString(1, sha256(token));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    public Optional<TokenInfo> find(String id) throws SQLException {
        return Sql.one(dataSource, "SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?", id, TokenStore::read);
    }

    public List<TokenInfo> list() throws SQLException {
        List<TokenInfo> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id");
             ResultSet r = p.executeQuery()) {
            while (r.next()) out.add(read(r));
        }
        return out;
    }

    /** Revokes the token; false when there is no such token or it was already revoked. */
    public boolean revoke(String id, String by, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")) {
            p.setObject(1, ts(now));
            p.setString(2, by);
            p.setString(3, id);
            return p.executeUpdate() == 1;
        }
    }

    /** Records a use (at most one write a minute per token). */
    public void touch(String id, Instant now) throws SQLException {
        Instant last = lastTouched.get(id);
        if (last != null && now.isBefore(last.plus(TOUCH_EVERY))) return;
        lastTouched.put(id, now);
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
            p.setObject(1, ts(now));
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenInfo read(ResultSet r) throws SQLException {
        String sources = r.getString(5);
        List<String> list = sources == null ? List.of()
                : List.of(sources.substring(1, sources.length() - 1).split(","));
        return new TokenInfo(r.getString(1), r.getString(2), r.getString(3), r.getString(4), list, r.getString(6),
                instant(r, 7), instant(r, 8), instant(r, 9), instant(r, 10), r.getString(11));
    }
}
