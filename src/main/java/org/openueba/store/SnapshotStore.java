package org.openueba.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Model snapshots in the database: the serialised state of the behaviour models together with the
 * journal position ({@code seq}) it covers, so a restart restores the snapshot and re-applies only
 * the stored events after it ({@link EventStore#forEachAfter}).
 *
 * <p>The content is opaque bytes produced by a {@link SnapshotWriter}. It is streamed into
 * {@code model_snapshot_parts} in parts of {@value #PART_BYTES} bytes as it is produced (one part is
 * buffered at a time), in one transaction with its {@code model_snapshots} row: a crash or a failing
 * writer leaves the previous snapshots as they were and no parts behind. After each save all but
 * the newest {@code ueba.snapshots.keep} snapshots (default 2) are deleted. A CRC32C of the whole
 * content is stored with it; {@link #open} verifies it (and the length) at the end of the stream, so
 * a corrupted snapshot fails loudly instead of being restored.
 *
 * <p>Saves are serialised within the process. Pure JDBC.
 */
@ApplicationScoped
public class SnapshotStore {
    private static final Logger LOG = Logger.getLogger(SnapshotStore.class);
    /** Largest part in bytes (1 MiB); every part but the last has exactly this size. */
    public static final int PART_BYTES = 1 << 20;

    private static final String COLUMNS = "id, seq, format_version, created_at, size_bytes, parts";

    private final AgroalDataSource dataSource;
    private final int keep;
    private final Object saveLock = new Object();

    /** The store with {@code ueba.snapshots.keep} from the configuration. */
    @Inject
    public SnapshotStore(AgroalDataSource dataSource, UebaConfig config) {
        this(dataSource, config.snapshots().keep());
    }

    /**
     * A store that keeps the newest {@code keep} snapshots.
     *
     * @throws IllegalArgumentException when {@code keep} is below 1
     */
    public SnapshotStore(AgroalDataSource dataSource, int keep) {
        if (dataSource == null) throw new IllegalArgumentException("dataSource is required");
        if (keep < 1) throw new IllegalArgumentException("ueba.snapshots.keep must be >= 1, was " + keep);
        this.dataSource = dataSource;
        this.keep = keep;
    }

    /** Produces the content of a snapshot. */
    @FunctionalInterface
    public interface SnapshotWriter {
        /**
         * Writes the whole content to {@code out}. The stream may be closed by the writer (closing
         * it only ends the content); throwing discards the snapshot being saved.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * One stored snapshot.
     *
     * @param id            increasing with each save
     * @param seq           the journal position the snapshot covers
     * @param formatVersion the content's format, as given to {@link #save}
     * @param sizeBytes     length of the content
     * @param parts         number of stored parts
     */
    public record SnapshotInfo(long id, long seq, int formatVersion, Instant createdAt, long sizeBytes, int parts) {
    }

    /** Number of newest snapshots kept after a save. */
    public int keep() {
        return keep;
    }

    /**
     * Saves a snapshot: streams what {@code writer} produces into parts of at most
     * {@value #PART_BYTES} bytes, all in one transaction, then deletes all but the newest
     * {@link #keep()} snapshots. When the writer throws (or storing fails), nothing of this snapshot
     * remains and the exception is rethrown.
     *
     * @param seq           the journal position the content covers, at least 0
     * @param formatVersion the content's format (restores check it), at least 0
     * @return the new snapshot's id, higher than every earlier id
     * @throws IllegalArgumentException when an argument is negative or the writer is missing
     * @throws IOException              what the writer threw
     * @throws SQLException             when the database fails; the snapshot is not stored
     */
    public long save(long seq, int formatVersion, SnapshotWriter writer) throws IOException, SQLException {
        if (seq < 0) throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        if (formatVersion < 0) throw new IllegalArgumentException("formatVersion must be >= 0, was " + formatVersion);
        if (writer == null) throw new IllegalArgumentException("writer is required");
        long id;
        synchronized (saveLock) {
            id = saveInOneTransaction(seq, formatVersion, writer);
            try {
                prune();
            } catch (SQLException e) {
                // the new snapshot is committed; the next save prunes again
                LOG.warn("snapshots: could not delete old snapshots after saving snapshot " + id, e);
            }
        }
        return id;
    }

    private long saveInOneTransaction(long seq, int formatVersion, SnapshotWriter writer) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // the pool restores auto-commit when the connection is returned
            try {
                long id;
                // the row comes first (the parts reference it); its totals are set once the content is written
                try (PreparedStatement p = c.prepareStatement("INSERT INTO model_snapshots (seq, format_version,"
                        + " created_at, size_bytes, parts, crc) VALUES (?, ?, ?, 0, 0, 0)", new String[]{"id"})) {
                    p.setLong(1, seq);
                    p.setInt(2, formatVersion);
                    p.setObject(3, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                    p.executeUpdate();
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        if (!keys.next()) throw new SQLException("the database returned no id for the new snapshot");
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO model_snapshot_parts (snapshot_id, part, data) VALUES (?, ?, ?)")) {
                    PartOutputStream out = new PartOutputStream(insert, id);
                    try {
                        writer.writeTo(out);
                        out.finish();
                    } catch (PartWriteException e) {
                        throw e.sqlCause(); // a failed part insert, possibly passed through the writer
                    }
                    try (PreparedStatement p = c.prepareStatement("UPDATE model_snapshots SET created_at = ?,"
                            + " size_bytes = ?, parts = ?, crc = ? WHERE id = ?")) {
                        p.setObject(1, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                        p.setLong(2, out.size);
                        p.setInt(3, out.parts);
                        p.setLong(4, out.crc.getValue());
                        p.setLong(5, id);
                        p.executeUpdate();
                    }
                }
                c.commit();
                return id;
            } catch (IOException | SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            }
        }
    }

    /** Deletes all but the newest {@link #keep()} snapshots, parts first, in one transaction. */
    private void prune() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Long> old = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM model_snapshots ORDER BY id DESC OFFSET ? ROWS")) {
                p.setInt(1, keep);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) old.add(rs.getLong(1));
                }
            }
            if (old.isEmpty()) return;
            c.setAutoCommit(false);
            try (PreparedStatement parts = c.prepareStatement("DELETE FROM model_snapshot_parts WHERE snapshot_id = ?");
                 PreparedStatement rows = c.prepareStatement("DELETE FROM model_snapshots WHERE id = ?")) {
                for (long id : old) {
                    parts.setLong(1, id);
                    parts.executeUpdate();
                    rows.setLong(1, id);
                    rows.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The newest snapshot (highest id), if any. */
    public Optional<SnapshotInfo> latest() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM model_snapshots ORDER BY id DESC LIMIT 1");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(info(rs)) : Optional.empty();
        }
    }

    /** Every stored snapshot, newest first. */
    public List<SnapshotInfo> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM model_snapshots ORDER BY id DESC");
             ResultSet rs = p.executeQuery()) {
            List<SnapshotInfo> out = new ArrayList<>();
            while (rs.next()) out.add(info(rs));
            return out;
        }
    }

    /**
     * Opens a snapshot's content for reading. Parts are fetched one at a time as the stream is read
     * (no connection is held between reads). At the end of the content the length and the CRC32C
     * are compared with the stored ones; on a mismatch, or when a part is missing (for example
     * because the snapshot was deleted meanwhile), reading throws an {@link IOException} instead of
     * ending normally, so a corrupted snapshot is never silently used.
     *
     * @throws IllegalArgumentException when {@code snapshot} is null
     * @throws IOException              when the snapshot no longer exists
     */
    public InputStream open(SnapshotInfo snapshot) throws IOException, SQLException {
        if (snapshot == null) throw new IllegalArgumentException("snapshot is required");
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT size_bytes, parts, crc FROM model_snapshots WHERE id = ?")) {
            p.setLong(1, snapshot.id());
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) throw new IOException("snapshot " + snapshot.id() + " does not exist (any more)");
                return new PartInputStream(snapshot.id(), rs.getLong(1), rs.getInt(2), rs.getLong(3));
            }
        }
    }

    private static SnapshotInfo info(ResultSet rs) throws SQLException {
        return new SnapshotInfo(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                rs.getLong(5), rs.getInt(6));
    }

    /** A failed part insert, carried through the writer's {@link OutputStream} calls. */
    private static final class PartWriteException extends IOException {
        PartWriteException(SQLException cause) {
            super("storing a snapshot part failed: " + cause.getMessage(), cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }

    /** Buffers one part and inserts it when full; the last part is inserted by {@link #finish()}. */
    private static final class PartOutputStream extends OutputStream {
        private final PreparedStatement insert;
        private final long snapshotId;
        private final byte[] buffer = new byte[PART_BYTES];
        private final CRC32C crc = new CRC32C();
        private int used;
        private int parts;
        private long size;
        private boolean closed;
        private PartWriteException failure;

        PartOutputStream(PreparedStatement insert, long snapshotId) {
            this.insert = insert;
            this.snapshotId = snapshotId;
        }

        @Override
        public void write(int b) throws IOException {
            check();
            if (used == PART_BYTES) insertPart();
            buffer[used++] = (byte) b;
            crc.update(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            check();
            crc.update(b, off, len);
            size += len;
            while (len > 0) {
                if (used == PART_BYTES) insertPart();
                int n = Math.min(len, PART_BYTES - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** Ends the content; later writes fail. Nothing is stored before {@link #finish()}. */
        @Override
        public void close() {
            closed = true;
        }

        /** Inserts the last part; rethrows an insert failure even when the writer swallowed it. */
        void finish() throws IOException {
            if (failure != null) throw failure;
            if (used > 0) insertPart();
            closed = true;
        }

        private void check() throws IOException {
            if (failure != null) throw failure;
            if (closed) throw new IOException("the snapshot stream is closed");
        }

        private void insertPart() throws IOException {
            try {
                insert.setLong(1, snapshotId);
                insert.setInt(2, parts);
                insert.setBytes(3, used == PART_BYTES ? buffer : Arrays.copyOf(buffer, used));
                insert.executeUpdate();
            } catch (SQLException e) {
                failure = new PartWriteException(e);
                throw failure;
            }
            parts++;
            used = 0;
        }
    }

    /** Reads the parts one by one, checking length and CRC32C at the end. */
    private final class PartInputStream extends InputStream {
        private final long snapshotId;
        private final long expectedSize;
        private final int partCount;
        private final long expectedCrc;
        private final CRC32C crc = new CRC32C();
        private byte[] current = new byte[0];
        private int pos;
        private int nextPart;
        private long read;
        private boolean verified;
        private IOException failure;
        private boolean closed;

        PartInputStream(long snapshotId, long expectedSize, int partCount, long expectedCrc) {
            this.snapshotId = snapshotId;
            this.expectedSize = expectedSize;
            this.partCount = partCount;
            this.expectedCrc = expectedCrc;
        }

        @Override
        public int read() throws IOException {
            if (!ensureData()) return -1;
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                if (closed) throw new IOException("the snapshot stream is closed");
                return 0;
            }
            if (!ensureData()) return -1;
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return closed ? 0 : current.length - pos;
        }

        @Override
        public void close() {
            closed = true;
            current = new byte[0];
            pos = 0;
        }

        /** True when a byte is buffered; false at the verified end of the content. */
        private boolean ensureData() throws IOException {
            if (closed) throw new IOException("the snapshot stream is closed");
            if (failure != null) throw failure;
            while (pos == current.length) {
                if (!nextPartOrVerify()) return false;
            }
            return true;
        }

        /** Loads the next part (true), or verifies the whole content at its end (false). */
        private boolean nextPartOrVerify() throws IOException {
            if (nextPart == partCount) {
                if (!verified) {
                    if (read != expectedSize) {
                        fail("its content has " + read + " bytes, " + expectedSize + " were stored");
                    }
                    if (crc.getValue() != expectedCrc) {
                        fail(String.format("the CRC32C of its content is %08x, %08x was stored", crc.getValue(), expectedCrc));
                    }
                    verified = true;
                }
                return false;
            }
            byte[] data;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement p = c.prepareStatement(
                         "SELECT data FROM model_snapshot_parts WHERE snapshot_id = ? AND part = ?")) {
                p.setLong(1, snapshotId);
                p.setInt(2, nextPart);
                try (ResultSet rs = p.executeQuery()) {
                    data = rs.next() ? rs.getBytes(1) : null;
                }
            } catch (SQLException e) {
                failure = new IOException("reading part " + nextPart + " of snapshot " + snapshotId + " failed: "
                        + e.getMessage(), e);
                throw failure;
            }
            if (data == null) fail("part " + nextPart + " of " + partCount + " is missing");
            read += data.length;
            if (read > expectedSize) fail("its content is longer than the " + expectedSize + " bytes stored");
            crc.update(data, 0, data.length);
            current = data;
            pos = 0;
            nextPart++;
            return true;
        }

        private void fail(String reason) throws IOException {
            failure = new IOException("snapshot " + snapshotId + " is corrupt: " + reason);
            throw failure;
        }
    }
}
