package org.openueba.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoParameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application's {@code replay} command on a small generated demo (seed 42, 40 users,
 * 4 weeks) with a malformed line added to its logon file: two runs write identical alert files,
 * the alerts carry the documented fields, the malformed line is reported with its line number
 * without stopping the replay, configured sources and {@code ueba.smart.*} apply, and bad
 * arguments or an unknown source exit with 2.
 */
class ReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAD_LINE = "{BAD0-LINE},31/31/2026 99:00:00,DTAA/XYZ0001,PC-1,Logon";
    @TempDir
    static Path dir;

    record Run(int exit, String stdout, String stderr) {
    }

    @BeforeAll
    static void demo() throws Exception {
        DemoOrganisation.generate(new DemoParameters(42, 40, 4, DemoParameters.DEFAULT_START), dir.resolve("demo"));
        List<String> logon = new ArrayList<>(Files.readAllLines(dir.resolve("demo/logon.csv")));
        logon.add(4, BAD_LINE); // becomes line 5
        Files.write(dir.resolve("logon-with-bad-line.csv"), logon);
    }

    static Run replay(List<String> jvmArgs, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", PackagedApp.jar().toString(), "replay"));
        cmd.addAll(List.of(args));
        if (PackagedApp.postgres() && List.of(args).contains("--alerts-out")) {
            cmd.addAll(List.of("--db", System.getProperty("uebatest.jdbc-url")));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("UEBA_PSEUDONYMISATION_KEY", PackagedApp.KEY);
        if (PackagedApp.postgres()) {
            pb.environment().put("QUARKUS_DATASOURCE_USERNAME", System.getProperty("uebatest.jdbc-user", "postgres"));
            pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", System.getProperty("uebatest.jdbc-password", ""));
        }
        Path out = Files.createTempFile(dir, "stdout", ".txt"), err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "replay did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static String[] demoArgs(Path alerts) {
        return new String[]{"--input", "cert-logon=logon-with-bad-line.csv", "--input", "cert-device=demo/device.csv",
                "--input", "vpn=demo/vpn.ndjson", "--directory", "demo/directory.csv", "--alerts-out", alerts.toString()};
    }

    @Test
    void twoReplaysOfTheDemoWriteIdenticalAlertsAndReportTheMalformedLine() throws Exception {
        List<String> threshold = List.of("-Dueba.smart.threshold=50"); // more alerts from a small demo
        Run first = replay(threshold, demoArgs(dir.resolve("alerts-1.ndjson")));
        assertEquals(0, first.exit(), first.stderr());
        Run second = replay(threshold, demoArgs(dir.resolve("alerts-2.ndjson")));
        assertEquals(0, second.exit(), second.stderr());
        byte[] a = Files.readAllBytes(dir.resolve("alerts-1.ndjson"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("alerts-2.ndjson")), "two replays, identical bytes");

        assertTrue(first.stderr().contains("logon-with-bad-line.csv:5: rejected (cert-logon): date: "), first.stderr());
        assertTrue(first.stderr().contains("replay: input cert-logon=logon-with-bad-line.csv: "), first.stderr());
        assertTrue(first.stderr().contains(" accepted, 1 rejected, 1 skipped, 0 duplicate ids dropped"), first.stderr());
        assertTrue(first.stderr().contains("replay: directory demo/directory.csv: 45 entries imported"), first.stderr());
        assertFalse(first.stderr().contains("Listening on: http"), "no HTTP listener in replay mode");
        assertEquals("", first.stdout(), "stdout stays free");

        List<String> lines = new String(a, StandardCharsets.UTF_8).lines().toList();
        assertFalse(lines.isEmpty(), "the demo raises alerts at threshold 50");
        String previous = "";
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            for (String f : List.of("id", "entity", "window", "groupId", "windowStart", "windowEnd", "score", "severity",
                    "smartValue", "userPercentile", "orgPercentile", "eventCount", "firstEventId", "lastEventId", "sources",
                    "crossedAt", "updatedAt", "indicators")) {
                assertTrue(n.has(f), f + " missing in " + line);
            }
            assertTrue(n.get("score").asDouble() >= 50, line);
            assertTrue(n.get("windowStart").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?Z"), line);
            assertFalse(n.get("indicators").isEmpty(), line);
            for (JsonNode i : n.get("indicators")) {
                for (String f : List.of("feature", "value", "score", "contribution", "share", "reason", "evidence")) {
                    assertTrue(i.has(f), "indicator " + f + " missing in " + line);
                }
            }
            String key = n.get("crossedAt").asText() + " " + n.get("id").asText();
            assertTrue(key.compareTo(previous) > 0, "ordered by crossedAt then id: " + key + " after " + previous);
            previous = key;
        }
    }

    @Test
    void withDbTheAlertsAreStoredInThatDatabaseAndASecondReplayUpdatesThem() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(PackagedApp.postgres(), "H2 file database");
        String url = "jdbc:h2:file:" + dir.resolve("replay-db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        List<String> args = new ArrayList<>(List.of(demoArgs(dir.resolve("db-alerts.ndjson"))));
        args.addAll(List.of("--db", url));
        List<String> jvm = List.of("-Dueba.smart.threshold=50", "-Dquarkus.datasource.username=ueba");
        for (int run = 1; run <= 2; run++) {
            Run r = replay(jvm, args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.stderr());
            long lines = Files.readAllLines(dir.resolve("db-alerts.ndjson")).size();
            assertTrue(r.stderr().contains("replay: " + lines + " alerts stored in the database"), r.stderr());
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "ueba", "");
                 java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), MIN(created_seq) FROM alerts")) {
                rs.next();
                assertEquals(lines, rs.getLong(1), "run " + run + ": one row per alert, upserted");
                assertEquals(0, rs.getLong(2));
            }
        }
    }

    @Test
    void configuredSourcesAreReplayable() throws Exception {
        Run r = replay(List.of("-Dueba.sources.remote-access.adapter=json", "-Dueba.sources.remote-access.options.kind=authentication"),
                "--input", "remote-access=demo/vpn.ndjson", "--alerts-out", dir.resolve("configured.ndjson").toString());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("replay: input remote-access=demo/vpn.ndjson: "), r.stderr());
        assertTrue(Files.exists(dir.resolve("configured.ndjson")));
    }

    @Test
    void anUnknownSourceOrBadArgumentsExitWithTwo() throws Exception {
        Run unknown = replay(List.of(), "--input", "no-such-source=demo/vpn.ndjson", "--alerts-out", dir.resolve("x.ndjson").toString());
        assertEquals(2, unknown.exit(), unknown.stderr());
        assertTrue(unknown.stderr().contains("unknown data source 'no-such-source'; known sources: [apache, cert-device"), unknown.stderr());
        assertFalse(Files.exists(dir.resolve("x.ndjson")));

        Run bad = replay(List.of(), "--input", "demo/vpn.ndjson");
        assertEquals(2, bad.exit());
        assertTrue(bad.stderr().contains("replay: --input must be SOURCE=FILE"), bad.stderr());

        Run help = replay(List.of(), "--help");
        assertEquals(0, help.exit());
        assertTrue(help.stdout().startsWith("Usage: java -jar quarkus-run.jar replay --input SOURCE=FILE"), help.stdout());
    }

    @Test
    void theServerStillStartsWithoutTheReplayArgument() throws Exception {
        try (PackagedApp app = new PackagedApp(dir.resolve("server"), Map.of())) {
            Files.createDirectories(dir.resolve("server"));
            app.start(true);
            app.awaitReady(java.time.Duration.ofSeconds(120));
        }
    }
}
