package org.openueba.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds every table of an embedded H2 database from its committed rows, for use after an unclean
 * shutdown (a crash, a SIGKILL, a power cut).
 *
 * <p>Why: H2 2.x (measured on 2.4.240 and 2.5.252, see docs/reliability.md) can store a version of
 * its file in which some entries of a transaction are written without their undo-log records
 * ("leftovers", H2's own word; probably its background writer capturing the maps one by one while
 * other threads are in the middle of a statement or a commit). After a crash, such an entry is an uncommitted value of
 * a transaction that no longer exists. Reads ignore it, but H2 does not resolve it everywhere: an
 * insert of the same key into a unique index fails with "Timeout trying to lock table" for ever,
 * an update or delete of such a row loops for ever, and an index entry whose row is a leftover
 * answers "Row not found in primary index". Every one of these was seen, in CI and in the
 * {@code H2LeftoverStress} reproduction.
 *
 * <p>How: the committed rows of every table are copied aside ({@code repair$<table>}), every table is
 * emptied with {@code TRUNCATE} (which clears its maps, leftovers included, and keeps its definition,
 * constraints, indexes and identity counter), and the rows are copied back; foreign keys are not
 * checked meanwhile. ({@code DROP TABLE} and a new table would be the obvious way, but dropping a
 * table that holds leftovers makes H2 close itself at the first write after its next open.) A crash
 * during a repair is finished at the next start: the copies are made again until
 * {@code repair$ready} exists; after that, the copies are the truth and the second half runs again
 * from its start.
 *
 * <p>Cost: every row is read and written twice, and every index is rebuilt. Only H2 needs it;
 * PostgreSQL's write-ahead log has no such window.
 */
public final class H2Repair {
    static final String PREFIX = "repair$";
    static final String READY_TABLE = PREFIX + "ready";

    /** What a repair did. */
    public record Result(int tables, long rows, boolean resumed, long millis) {
    }

    private H2Repair() {
    }

    /**
     * Transactions held open while a repair runs. H2 shows a leftover to a transaction whose number is
     * the leftover's (numbers are reused, lowest free first), as if it were its own; holding the low
     * numbers makes the repair's statements read only committed values.
     */
    static final int HOLDERS = 64;

    /**
     * Rebuilds every base table of the {@code public} schema except Flyway's history, on connections
     * of its own (the database must not be used by anything else meanwhile).
     */
    public static Result repair(String url, String user, String password) throws SQLException {
        try (HeldNumbers held = holdTransactionNumbers(url, user, password, HOLDERS);
             Connection c = DriverManager.getConnection(url, user, password)) {
            return repair(c);
        }
    }

    /**
     * Sessions that each hold a transaction open (begun by a {@code SELECT 1}, which locks no
     * table), and so the {@code n} lowest free transaction numbers: a session opened after them
     * does not take a leftover of those numbers for its own. Closing rolls them back.
     */
    public static HeldNumbers holdTransactionNumbers(String url, String user, String password, int n) throws SQLException {
        HeldNumbers held = new HeldNumbers();
        try {
            for (int i = 0; i < n; i++) {
                Connection h = DriverManager.getConnection(url, user, password);
                held.sessions.add(h);
                h.setAutoCommit(false);
                try (Statement s = h.createStatement()) {
                    s.executeQuery("SELECT 1").close();
                }
            }
            return held;
        } catch (SQLException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** The sessions of {@link #holdTransactionNumbers}. */
    public static final class HeldNumbers implements AutoCloseable {
        private final List<Connection> sessions = new ArrayList<>();

        private HeldNumbers() {
        }

        @Override
        public void close() {
            for (Connection h : sessions) {
                try {
                    h.rollback();
                    h.close();
                } catch (SQLException ignored) {
                    // a session that read nothing: nothing to lose
                }
            }
        }
    }

    /**
     * Rebuilds every base table of the {@code public} schema except Flyway's history. The caller
     * holds the low transaction numbers ({@link #repair(String, String, String)} does).
     *
     * @param c a connection to the H2 database, used by nothing else while this runs
     */
    static Result repair(Connection c) throws SQLException {
        long t0 = System.nanoTime();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            List<String> names = tableNames(c);
            boolean resumed = names.contains(READY_TABLE);
            List<String> copies = resumed
                    ? names.stream().filter(t -> t.startsWith(PREFIX) && !t.equals(READY_TABLE)).toList()
                    : copyAside(c, names);
            long rows = copyBack(c, copies);
            return new Result(copies.size(), rows, resumed, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Every base table of the {@code public} schema, the repair's own included. */
    private static List<String> tableNames(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /**
     * The first half: stale copies of a repair cut off before its ready mark dropped, the committed rows
     * of every other table but Flyway's copied into a repair table, then the ready mark. Returns the copies.
     */
    private static List<String> copyAside(Connection c, List<String> names) throws SQLException {
        List<String> copies = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String t : names) {
                if (t.startsWith(PREFIX)) s.execute("DROP TABLE " + quote(t));
            }
            for (String t : names) {
                if (!t.startsWith(PREFIX) && !t.equalsIgnoreCase("flyway_schema_history")) {
                    s.execute("CREATE TABLE " + quote(PREFIX + t) + " AS SELECT * FROM " + quote(t));
                    copies.add(PREFIX + t);
                }
            }
            s.execute("CREATE TABLE " + quote(READY_TABLE) + " (n INT)");
            s.execute("CHECKPOINT SYNC");
        }
        return copies;
    }

    /** The second half, which can be run again from its start: empty each table, copy its rows back, clean up. */
    private static long copyBack(Connection c, List<String> copies) throws SQLException {
        long rows = 0;
        try (Statement s = c.createStatement()) {
            s.execute("SET REFERENTIAL_INTEGRITY FALSE"); // rows come back table by table, parents not first
            try {
                for (String copy : copies) {
                    String t = quote(copy.substring(PREFIX.length()));
                    s.execute("TRUNCATE TABLE " + t);
                    rows += s.executeUpdate("INSERT INTO " + t + " SELECT * FROM " + quote(copy));
                }
            } finally {
                s.execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
            // the ready mark goes first: a crash after it only makes the next start copy the repaired tables again
            s.execute("DROP TABLE " + quote(READY_TABLE));
            for (String copy : copies) s.execute("DROP TABLE " + quote(copy));
            s.execute("CHECKPOINT SYNC");
        }
        return rows;
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
