package org.openueba.store;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openueba.store.SnapshotStore.SnapshotInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model snapshots: multi-part round trip, pruning, atomic saves and corruption detection. */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class SnapshotStoreTest {
    private static final int MIB = 1 << 20;

    @Inject
    SnapshotStore snapshots;
    @Inject
    AgroalDataSource dataSource;

    /** 2.5 MiB of seeded random bytes: two full parts and a half one. */
    static byte[] content() {
        byte[] b = new byte[MIB * 5 / 2];
        new Random(42).nextBytes(b);
        return b;
    }

    /** Writes in uneven pieces and single bytes, across part boundaries. */
    static void writeUnevenly(byte[] content, OutputStream out) throws IOException {
        int pos = 0, step = 1;
        while (pos < content.length) {
            if (step % 5 == 0) {
                out.write(content[pos++]);
            } else {
                int n = Math.min(content.length - pos, 1 + (step * 77_777) % 400_000);
                out.write(content, pos, n);
                pos += n;
            }
            step++;
        }
    }

    static byte[] readAll(SnapshotStore store, SnapshotInfo info) throws Exception {
        try (InputStream in = store.open(info)) {
            return in.readAllBytes();
        }
    }

    @Test
    void savesAMultiPartSnapshotAndStreamsItBack() throws Exception {
        byte[] content = content();
        long id = snapshots.save(123_456, 3, out -> writeUnevenly(content, out));
        SnapshotInfo latest = snapshots.latest().orElseThrow();
        assertEquals(id, latest.id());
        assertEquals(123_456, latest.seq());
        assertEquals(3, latest.formatVersion());
        assertEquals(content.length, latest.sizeBytes());
        assertEquals(3, latest.parts());
        assertEquals(List.of(MIB, MIB, MIB / 2), partSizes(id));
        assertArrayEquals(content, readAll(snapshots, latest));
        // byte-by-byte reading sees the same content and ends normally
        try (InputStream in = snapshots.open(latest)) {
            for (int i = 0; i < 10; i++) assertEquals(content[i] & 0xff, in.read());
            byte[] rest = in.readAllBytes();
            assertArrayEquals(Arrays.copyOfRange(content, 10, content.length), rest);
            assertEquals(-1, in.read());
        }
        // exactly one part, and an empty snapshot
        long exact = snapshots.save(7, 1, out -> out.write(Arrays.copyOf(content, MIB)));
        assertEquals(List.of(MIB), partSizes(exact));
        assertArrayEquals(Arrays.copyOf(content, MIB), readAll(snapshots, snapshots.latest().orElseThrow()));
        long empty = snapshots.save(8, 1, out -> { });
        SnapshotInfo e = snapshots.latest().orElseThrow();
        assertEquals(empty, e.id());
        assertEquals(0, e.parts());
        assertEquals(0, e.sizeBytes());
        assertEquals(0, readAll(snapshots, e).length);
    }

    @Test
    void aWriterMayWrapAndCloseTheStream() throws Exception {
        byte[] content = content();
        snapshots.save(42, 1, out -> {
            try (OutputStream gz = new GZIPOutputStream(out)) { // closing it closes ours: that only ends the content
                gz.write(content);
            }
        });
        SnapshotInfo info = snapshots.latest().orElseThrow();
        try (InputStream in = new GZIPInputStream(snapshots.open(info))) {
            assertArrayEquals(content, in.readAllBytes());
        }
        // writing after closing is an error of the writer and discards the snapshot
        assertThrows(IOException.class, () -> snapshots.save(43, 1, out -> {
            out.close();
            out.write(1);
        }));
        assertEquals(info.id(), snapshots.latest().orElseThrow().id());
    }

    @Test
    void keepsOnlyTheNewestTwoSnapshots() throws Exception {
        assertEquals(2, snapshots.keep());
        long a = snapshots.save(10, 1, out -> out.write(new byte[MIB + 1]));
        long b = snapshots.save(20, 1, out -> out.write(new byte[]{1, 2, 3}));
        long c = snapshots.save(30, 1, out -> out.write(new byte[]{4, 5}));
        assertTrue(a < b && b < c, "ids increase");
        List<SnapshotInfo> list = snapshots.list();
        assertEquals(List.of(c, b), list.stream().map(SnapshotInfo::id).toList());
        assertEquals(List.of(30L, 20L), list.stream().map(SnapshotInfo::seq).toList());
        assertEquals(0, count("SELECT COUNT(*) FROM model_snapshot_parts WHERE snapshot_id = " + a));
        assertEquals(0, orphanParts());
        assertArrayEquals(new byte[]{1, 2, 3}, readAll(snapshots, list.get(1)));
        // another store over the same tables keeping one
        SnapshotStore one = new SnapshotStore(dataSource, 1);
        long d = one.save(40, 1, out -> out.write(9));
        assertEquals(List.of(d), snapshots.list().stream().map(SnapshotInfo::id).toList());
        assertThrows(IllegalArgumentException.class, () -> new SnapshotStore(dataSource, 0));
    }

    @Test
    void aFailingWriterLeavesThePreviousSnapshotAndNoParts() throws Exception {
        byte[] content = content();
        long good = snapshots.save(500, 2, out -> out.write(content));
        long rows = count("SELECT COUNT(*) FROM model_snapshots");
        long parts = count("SELECT COUNT(*) FROM model_snapshot_parts");

        // fails after two parts were already inserted
        IOException failed = assertThrows(IOException.class, () -> snapshots.save(600, 2, out -> {
            out.write(content);
            throw new IOException("model serialisation failed");
        }));
        assertEquals("model serialisation failed", failed.getMessage());
        assertThrows(IllegalStateException.class, () -> snapshots.save(601, 2, out -> {
            out.write(content, 0, MIB + 5);
            throw new IllegalStateException("bug in the writer");
        }));

        SnapshotInfo latest = snapshots.latest().orElseThrow();
        assertEquals(good, latest.id());
        assertEquals(500, latest.seq());
        assertEquals(rows, count("SELECT COUNT(*) FROM model_snapshots"));
        assertEquals(parts, count("SELECT COUNT(*) FROM model_snapshot_parts"));
        assertEquals(0, orphanParts());
        assertArrayEquals(content, readAll(snapshots, latest));
        // the next save works and gets a higher id
        assertTrue(snapshots.save(700, 2, out -> out.write(1)) > good);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> snapshots.save(-1, 1, out -> { }));
        assertThrows(IllegalArgumentException.class, () -> snapshots.save(1, -1, out -> { }));
        assertThrows(IllegalArgumentException.class, () -> snapshots.save(1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> snapshots.open(null));
    }

    @Test
    void detectsACorruptedPartAtTheEndOfTheStream() throws Exception {
        byte[] content = content();
        long id = snapshots.save(900, 1, out -> out.write(content));
        SnapshotInfo info = snapshots.latest().orElseThrow();
        assertEquals(id, info.id());

        // one flipped bit in the middle part, same length
        byte[] part = readPart(id, 1);
        part[12_345] ^= 0x10;
        writePart(id, 1, part);
        try (InputStream in = snapshots.open(info)) {
            byte[] firstPart = in.readNBytes(MIB); // served before the damage is detectable
            assertArrayEquals(Arrays.copyOf(content, MIB), firstPart);
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("CRC32C"), e.getMessage());
            assertThrows(IOException.class, in::read); // and stays failed
        }

        // a truncated last part
        part[12_345] ^= 0x10;
        writePart(id, 1, part);
        assertArrayEquals(content, readAll(snapshots, info));
        writePart(id, 2, Arrays.copyOf(readPart(id, 2), 1000));
        IOException shorter = assertThrows(IOException.class, () -> readAll(snapshots, info));
        assertTrue(shorter.getMessage().contains("corrupt"), shorter.getMessage());

        // a missing part
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM model_snapshot_parts WHERE snapshot_id = ? AND part = 2")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
        IOException missing = assertThrows(IOException.class, () -> readAll(snapshots, info));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }

    private List<Integer> partSizes(long id) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int part = 0; ; part++) {
            byte[] data = readPartOrNull(id, part);
            if (data == null) return sizes;
            sizes.add(data.length);
        }
    }

    private byte[] readPart(long id, int part) throws Exception {
        byte[] data = readPartOrNull(id, part);
        if (data == null) throw new AssertionError("no part " + part + " of snapshot " + id);
        return data;
    }

    private byte[] readPartOrNull(long id, int part) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT data FROM model_snapshot_parts WHERE snapshot_id = ? AND part = ?")) {
            p.setLong(1, id);
            p.setInt(2, part);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private void writePart(long id, int part, byte[] data) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE model_snapshot_parts SET data = ? WHERE snapshot_id = ? AND part = ?")) {
            p.setBytes(1, data);
            p.setLong(2, id);
            p.setInt(3, part);
            assertEquals(1, p.executeUpdate());
        }
    }

    private long orphanParts() throws Exception {
        return count("SELECT COUNT(*) FROM model_snapshot_parts p"
                + " WHERE NOT EXISTS (SELECT 1 FROM model_snapshots s WHERE s.id = p.snapshot_id)");
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
