package org.openueba.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The queryable side of event storage: rows indexed from the {@link EventJournal} with plain JDBC
 * batches (the bulk path bypasses Hibernate), and the reads behind the event API. Writes are
 * idempotent on the event id ({@code INSERT … ON CONFLICT DO NOTHING}, portable between PostgreSQL
 * and H2 in PostgreSQL mode) and commit the journal position they cover in the same transaction.
 */
@ApplicationScoped
public class EventStore {
    static final String INSERT = "INSERT INTO events (id, source, entity, event_time, kind, action, outcome, src_host,"
            + " dst_host, src_ip, dst_ip, country, city, lat, lon, asn, as_org, device, user_agent, bytes, attributes,"
            + " metrics, ingested_at, seq, score, features) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT DO NOTHING";
    static final String COLUMNS = "id, seq, source, entity, event_time, kind, action, outcome, src_host, dst_host,"
            + " src_ip, dst_ip, country, city, lat, lon, asn, as_org, device, user_agent, bytes, attributes, metrics,"
            + " ingested_at, score, features";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> NUMBER_MAP = new TypeReference<>() {
    };

    /** Longest accepted features JSON, in characters (the column's size). */
    public static final int MAX_FEATURES_CHARS = 20_000;
    /** Events read per query by {@link #forEachAfter}. */
    static final int REPLAY_CHUNK = 10_000;

    private final AgroalDataSource dataSource;

