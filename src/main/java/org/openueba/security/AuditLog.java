package org.openueba.security;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openueba.event.Texts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.openueba.store.Sql.instant;
import static org.openueba.store.Sql.ts;

/**
 * The append-only {@code audit_log}: who did what, when, from where, with the state before and
 * after. This class only inserts and reads; nothing in the engine updates or deletes an entry.
 * Texts are cut to the column sizes and stripped of control characters (they may come from users).
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private final AgroalDataSource dataSource;

    public AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One entry; {@code outcome} is success, failure or denied. */
    public record Entry(long id, Instant at, String actor, String action, String target, String outcome,
                        String before, String after, String remote) {
    }

    /** Appends an entry. A failure to write is logged and rethrown: an action that cannot be audited fails. */
    public void record(String actor, String action, String target, String outcome, String before, String after,
                       String remote) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO audit_log (at, actor, action, target, outcome, "
                     + "before_state, after_state, remote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, ts(Instant.now()));
            p.setString(2, Texts.printable(actor == null ? "anonymous" : actor, 200));
            p.setString(3, action);
            p.setString(4, target == null ? null : Texts.printable(target, 512));
            p.setString(5, outcome);
            p.setString(6, before == null ? null : cut(before, 8000));
            p.setString(7, after == null ? null : cut(after, 8000));
            p.setString(8, remote == null ? null : Texts.printable(remote, 128));
            p.executeUpdate();
        } catch (SQLException e) {
            LOG.errorf(e, "could not write the audit log entry %s %s %s", action, actor, outcome);
            throw new IllegalStateException("the audit log could not be written", e);
        }
    }

    /** Entries matching the filters (null = any), newest first. */
    public List<Entry> list(String actor, String action, Instant from, Instant to, int offset, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, outcome, before_state, after_state, "
                + "remote FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(ts(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(ts(to));
        }
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(r.getLong(1), instant(r, 2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getString(8), r.getString(9)));
                }
            }
        }
        return out;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
