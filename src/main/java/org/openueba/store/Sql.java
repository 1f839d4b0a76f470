package org.openueba.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What every table's store does the same way: timestamps as {@code TIMESTAMP WITH TIME ZONE} in UTC
 * (portable between H2 and PostgreSQL), and reading one row by its key.
 */
public final class Sql {
    private Sql() {
    }

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** The parameter value of {@code i} (null stays null). */
    public static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** Column {@code col} as an instant, or null. */
    public static Instant instant(ResultSet r, int col) throws SQLException {
        OffsetDateTime t = r.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Column {@code col} as an instant, or null. */
    public static Instant instant(ResultSet r, String col) throws SQLException {
        OffsetDateTime t = r.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** The row {@code sql} (one {@code ?}, bound to {@code key}) selects, read by {@code row}; empty when none. */
    public static <T> Optional<T> one(DataSource dataSource, String sql, String key, Row<T> row) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(row.read(r)) : Optional.empty();
            }
        }
    }
}
