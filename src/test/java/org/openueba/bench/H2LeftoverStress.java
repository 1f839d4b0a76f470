package org.openueba.bench;

import org.openueba.store.H2Repair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Random;

/**
 * Does H2 stay writable after a SIGKILL when the engine does what it does after one: index again the
 * events that were in flight? A child JVM writes as the journal's indexer does (batches of events and
 * the journal position in one transaction, events beyond the last 50,000 deleted in another, while two
 * other threads upsert alert rows in short transactions of their own); the parent kills it at seeded random moments, opens the database, and
 * inserts the batch that was in flight again (with {@code ON CONFLICT DO NOTHING}, as the indexer
 * does), then moves the journal position; with {@code --repair}, after {@link H2Repair} has rebuilt
 * the tables. An insert or update that fails or times out is a failure (the engine's indexer would
 * retry it for ever); the parent stops at the first.
 *
 * <p>The parent holds the low transaction numbers while it writes ({@code --holders}, default 8), as
 * the engine's other sessions do: H2 treats a leftover of a transaction whose number a session now
 * has as that session's own, which hides the damage from a lone session.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.openueba.bench.H2LeftoverStress --dir target/h2-leftover --kills 100 --seed 3 [--repair]
 * </pre>
 * Not a test (it runs for minutes): it measures whether H2, as configured, can be written after a crash.
 */
