package org.openueba.alert;

import org.openueba.store.Sql;

import static org.openueba.store.Sql.instant;
import static org.openueba.store.Sql.ts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.smart.Indicator;
import org.openueba.smart.Severity;
import org.openueba.smart.WindowAlert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code alerts} table: the pipeline upserts window alerts inside its indexing transaction
 * ({@link #upsert}); the API lists and reads them. An update from the pipeline replaces the window's
 * scores, indicators and event range but never the triage fields (status, assignee, comment, feedback).
 */
@ApplicationScoped
public class AlertStore {
    /** Longest value text kept per indicator in the stored JSON. */
    static final int MAX_VALUE_CHARS = 2000;
    static final int MAX_INDICATORS_CHARS = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Indicator>> INDICATORS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, entity, window_kind, group_id, window_start, window_end, first_event_id, "
            + "last_event_id, event_count, sources, smart_value, score, severity, indicators, user_percentile, "
            + "org_percentile, crossed_at, updated_at, created_seq, updated_seq, status, assignee, triage_comment, feedback";

    private final AgroalDataSource dataSource;

    public AlertStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * An alert as stored.
     *
     * @param createdSeq journal position of the event that crossed the threshold
     * @param updatedSeq journal position of the window's latest event
     */
    public record StoredAlert(String id, String entity, String window, String groupId, Instant windowStart, Instant windowEnd,
                              String firstEventId, String lastEventId, int eventCount, List<String> sources,
                              double smartValue, double score, String severity, List<Indicator> indicators,
                              Double userPercentile, Double orgPercentile, Instant crossedAt, Instant updatedAt,
                              long createdSeq, long updatedSeq, String status, String assignee, String comment,
                              String feedback) {
    }

    /**
     * Inserts the alert, or updates its window fields when it exists (triage fields are kept) unless the
     * stored version is of a later journal position: after a restart the alerts of the events after the
     * indexed position are derived again, and an earlier version must not replace a later one.
     */
    public static void upsert(Connection c, WindowAlert a, long seq) throws SQLException {
        String indicators = indicatorsJson(a.indicators());
        String sources = "," + String.join(",", a.sources()) + ",";
        try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET window_end = ?, last_event_id = ?, event_count = ?, "
                + "sources = ?, smart_value = ?, score = ?, severity = ?, indicators = ?, user_percentile = ?, "
                + "org_percentile = ?, updated_at = ?, updated_seq = ? WHERE id = ? AND updated_seq <= ?")) {
            p.setObject(1, ts(a.windowEnd()));
            p.setString(2, a.lastEventId());
            p.setInt(3, a.eventCount());
            p.setString(4, sources);
            p.setDouble(5, a.smartValue());
            p.setDouble(6, a.score());
            p.setString(7, a.severity().wireName());
            p.setString(8, indicators);
            setDouble(p, 9, a.userPercentile());
            setDouble(p, 10, a.orgPercentile());
            p.setObject(11, ts(a.updatedAt()));
            p.setLong(12, seq);
            p.setString(13, a.id());
            p.setLong(14, seq);
            if (p.executeUpdate() > 0) return;
        }
        // not updated: new, or stored already in a later version (derived again after a restart)
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM alerts WHERE id = ?")) {
            p.setString(1, a.id());
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) return;
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alerts (id, entity, window_kind, group_id, window_start, "
                + "window_end, first_event_id, last_event_id, event_count, sources, smart_value, score, severity, indicators, "
                + "user_percentile, org_percentile, crossed_at, updated_at, created_seq, updated_seq) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, a.id());
            p.setString(2, a.entity());
            p.setString(3, a.window());
            p.setString(4, a.groupId());
            p.setObject(5, ts(a.windowStart()));
            p.setObject(6, ts(a.windowEnd()));
            p.setString(7, a.firstEventId());
            p.setString(8, a.lastEventId());
            p.setInt(9, a.eventCount());
            p.setString(10, sources);
            p.setDouble(11, a.smartValue());
            p.setDouble(12, a.score());
            p.setString(13, a.severity().wireName());
            p.setString(14, indicators);
            setDouble(p, 15, a.userPercentile());
            setDouble(p, 16, a.orgPercentile());
            p.setObject(17, ts(a.crossedAt()));
            p.setObject(18, ts(a.updatedAt()));
            p.setLong(19, seq);
            p.setLong(20, seq);
            p.executeUpdate();
        }
    }

    /** The indicators as stored: JSON, long values cut, evidence dropped last if still too long. */
    static String indicatorsJson(List<Indicator> list) {
        List<Indicator> cut = new ArrayList<>(list.size());
        for (Indicator i : list) {
            String v = i.value() == null || i.value().length() <= MAX_VALUE_CHARS ? i.value()
                    : i.value().substring(0, MAX_VALUE_CHARS) + "…";
            cut.add(new Indicator(i.feature(), v, i.score(), i.contribution(), i.share(), i.reason(), i.evidence()));
        }
        try {
            String s = JSON.writeValueAsString(cut);
            if (s.length() <= MAX_INDICATORS_CHARS) return s;
            List<Indicator> small = cut.stream().map(i -> new Indicator(i.feature(), i.value(), i.score(), i.contribution(),
                    i.share(), i.reason(), i.evidence().subList(0, Math.min(1, i.evidence().size())))).toList();
            s = JSON.writeValueAsString(small);
            return s.length() <= MAX_INDICATORS_CHARS ? s : "[]";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write indicators", e);
        }
    }

    private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
        if (Double.isNaN(v)) p.setNull(i, Types.DOUBLE);
        else p.setDouble(i, v);
    }

    /** Sort orders of {@link #list}. */
    public enum Sort {
        SCORE_DESC("score DESC, crossed_at DESC, id"), SCORE_ASC("score ASC, crossed_at ASC, id"),
        TIME_DESC("crossed_at DESC, id"), TIME_ASC("crossed_at ASC, id");

        final String sql;

        Sort(String sql) {
            this.sql = sql;
        }

        /** Parses {@code score}, {@code -score}, {@code time}, {@code -time} ('-': descending). */
        public static Sort parse(String s) {
            return switch (s == null ? "-score" : s.trim()) {
                case "-score" -> SCORE_DESC;
                case "score" -> SCORE_ASC;
                case "-time" -> TIME_DESC;
                case "time" -> TIME_ASC;
                default -> throw new IllegalArgumentException("sort must be one of -score, score, -time, time, was '" + s + "'");
            };
        }
    }

    /**
     * Filters of {@link #list}; null means any.
     *
     * @param status      triage status
     * @param minSeverity alerts of this severity or higher
     * @param entity      one entity
     * @param source      alerts with an event of this data source
     * @param from        crossed at or after
     * @param to          crossed before
     */
    public record Query(String status, Severity minSeverity, String entity, String source, Instant from, Instant to,
                        Sort sort, int offset, int limit) {
    }

    /** Alerts matching {@code q}, in its order, {@code limit} from {@code offset}; and the total matching. */
    public record Page(List<StoredAlert> items, long total) {
    }

    public Page list(Query q) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.status() != null) {
            where.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.minSeverity() != null) {
            List<String> names = new ArrayList<>();
            for (Severity s : Severity.values()) if (s.compareTo(q.minSeverity()) >= 0) names.add("'" + s.wireName() + "'");
            where.append(" AND severity IN (").append(String.join(", ", names)).append(")");
        }
        if (q.entity() != null) {
            where.append(" AND entity = ?");
            args.add(q.entity());
        }
        if (q.source() != null) {
            where.append(" AND sources LIKE ?");
            args.add("%," + q.source().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ",%");
        }
        if (q.from() != null) {
            where.append(" AND crossed_at >= ?");
            args.add(ts(q.from()));
        }
        if (q.to() != null) {
            where.append(" AND crossed_at < ?");
            args.add(ts(q.to()));
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM alerts" + where)) {
                bind(p, args);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<StoredAlert> items = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts" + where + " ORDER BY "
                    + q.sort().sql + " LIMIT ? OFFSET ?")) {
                bind(p, args);
                p.setInt(args.size() + 1, q.limit());
                p.setLong(args.size() + 2, q.offset());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) items.add(read(rs));
                }
            }
            return new Page(items, total);
        }
    }

    /** Every alert matching {@code q} (offset and limit ignored), streamed in its order. */
    public void forEach(Query q, Consumer<StoredAlert> out) throws SQLException {
        int pageSize = 1000;
        for (int offset = 0; ; offset += pageSize) {
            Page page = list(new Query(q.status(), q.minSeverity(), q.entity(), q.source(), q.from(), q.to(), q.sort(), offset, pageSize));
            page.items().forEach(out);
            if (page.items().size() < pageSize) return;
        }
    }

    /** Sets the triage fields (the pipeline never touches them); false when there is no such alert. */
    public boolean triage(String id, String status, String assignee, String comment, String feedback) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(
                     "UPDATE alerts SET status = ?, assignee = ?, triage_comment = ?, feedback = ? WHERE id = ?")) {
            p.setString(1, status);
            p.setString(2, assignee);
            p.setString(3, comment);
            p.setString(4, feedback);
            p.setString(5, id);
            return p.executeUpdate() == 1;
        }
    }

    public Optional<StoredAlert> find(String id) throws SQLException {
        return Sql.one(dataSource, "SELECT " + COLUMNS + " FROM alerts WHERE id = ?", id, AlertStore::read);
    }

    /**
     * Entity risk score (engine.md §3.6): 20/15/10/5 points per critical/high/medium/low alert that
     * crossed in {@code (at − 90 days, at]}, alerts with feedback {@code not_a_risk} excluded.
     */
    public int risk(String entity, Instant at) throws SQLException {
        int points = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT severity, COUNT(*) FROM alerts WHERE entity = ? AND crossed_at > ? "
                     + "AND crossed_at <= ? AND (feedback IS NULL OR feedback <> 'not_a_risk') GROUP BY severity")) {
            p.setString(1, entity);
            p.setObject(2, ts(at.minus(java.time.Duration.ofDays(90))));
            p.setObject(3, ts(at));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) points += Severity.parse(rs.getString(1)).points() * rs.getInt(2);
            }
        }
        return points;
    }

    private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
    }

    private static StoredAlert read(ResultSet rs) throws SQLException {
        List<Indicator> indicators;
        try {
            indicators = JSON.readValue(rs.getString("indicators"), INDICATORS);
        } catch (JsonProcessingException e) {
            throw new SQLException("alert " + rs.getString("id") + ": unreadable indicators", e);
        }
        String sources = rs.getString("sources");
        List<String> src = new ArrayList<>();
        for (String s : sources.split(",")) if (!s.isEmpty()) src.add(s);
        return new StoredAlert(rs.getString("id"), rs.getString("entity"), rs.getString("window_kind"), rs.getString("group_id"),
                instant(rs, "window_start"), instant(rs, "window_end"), rs.getString("first_event_id"),
                rs.getString("last_event_id"), rs.getInt("event_count"), src, rs.getDouble("smart_value"),
                rs.getDouble("score"), rs.getString("severity"), indicators, nullableDouble(rs, "user_percentile"),
                nullableDouble(rs, "org_percentile"), instant(rs, "crossed_at"), instant(rs, "updated_at"),
                rs.getLong("created_seq"), rs.getLong("updated_seq"), rs.getString("status"), rs.getString("assignee"),
                rs.getString("triage_comment"), rs.getString("feedback"));
    }

    private static Double nullableDouble(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }
}