    public EventStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens a writer for one indexing chunk. Nothing is visible to readers before
     * {@link Writer#commit(long)} returns.
     */
    public Writer openWriter(int batchSize) throws SQLException {
        return new Writer(dataSource.getConnection(), batchSize);
    }

    /** The highest journal sequence number whose events are in the events table. */
    public long indexedSeq() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexed_seq FROM journal_state WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Refreshes the planner statistics of the events table ({@code ANALYZE}). Without them a
     * freshly loaded table looks empty to PostgreSQL (when autovacuum is off or has not run yet),
     * and the duplicate check's prepared statement degenerates into sequential scans.
     */
    public void analyze() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
            s.execute(postgres ? "ANALYZE events" : "ANALYZE TABLE events");
        }
    }

    /**
     * Makes every committed transaction durable. The journal calls it before deleting segments, whose
     * events then exist only in the database: H2 (MVStore) keeps recent commits in memory and writes
     * them to its file in the background, up to about a second later, so a killed process loses them;
     * {@code CHECKPOINT SYNC} writes and forces them now (it needs the database's admin, the user that
     * created it). A PostgreSQL commit is durable when it returns (with the default
     * {@code synchronous_commit = on}): nothing to do.
     */
    public void makeDurable() throws SQLException {
        Boolean lazy = lazyCommits;
        if (lazy != null && !lazy) return; // PostgreSQL: no connection needed for nothing to do
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (lazy == null) lazyCommits = lazy = "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
            if (lazy) s.execute("CHECKPOINT SYNC");
        }
    }

    /** Whether the database writes commits lazily (H2), learnt at the first {@link #makeDurable}. */
    private volatile Boolean lazyCommits;

    /** Those of {@code ids} that are stored. */
    public java.util.Set<String> existingIds(List<String> ids) throws SQLException {
        java.util.Set<String> found = new java.util.HashSet<>();
        if (ids.isEmpty()) return found;
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < ids.size(); from += 500) {
                int n = Math.min(500, ids.size() - from);
                StringBuilder sql = new StringBuilder("SELECT id FROM events WHERE id IN (?");
                for (int i = 1; i < n; i++) sql.append(",?");
                sql.append(')');
                try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < n; i++) p.setString(i + 1, ids.get(from + i));
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** Number of stored events. */
    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The newest stored event time, if any event is stored. */
    public Optional<Instant> newestEventTime() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(event_time) FROM events")) {
            rs.next();
            OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
            return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
        }
    }

    /** What {@link #deleteBefore} did: rows deleted, in how many transactions. */
    public record Deleted(long rows, int transactions) {
    }

    /**
     * Deletes every event with an event time before {@code cutoff}, oldest first, in transactions of
     * at most {@code batch} rows, until a transaction finds fewer: a large backlog never becomes one
     * huge transaction (which H2 holds in memory, and which stalls the indexer's writes), and the
     * indexer's transactions interleave with the batches. A failure keeps the batches committed
     * before it. Events with a time before the cutoff that are indexed while this runs may be deleted
     * too (or wait for the next run).
     *
     * <p>Each transaction reads the ids of the oldest {@code batch} due events (on the event-time
     * index) and deletes them by primary key in one JDBC batch: portable SQL, and fast on both
     * databases. The one-statement form {@code DELETE … WHERE id IN (SELECT id … ORDER BY event_time
     * LIMIT n)} is not: H2 2.x took about 15 s per batch of 5,000 (this form: under 0.1 s; 200,000 of
     * 300,000 rows in 2.4 s, against 1.3 s in a single statement; PostgreSQL 15: 0.9 s).
     *
     * @throws IllegalArgumentException when {@code batch} is below 1 or the cutoff is missing
     */
    public Deleted deleteBefore(Instant cutoff, int batch) throws SQLException {
        if (cutoff == null) throw new IllegalArgumentException("cutoff is required");
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        long rows = 0;
        int transactions = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement due = c.prepareStatement(
                    "SELECT id FROM events WHERE event_time < ? ORDER BY event_time LIMIT ?");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE id = ?")) {
                due.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                due.setInt(2, batch);
                int found;
                do {
                    found = 0;
                    try (ResultSet rs = due.executeQuery()) {
                        while (rs.next()) {
                            delete.setString(1, rs.getString(1));
                            delete.addBatch();
                            found++;
                        }
                    }
                    if (found > 0) {
                        for (int n : delete.executeBatch()) rows += n == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, n);
                    }
                    c.commit();
                    transactions++;
                } while (found >= batch);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Deleted(rows, transactions);
    }

    /** Event counts of one entity per source, with first and last event time. */
    public List<EntityActivity> activity(String entity) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT source, COUNT(*), MIN(event_time), MAX(event_time)"
                     + " FROM events WHERE entity = ? GROUP BY source ORDER BY source")) {
            p.setString(1, entity);
            List<EntityActivity> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new EntityActivity(rs.getString(1), rs.getLong(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        }
    }

    /** Stored events per source with their time span, for the overview. */
    public List<EntityActivity> sources() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source, COUNT(*), MIN(event_time), MAX(event_time) FROM events"
                     + " GROUP BY source ORDER BY source")) {
            List<EntityActivity> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new EntityActivity(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
            }
            return out;
        }
    }

    /** The most active entities: events, first and last event time (the source field is null). */
    public List<EntityCount> busiestEntities(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT entity, COUNT(*) AS n, MIN(event_time), MAX(event_time)"
                     + " FROM events GROUP BY entity ORDER BY n DESC, entity LIMIT ?")) {
            p.setInt(1, limit);
            List<EntityCount> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new EntityCount(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        }
    }

    /** Number of events of one entity. */
    public record EntityCount(String entity, long events, Instant firstSeen, Instant lastSeen) {
    }

    /** How much one entity did in one source. */
    public record EntityActivity(String source, long events, Instant firstSeen, Instant lastSeen) {
    }

    /** Finds one event by its stored id. */
    public Optional<StoredEvent> find(String id) throws SQLException {
        return Sql.one(dataSource, "SELECT " + COLUMNS + " FROM events WHERE id = ?", id, EventStore::read);
    }

    /**
     * Events matching the query in (event time, id) order, at most {@code q.limit()} of them,
     * starting after the query's cursor position.
     */
    public List<StoredEvent> query(EventQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM events WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.entity() != null) {
            sql.append(" AND entity = ?");
            args.add(q.entity());
        }
        if (q.source() != null) {
            sql.append(" AND source = ?");
            args.add(q.source());
        }
        if (q.from() != null) {
            sql.append(" AND event_time >= ?");
            args.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND event_time < ?");
            args.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        }
        if (q.afterTime() != null) {
            OffsetDateTime t = OffsetDateTime.ofInstant(q.afterTime(), ZoneOffset.UTC);
            String cmp = q.newestFirst() ? "<" : ">";
            sql.append(" AND (event_time ").append(cmp).append(" ? OR (event_time = ? AND id ").append(cmp).append(" ?))");
            args.add(t);
            args.add(t);
            args.add(q.afterId());
        }
        sql.append(q.newestFirst() ? " ORDER BY event_time DESC, id DESC LIMIT ?" : " ORDER BY event_time, id LIMIT ?");
        args.add(q.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        }
    }

    /**
     * Streams the stored events with {@code afterSeq < seq <= upToSeq} to {@code consumer} in
     * ascending seq order: what a model restored from a snapshot covering {@code afterSeq}
     * re-applies. Events are read in keyset pages of 10,000 on the seq index, each on
     * a short-lived connection, so memory stays bounded by one page and no connection is held while
     * the consumer works. Events indexed into the range while streaming may or may not be seen.
     *
     * <p>The journal gives each event its own seq. Should rows ever share one, all of them are
     * delivered (in no particular order among themselves), also across page boundaries.
     *
     * @param afterSeq exclusive lower bound, at least 0 (0: from the first event)
     * @param upToSeq  inclusive upper bound; nothing is streamed when it is not above {@code afterSeq}
     * @return the number of events streamed
     * @throws IllegalArgumentException when {@code afterSeq} is negative or the consumer is missing
     */
    public long forEachAfter(long afterSeq, long upToSeq, Consumer<StoredEvent> consumer) throws SQLException {
        return forEachAfter(afterSeq, upToSeq, REPLAY_CHUNK, consumer);
    }

    /** {@link #forEachAfter(long, long, Consumer)} with a chosen page size (for tests). */
    long forEachAfter(long afterSeq, long upToSeq, int chunk, Consumer<StoredEvent> consumer) throws SQLException {
        if (afterSeq < 0) throw new IllegalArgumentException("afterSeq must be >= 0, was " + afterSeq);
        if (chunk < 2) throw new IllegalArgumentException("chunk must be >= 2, was " + chunk);
        if (consumer == null) throw new IllegalArgumentException("consumer is required");
        long streamed = 0;
        long after = afterSeq;
        while (after < upToSeq) {
            List<StoredEvent> page = new ArrayList<>(Math.min(chunk, 1024));
            boolean full;
            long last = after;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                         + " FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, after);
                p.setLong(2, upToSeq);
                p.setInt(3, chunk);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) page.add(read(rs));
                }
                full = page.size() == chunk;
                if (full) {
                    // the page may have cut rows sharing its last seq: drop them and re-read that seq whole
                    last = page.get(page.size() - 1).seq();
                    while (!page.isEmpty() && page.get(page.size() - 1).seq() == last) page.remove(page.size() - 1);
                    try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM events WHERE seq = ?")) {
                        q.setLong(1, last);
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) page.add(read(rs));
                        }
                    }
                }
            }
            for (StoredEvent e : page) consumer.accept(e);
            streamed += page.size();
            if (!full) break;
            after = last;
        }
        return streamed;
    }

    private static StoredEvent read(ResultSet rs) throws SQLException {
        Event.Builder b = Event.builder();
        b.replaceText(org.openueba.event.Field.ID, rs.getString("id"));
        long seq = rs.getLong("seq");
        b.source(rs.getString("source"));
        b.replaceText(org.openueba.event.Field.ENTITY, rs.getString("entity"));
        b.time(rs.getObject("event_time", OffsetDateTime.class).toInstant());
        b.kind(EventKind.valueOf(rs.getString("kind")));
        b.replaceText(org.openueba.event.Field.ACTION, rs.getString("action"));
        String outcome = rs.getString("outcome");
        b.outcome(outcome == null ? null : Outcome.valueOf(outcome));
        b.replaceText(org.openueba.event.Field.SRC_HOST, rs.getString("src_host"));
        b.replaceText(org.openueba.event.Field.DST_HOST, rs.getString("dst_host"));
        b.replaceText(org.openueba.event.Field.SRC_IP, rs.getString("src_ip"));
        b.replaceText(org.openueba.event.Field.DST_IP, rs.getString("dst_ip"));
        b.replaceText(org.openueba.event.Field.COUNTRY, rs.getString("country"));
        b.replaceText(org.openueba.event.Field.CITY, rs.getString("city"));
        double lat = rs.getDouble("lat");
        boolean hasLat = !rs.wasNull();
        double lon = rs.getDouble("lon");
        if (hasLat && !rs.wasNull()) b.coordinates(lat, lon);
        long asn = rs.getLong("asn");
        if (!rs.wasNull()) b.asn(asn);
        b.replaceText(org.openueba.event.Field.AS_ORG, rs.getString("as_org"));
        b.replaceText(org.openueba.event.Field.DEVICE, rs.getString("device"));
        b.replaceText(org.openueba.event.Field.USER_AGENT, rs.getString("user_agent"));
        long bytes = rs.getLong("bytes");
        if (!rs.wasNull()) b.bytes(bytes);
        try {
            String attrs = rs.getString("attributes");
            if (attrs != null) JSON.readValue(attrs, TEXT_MAP).forEach(b::attribute);
            String metrics = rs.getString("metrics");
            if (metrics != null) JSON.readValue(metrics, NUMBER_MAP).forEach(b::metric);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored attributes of event " + rs.getString("id") + " are not JSON", e);
        }
        Instant ingested = rs.getObject("ingested_at", OffsetDateTime.class).toInstant();
        int score = rs.getInt("score");
        Integer scoreOrNull = rs.wasNull() ? null : score;
        return new StoredEvent(b.build(), seq, ingested, scoreOrNull, rs.getString("features"));
    }

    /**
     * Writes one batch of events on its own connection and transaction. Not thread-safe.
     */
    public static final class Writer implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement insert;
        private final int batchSize;
        private int pending;
        private boolean committed;

        Writer(Connection connection, int batchSize) throws SQLException {
            this.connection = connection;
            this.batchSize = batchSize;
            try {
                connection.setAutoCommit(false);
                this.insert = connection.prepareStatement(INSERT);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        /** Queues one event with its journal sequence number; sends a JDBC batch when {@code batchSize} are queued. */
        public void add(Event e, long seq, Instant ingestedAt) throws SQLException {
            add(e, seq, ingestedAt, null, null);
        }

        /**
         * Queues one event with its journal sequence number and its model scores; sends a JDBC batch
         * when {@code batchSize} are queued.
         *
         * @param score        the event's combined anomaly score 0..100, or null when not scored
         * @param featuresJson every feature score of the event as a JSON array (stored and returned
         *                     verbatim, at most {@link EventStore#MAX_FEATURES_CHARS} characters), or null
         * @throws IllegalArgumentException when the score is out of range or the features are not a
         *                                  JSON array of acceptable length
         */
        public void add(Event e, long seq, Instant ingestedAt, Integer score, String featuresJson) throws SQLException {
            if (e == null) throw new IllegalArgumentException("event is required");
            if (ingestedAt == null) throw new IllegalArgumentException("ingestedAt is required");
            if (score != null && (score < 0 || score > 100)) {
                throw new IllegalArgumentException("score must be 0..100, was " + score + " (event " + e.id() + ")");
            }
            if (featuresJson != null) checkFeatures(featuresJson, e.id());
            PreparedStatement p = insert;
            p.setString(1, e.id());
            p.setString(2, e.source());
            p.setString(3, e.entity());
            p.setObject(4, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
            p.setString(5, e.kind().name());
            p.setString(6, e.action());
            p.setString(7, e.outcome() == null ? null : e.outcome().name());
            p.setString(8, e.srcHost());
            p.setString(9, e.dstHost());
            p.setString(10, e.srcIp());
            p.setString(11, e.dstIp());
            p.setString(12, e.country());
            p.setString(13, e.city());
            setDouble(p, 14, e.lat());
            setDouble(p, 15, e.lon());
            setLong(p, 16, e.asn());
            p.setString(17, e.asOrg());
            p.setString(18, e.device());
            p.setString(19, e.userAgent());
            setLong(p, 20, e.bytes());
            p.setString(21, e.attributes().isEmpty() ? null : json(e.attributes()));
            p.setString(22, e.metrics().isEmpty() ? null : json(e.metrics()));
            p.setObject(23, OffsetDateTime.ofInstant(ingestedAt, ZoneOffset.UTC));
            p.setLong(24, seq);
            if (score == null) p.setNull(25, Types.SMALLINT);
            else p.setShort(25, score.shortValue());
            p.setString(26, featuresJson);
            p.addBatch();
            if (++pending >= batchSize) flush();
        }

        /** Sends queued events to the database (still uncommitted). */
        public void flush() throws SQLException {
            if (pending == 0) return;
            insert.executeBatch(); // rows already stored are skipped by ON CONFLICT (duplicates never reach here)
            pending = 0;
        }

        /** Flushes, records {@code indexedSeq} as the journal position covered, and commits. */
        /** The writer's connection, in its open transaction (for rows that must commit with the events). */
        public Connection connection() throws SQLException {
            flush();
            return connection;
        }

        public void commit(long indexedSeq) throws SQLException {
            flush();
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE journal_state SET indexed_seq = ? WHERE id = 1 AND indexed_seq < ?")) {
                p.setLong(1, indexedSeq);
                p.setLong(2, indexedSeq);
                p.executeUpdate();
            }
            connection.commit();
            committed = true;
        }


        @Override
        public void close() throws SQLException {
            try {
                if (!committed) connection.rollback();
            } finally {
                try {
                    insert.close();
                } finally {
                    connection.close();
                }
            }
        }

        /**
         * A cheap shape check (the column is embedded as raw JSON in API answers): a JSON array that
         * fits the column. The content itself is not parsed on this hot path.
         */
        private static void checkFeatures(String json, String eventId) {
            if (json.length() > MAX_FEATURES_CHARS) {
                throw new IllegalArgumentException("features of event " + eventId + " have " + json.length()
                        + " characters, more than " + MAX_FEATURES_CHARS);
            }
            int first = 0, last = json.length() - 1;
            while (first <= last && Character.isWhitespace(json.charAt(first))) first++;
            while (last >= first && Character.isWhitespace(json.charAt(last))) last--;
            if (first >= last || json.charAt(first) != '[' || json.charAt(last) != ']') {
                throw new IllegalArgumentException("features of event " + eventId + " must be a JSON array");
            }
        }

        private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
            if (v == null) p.setNull(i, Types.DOUBLE);
            else p.setDouble(i, v);
        }

        private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
            if (v == null) p.setNull(i, Types.BIGINT);
            else p.setLong(i, v);
        }

        private static String json(Object o) throws SQLException {
            try {
                return JSON.writeValueAsString(o);
            } catch (JsonProcessingException ex) {
                throw new SQLException("cannot serialise attributes", ex);
            }
        }
    }
}