public final class H2LeftoverStress {
    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    /** Events kept; older ones are deleted, so the file churns at a bounded size (and deletes can be left over too). */
    private static final long RETAINED = 50_000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(BenchSupport.strArg(args, "--dir", "target/h2-leftover"));
        long seed = Long.parseLong(BenchSupport.strArg(args, "--seed", "1"));
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + OPTIONS;
        if (java.util.Arrays.asList(args).contains("--child")) {
            child(url, seed);
            return;
        }
        int kills = BenchSupport.intArg(args, "--kills", 100);
        int holders = BenchSupport.intArg(args, "--holders", 8);
        boolean repair = java.util.Arrays.asList(args).contains("--repair");
        if (Files.exists(dir)) BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "H2LeftoverStress: H2 %s, %d kills, seed %d, %d holders, %s%n",
                org.h2.engine.Constants.FULL_VERSION, kills, seed, holders, repair ? "repair after each kill" : "no repair");
        Random random = new Random(seed);
        long repairMillis = 0;
        for (int k = 1; k <= kills; k++) {
            BenchSupport.KilledChild child = new BenchSupport.KilledChild(H2LeftoverStress.class, "begin ", -1, "--child",
                    "--dir", dir.toString(), "--seed", String.valueOf(seed * 1000 + k)).killAfter(700 + random.nextInt(2500));
            if (repair) {
                long t0 = System.nanoTime();
                H2Repair.repair(url, "ueba", "");
                repairMillis += (System.nanoTime() - t0) / 1_000_000;
            }
            String problem = reindex(url, child.reported(), holders);
            if (problem != null) {
                System.out.printf(Locale.ROOT, "kill %d: FAILED: %s%n", k, problem);
                if (!child.said().isEmpty()) System.out.println("  child said: " + child.said().replace("\n", "\n  "));
                System.out.printf(Locale.ROOT, "H2LeftoverStress: failed at kill %d of %d%n", k, kills);
                System.exit(1);
            }
            if (k % 10 == 0) {
                System.out.printf(Locale.ROOT, "kill %d: ok, file %d KiB%s%n", k, Files.size(dir.resolve("db.mv.db")) / 1024,
                        repair ? String.format(Locale.ROOT, ", repairs took %d ms on average", repairMillis / k) : "");
            }
        }
        System.out.printf(Locale.ROOT, "H2LeftoverStress: %d kills, no failure%n", kills);
    }

    /** Inserts the events from the journal position to the last one in flight, as the indexer would; null when that worked. */
    private static String reindex(String url, long inFlightTo, int holders) throws SQLException {
        try (H2Repair.HeldNumbers held = H2Repair.holdTransactionNumbers(url, "ueba", "", holders);
             Connection c = DriverManager.getConnection(url + ";LOCK_TIMEOUT=500", "ueba", "")) {
            long from;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexed_seq FROM journal_state WHERE id = 1")) {
                from = rs.next() ? rs.getLong(1) + 1 : 1;
            }
            long to = Math.max(inFlightTo, from - 1);
            c.setAutoCommit(false);
            try {
                insert(c, from, to);
                try (PreparedStatement u = c.prepareStatement("UPDATE journal_state SET indexed_seq = ? WHERE id = 1")) {
                    u.setLong(1, to);
                    u.setQueryTimeout(10); // an update of a leftover row can loop for ever in H2 2.4/2.5
                    u.executeUpdate();
                }
                c.commit();
                return null;
            } catch (SQLException e) {
                StringBuilder b = new StringBuilder("indexing " + from + ".." + to + " again: " + e.getMessage().lines().findFirst().orElse(""));
                for (Throwable t = e.getCause(); t != null; t = t.getCause()) b.append(" <- ").append(t.toString().lines().findFirst().orElse(""));
                return b.toString();
            }
        }
    }

    private static void insert(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO events (id, seq, entity, payload) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            p.setQueryTimeout(10);
            int n = 0;
            for (long s = from; s <= to; s++) {
                p.setString(1, "json:" + Long.toHexString(s * 0x9E3779B97F4A7C15L));
                p.setLong(2, s);
                p.setString(3, "u" + (s % 300));
                p.setString(4, "x".repeat(200));
                p.addBatch();
                if (++n % 250 == 0) p.executeBatch();
            }
            p.executeBatch();
        }
    }

    private static void child(String url, long seed) throws Exception {
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection(url, "ueba", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS events (id VARCHAR(200) PRIMARY KEY, seq BIGINT NOT NULL, entity VARCHAR(100),"
                        + " payload VARCHAR(4000))");
                s.execute("CREATE INDEX IF NOT EXISTS events_seq ON events (seq)");
                s.execute("CREATE INDEX IF NOT EXISTS events_entity ON events (entity, seq)");
                s.execute("CREATE TABLE IF NOT EXISTS journal_state (id INT PRIMARY KEY, indexed_seq BIGINT NOT NULL)");
                s.execute("INSERT INTO journal_state VALUES (1, 0) ON CONFLICT DO NOTHING");
                s.execute("CREATE TABLE IF NOT EXISTS alerts (id VARCHAR(100) PRIMARY KEY, v BIGINT)");
            }
            long seq;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexed_seq FROM journal_state WHERE id = 1")) {
                rs.next();
                seq = rs.getLong(1);
            }
            for (int t = 0; t < 2; t++) {
                Random r = new Random(seed * 7 + t);
                Thread alerts = new Thread(() -> {
                    try (Connection a = DriverManager.getConnection(url, "ueba", "")) {
                        a.setAutoCommit(false);
                        while (true) {
                            try (PreparedStatement p = a.prepareStatement("MERGE INTO alerts KEY (id) VALUES (?, ?)")) {
                                for (int i = 0; i < 5; i++) {
                                    p.setString(1, "a" + r.nextInt(2000));
                                    p.setLong(2, r.nextLong());
                                    p.executeUpdate();
                                }
                            }
                            a.commit();
                            Thread.sleep(r.nextInt(5));
                        }
                    } catch (Exception e) {
                        System.out.println("alerts: " + e.getMessage().lines().findFirst().orElse(""));
                    }
                });
                alerts.setDaemon(true);
                alerts.start();
            }
            c.setAutoCommit(false);
            while (true) {
                int n = 200 + random.nextInt(1800);
                System.out.println("begin " + (seq + n));
                System.out.flush();
                insert(c, seq + 1, seq + n);
                seq += n;
                try (PreparedStatement u = c.prepareStatement("UPDATE journal_state SET indexed_seq = ? WHERE id = 1")) {
                    u.setLong(1, seq);
                    u.executeUpdate();
                }
                c.commit();
                if (seq > RETAINED) { // retention, in a transaction of its own as the engine's pruner does
                    try (PreparedStatement d = c.prepareStatement("DELETE FROM events WHERE seq <= ?")) {
                        d.setLong(1, seq - RETAINED);
                        d.executeUpdate();
                    }
                    c.commit();
                }
            }
        }
    }
}
