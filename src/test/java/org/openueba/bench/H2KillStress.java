package org.openueba.bench;

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
 * Does the embedded H2 file database survive being SIGKILLed under the engine's kind of load? A
 * child JVM writes as the engine does (batches of event rows, the oldest beyond 200,000 deleted, a model snapshot of a few hundred KiB
 * every 200 ms with the previous one deleted, {@code CHECKPOINT SYNC} after each batch) while two
 * threads read (keyset pages over all events, and look-ups by id); the parent kills it at seeded
 * random moments, then opens the database itself and reads every row of every table through each
 * index. Any exception there, or a last event older than the child had reported durable, is a failure.
 *
 * <pre>
 * java -cp target/test-classes:$(cat cp.txt) org.openueba.bench.H2KillStress --dir target/h2-kill --kills 200 --seed 1 [--url-options ";AUTO_COMPACT_FILL_RATE=0"]
 * </pre>
 * Not a test (it runs for minutes): it measures whether a given H2 version and setting lose data.
 */
public final class H2KillStress {
    /** Events kept; older ones are deleted (the engine's retention), so the file churns at a bounded size. */
    private static final long RETAINED = 200_000;
    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(BenchSupport.strArg(args, "--dir", "target/h2-kill"));
        int kills = BenchSupport.intArg(args, "--kills", 100);
        long seed = Long.parseLong(BenchSupport.strArg(args, "--seed", "1"));
        String extra = BenchSupport.strArg(args, "--url-options", "");
        boolean child = java.util.Arrays.asList(args).contains("--child");
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + OPTIONS + extra;
        if (child) {
            child(url, seed);
            return;
        }
        parent(dir, url, kills, seed, extra);
    }

    private static void parent(Path dir, String url, int kills, long seed, String extra) throws Exception {
        if (Files.exists(dir)) BenchSupport.deleteTree(dir);
        Files.createDirectories(dir);
        Random random = new Random(seed);
        long durable = 0;
        int failures = 0;
        System.out.printf(Locale.ROOT, "H2KillStress: H2 %s, url options '%s', %d kills, seed %d%n",
                org.h2.engine.Constants.FULL_VERSION, extra, kills, seed);
        for (int k = 1; k <= kills; k++) {
            BenchSupport.KilledChild child = new BenchSupport.KilledChild(H2KillStress.class, "durable ", durable, "--child", "--dir", dir.toString(),
                    "--seed", String.valueOf(seed * 1000 + k), "--url-options", extra).killAfter(500 + random.nextInt(3500));
            durable = child.reported();
            String problem = check(url, durable);
            String childOut = child.said();
            if (problem != null || !childOut.isEmpty()) {
                failures += problem != null ? 1 : 0;
                System.out.printf(Locale.ROOT, "kill %d: %s%s%n", k, problem == null ? "ok" : "FAILED: " + problem,
                        childOut.isEmpty() ? "" : "\n  child said: " + childOut.replace("\n", "\n  "));
                if (problem != null) break; // the database is not to be trusted from here
            } else if (k % 10 == 0) {
                System.out.printf(Locale.ROOT, "kill %d: ok, %d events durable, file %d KiB%n", k, durable,
                        Files.size(dir.resolve("db.mv.db")) / 1024);
            }
        }
        System.out.printf(Locale.ROOT, "H2KillStress: %d failures%n", failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Reads every row of every table, through the primary key and through the seq index; null when all is well. */
    private static String check(String url, long durable) {
        try (Connection c = DriverManager.getConnection(url, "ueba", "")) {
            long rows = 0;
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT id, seq, payload, features FROM events ORDER BY id")) {
                    while (rs.next()) {
                        rows++;
                        if (rs.getString(3).length() != 300) return "event " + rs.getString(1) + " has a damaged payload";
                    }
                }
                long bySeq = 0;
                try (ResultSet rs = s.executeQuery("SELECT seq FROM events ORDER BY seq")) {
                    while (rs.next()) bySeq++;
                }
                if (bySeq != rows) return "the seq index has " + bySeq + " rows, the table " + rows;
                try (ResultSet rs = s.executeQuery("SELECT id, content FROM snapshots ORDER BY id")) {
                    while (rs.next()) {
                        byte[] b = rs.getBytes(2);
                        for (byte x : b) if (x != (byte) rs.getLong(1)) return "snapshot " + rs.getLong(1) + " damaged";
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
                rs.next();
                if (rs.getLong(1) < durable) return "the last event is " + rs.getLong(1) + ", but " + durable + " were durable";
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            String t = w.toString();
            return t.substring(0, Math.min(3000, t.length()));
        }
    }

    private static void child(String url, long seed) throws Exception {
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection(url, "ueba", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS events (id VARCHAR(200) PRIMARY KEY, seq BIGINT NOT NULL, payload VARCHAR(4000),"
                        + " score SMALLINT, features VARCHAR(20000))");
                s.execute("CREATE INDEX IF NOT EXISTS events_seq ON events (seq)");
                s.execute("CREATE TABLE IF NOT EXISTS snapshots (id BIGINT PRIMARY KEY, content BYTEA)");
            }
            long seq;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
                rs.next();
                seq = rs.getLong(1);
            }
            long start = seq;
            String payload = "x".repeat(300);
            Thread[] readers = {new Thread(() -> readPages(url)), new Thread(() -> lookUps(url, start, seed))};
            for (Thread t : readers) {
                t.setDaemon(true);
                t.start();
            }
            long lastSnapshot = 0;
            long snapshotId;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM snapshots")) {
                rs.next();
                snapshotId = rs.getLong(1);
            }
            c.setAutoCommit(false);
            while (true) {
                int n = 200 + random.nextInt(1800);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO events (id, seq, payload, score, features) VALUES (?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < n; i++) {
                        seq++;
                        p.setString(1, "json:" + Long.toHexString(seq * 0x9E3779B97F4A7C15L));
                        p.setLong(2, seq);
                        p.setString(3, payload);
                        p.setInt(4, (int) (seq % 101));
                        p.setString(5, "[{\"feature\":\"dst_host\",\"score\":" + (seq % 100) + "}]");
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                if (seq > RETAINED) { // retention: the oldest events go, as the engine's purge does
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM events WHERE seq <= ?")) {
                        p.setLong(1, seq - RETAINED);
                        p.executeUpdate();
                    }
                }
                c.commit();
                if (System.nanoTime() - lastSnapshot > 200_000_000L) {
                    snapshotId++;
                    byte[] content = new byte[100_000 + random.nextInt(400_000)];
                    java.util.Arrays.fill(content, (byte) snapshotId);
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO snapshots (id, content) VALUES (?, ?)")) {
                        p.setLong(1, snapshotId);
                        p.setBytes(2, content);
                        p.executeUpdate();
                    }
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM snapshots WHERE id < ?")) {
                        p.setLong(1, snapshotId);
                        p.executeUpdate();
                    }
                    c.commit();
                    lastSnapshot = System.nanoTime();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
                System.out.println("durable " + (seq));
                System.out.flush();
                Thread.sleep(100 + random.nextInt(200)); // about 5,000 events/s
            }
        }
    }

    private static void readPages(String url) {
        try (Connection c = DriverManager.getConnection(url, "ueba", "")) {
            while (true) {
                String after = "";
                while (true) {
                    int n = 0;
                    try (PreparedStatement p = c.prepareStatement("SELECT id, payload, features FROM events WHERE id > ? ORDER BY id LIMIT 1000")) {
                        p.setString(1, after);
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                after = rs.getString(1);
                                n++;
                            }
                        }
                    }
                    if (n < 1000) break;
                }
            }
        } catch (Exception e) {
            System.out.println("page reader: " + e);
        }
    }

    private static void lookUps(String url, long upTo, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        try (Connection c = DriverManager.getConnection(url, "ueba", "");
             PreparedStatement p = c.prepareStatement("SELECT seq FROM events WHERE id = ?")) {
            while (true) {
                long seq = 1 + (upTo <= 1 ? 0 : (long) (random.nextDouble() * upTo));
                p.setString(1, "json:" + Long.toHexString(seq * 0x9E3779B97F4A7C15L));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
            }
        } catch (Exception e) {
            System.out.println("look-up reader: " + e);
        }
    }
}
