package org.openueba.store;

import org.flywaydb.core.Flyway;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link H2Repair} on the engine's own schema (its Flyway migrations), with "leftovers" made on
 * purpose: a transaction's changes are stored in the file without its undo log, then the database is
 * shut down as a crash would (no commit, no rollback), which is what H2 2.x's background writer can
 * leave behind when a process is killed (docs/reliability.md).
 */
class H2RepairTest {
    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void migrate() throws SQLException {
        url = "jdbc:h2:file:" + dir.resolve("ueba").toAbsolutePath() + OPTIONS;
        Flyway.configure().dataSource(url, "ueba", "").locations("classpath:db/migration").load().migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (int i = 1; i <= 20; i++) s.execute(insertEvent("e" + i, i));
            s.execute("UPDATE journal_state SET indexed_seq = 20 WHERE id = 1");
            s.execute("INSERT INTO model_snapshots (seq, format_version, created_at, size_bytes, parts, crc)"
                    + " VALUES (20, 1, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', 3, 1, 7)");
            s.execute("INSERT INTO model_snapshot_parts VALUES (1, 0, X'010203')");
            for (int i = 0; i < 3; i++) {
                s.execute("INSERT INTO audit_log (at, actor, action, outcome) VALUES (CURRENT_TIMESTAMP, 'admin', 'login', 'success')");
            }
        }
    }

    @Test
    void leftoversBlockWritesUntilTheTablesAreRebuiltAndCommittedRowsSurvive() throws Exception {
        crashWithLeftovers();

        // the damage is there: hold the low transaction numbers so this session does not own the leftovers
        try (H2Repair.HeldNumbers held = H2Repair.holdTransactionNumbers(url, "ueba", "", 8);
             Connection c = connect(";LOCK_TIMEOUT=200")) {
            assertEquals(20, indexedSeq(c), "the uncommitted update is not visible");
            assertEquals(0, count(c, "SELECT COUNT(*) FROM events WHERE id = 'e21'"), "the uncommitted insert is not visible");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM events WHERE id = 'e5'"), "the uncommitted delete is not applied");
            SQLException stuck = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute(insertEvent("e21", 21) + " ON CONFLICT DO NOTHING");
                }
            }, "inserting the key of a leftover fails (H2's unique check takes it for another transaction's)");
            assertTrue(stuck.getMessage().contains("Timeout trying to lock"), stuck.getMessage());
        }

        H2Repair.Result r = H2Repair.repair(url, "ueba", "");
        assertFalse(r.resumed());
        assertTrue(r.tables() >= 8, "every table rebuilt: " + r);
        assertRepaired();
    }

    @Test
    void aRepairCutOffAfterItsCopiesIsFinishedAtTheNextAttempt() throws Exception {
        crashWithLeftovers();
        try (H2Repair.HeldNumbers held = H2Repair.holdTransactionNumbers(url, "ueba", "", 8); Connection c = connect()) {
            // a repair cut off in its second half: copies made and marked ready, one table emptied
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE \"repair$events\" AS SELECT * FROM events");
                s.execute("CREATE TABLE \"repair$journal_state\" AS SELECT * FROM journal_state");
                s.execute("CREATE TABLE \"repair$ready\" (n INT)");
                s.execute("TRUNCATE TABLE events");
            }
        }
        H2Repair.Result r = H2Repair.repair(url, "ueba", "");
        assertTrue(r.resumed(), "the repair under way was finished, not started again: " + r);
        assertEquals(2, r.tables(), "the tables of the repair under way");
        try (Connection c = connect()) {
            assertEquals(20, count(c, "SELECT COUNT(*) FROM events"));
            assertEquals(20, indexedSeq(c));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'repair$%'"));
            try (Statement s = c.createStatement()) {
                s.execute(insertEvent("e21", 21));
                assertThrows(SQLException.class, () -> s.execute(insertEvent("e21", 22)), "the primary key is back");
            }
        }
    }

    @Test
    void aRepairOfAHealthyDatabaseKeepsEverything() throws Exception {
        H2Repair.Result r = H2Repair.repair(url, "ueba", "");
        assertTrue(r.rows() >= 20 + 1 + 1 + 1 + 3, "every row copied back: " + r);
        assertRepaired();
    }

    private void assertRepaired() throws SQLException {
        try (H2Repair.HeldNumbers held = H2Repair.holdTransactionNumbers(url, "ueba", "", 8);
             Connection c = connect(";LOCK_TIMEOUT=200"); Statement s = c.createStatement()) {
            assertEquals(20, indexedSeq(c), "the committed value");
            assertEquals(20, count(c, "SELECT COUNT(*) FROM events"));
            assertEquals(20, count(c, "SELECT MAX(seq) FROM events"), "the seq index reads committed rows only");
            assertEquals(0, count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'repair$%'"));
            // every kind of write the leftovers blocked now goes through
            assertEquals(1, s.executeUpdate(insertEvent("e21", 21) + " ON CONFLICT DO NOTHING"));
            assertEquals(0, s.executeUpdate(insertEvent("e21", 21) + " ON CONFLICT DO NOTHING"), "the primary key still rejects duplicates");
            assertEquals(1, s.executeUpdate("DELETE FROM events WHERE id = 'e5'"));
            assertEquals(1, s.executeUpdate("UPDATE journal_state SET indexed_seq = 21 WHERE id = 1"));
            assertEquals(21, indexedSeq(c));
            // constraints, the foreign key and identity counters were restored
            assertThrows(SQLException.class, () -> s.execute("INSERT INTO model_snapshot_parts VALUES (99, 0, X'00')"), "foreign key");
            assertThrows(SQLException.class, () -> s.execute(insertEvent("e99", 99).replace(", NULL)", ", 101)")), "score check");
            s.execute("INSERT INTO audit_log (at, actor, action, outcome) VALUES (CURRENT_TIMESTAMP, 'admin', 'logout', 'success')");
            assertEquals(4, count(c, "SELECT COUNT(*) FROM audit_log"));
            assertTrue(count(c, "SELECT MIN(id) FROM audit_log WHERE action = 'logout'") > 3,
                    "the identity goes on after the numbers it gave");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM model_snapshot_parts"));
        }
    }

    /**
     * One transaction inserts an event, deletes another, moves the journal position and writes an
     * audit row; its changes are stored, its undo log removed and stored, and the process halts (a
     * JVM of its own, as a kill): the changes stay as leftovers of a transaction nobody will end.
     */
    private void crashWithLeftovers() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Crash.class.getName(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(3, p.waitFor(), "the crashing process halts after storing the leftovers: " + out);
    }

    /** The crashing process of {@link #crashWithLeftovers}. */
    public static final class Crash {
        public static void main(String[] args) throws Exception {
            Connection c = DriverManager.getConnection(args[0], "ueba", "");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(insertEvent("e21", 21));
                s.execute("DELETE FROM events WHERE id = 'e5'");
                s.execute("UPDATE journal_state SET indexed_seq = 21 WHERE id = 1");
                s.execute("INSERT INTO audit_log (at, actor, action, outcome) VALUES (CURRENT_TIMESTAMP, 'admin', 'lost', 'success')");
            }
            MVStore store = ((SessionLocal) ((JdbcConnection) c).getSession()).getDatabase().getStore().getMvStore();
            int removed = 0;
            for (String name : store.getMapNames()) {
                if (name.startsWith("undoLog")) {
                    store.removeMap(name);
                    removed++;
                }
            }
            if (removed == 0) {
                System.out.println("no undo log to remove");
                System.exit(1);
            }
            store.commit();
            Runtime.getRuntime().halt(3);
        }
    }

    private Connection connect() throws SQLException {
        return connect("");
    }

    private Connection connect(String extra) throws SQLException {
        return DriverManager.getConnection(url + extra, "ueba", "");
    }

    private static long indexedSeq(Connection c) throws SQLException {
        return count(c, "SELECT indexed_seq FROM journal_state WHERE id = 1");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String insertEvent(String id, long seq) {
        return "INSERT INTO events (id, seq, source, entity, event_time, kind, ingested_at, score) VALUES ('" + id + "', " + seq
                + ", 'test', 'u" + (seq % 3) + "', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + " + seq
                + " * INTERVAL '1' MINUTE, 'LOGON', CURRENT_TIMESTAMP, NULL)";
    }
}
