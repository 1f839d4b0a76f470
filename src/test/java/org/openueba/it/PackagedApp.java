package org.openueba.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a separate
 * process, for tests that must kill and restart it. With the default H2 build the database lives
 * in {@code workDir/data}; with the PostgreSQL build ({@code -Ppostgresql}) the tests' JDBC URL
 * (system property {@code uebatest.jdbc-url}) is used.
 *
 * <p>Every request to the application except {@code /q/health*} carries {@link #authorization()}:
 * the first start creates the user {@code admin} with {@link #ADMIN_PASSWORD}.
 */
final class PackagedApp implements AutoCloseable {
    static final String KEY = "integration-test-key-0123456789abcdef";
    /** Password of the {@code admin} user created at the first start ({@code UEBA_BOOTSTRAP_ADMIN_PASSWORD}). */
    static final String ADMIN_PASSWORD = "it-admin-password-0123456789";
    private final Path workDir;
    private final int port;
    private final Map<String, String> extraEnv;
    private final List<String> jvmArgs;
    private Process process;
    private Path log;

    PackagedApp(Path workDir, Map<String, String> extraEnv) throws IOException {
        this(workDir, extraEnv, List.of("-Xmx512m"));
    }

    /** @param jvmArgs options of the application's JVM (heap size, GC logging…) */
    PackagedApp(Path workDir, Map<String, String> extraEnv, List<String> jvmArgs) throws IOException {
        this.workDir = workDir;
        this.extraEnv = extraEnv;
        this.jvmArgs = List.copyOf(jvmArgs);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    static Path jar() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) throw new IllegalStateException(jar + " missing: run ./mvnw verify (package phase)");
        return jar;
    }

    static boolean postgres() {
        return "postgresql".equals(System.getProperty("uebatest.db-kind"));
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code Authorization} header value of the {@code admin} user. */
    static String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A request to {@code pathAndQuery} (starting with {@code /}) with the admin's credentials. */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).header("Authorization", authorization());
    }

    /** The Prometheus metrics text. */
    String metrics(HttpClient http) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/q/metrics").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("/q/metrics answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    /** The value of an untagged metric, or NaN when absent. */
    static double metric(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Acknowledged events not yet indexed ({@code ueba_journal_backlog}). */
    long backlog(HttpClient http) throws IOException, InterruptedException {
        double b = metric(metrics(http), "ueba_journal_backlog");
        if (Double.isNaN(b)) throw new IllegalStateException("no ueba_journal_backlog metric");
        return (long) b;
    }

    /** Waits until every acknowledged event is indexed (with its scores and alerts). */
    void awaitBacklogDrained(HttpClient http, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long b;
        while ((b = backlog(http)) > 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("backlog still " + b + " after " + timeout + ": " + tail());
            Thread.sleep(100);
        }
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    /** Starts the process; {@code cleanDatabase} wipes a PostgreSQL schema first (H2 starts from its directory). */
    Process start(boolean cleanDatabase) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("UEBA_PSEUDONYMISATION_KEY", KEY);
        env.put("UEBA_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD); // ignored by builds without authentication
        if (postgres()) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", System.getProperty("uebatest.jdbc-url"));
            env.put("QUARKUS_DATASOURCE_USERNAME", System.getProperty("uebatest.jdbc-user", "postgres"));
            env.put("QUARKUS_DATASOURCE_PASSWORD", System.getProperty("uebatest.jdbc-password", ""));
            if (cleanDatabase) {
                env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
                env.put("QUARKUS_FLYWAY_CLEAN_AT_START", "true");
            }
        }
        env.putAll(extraEnv);
        log = workDir.resolve("app-" + System.nanoTime() + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        return process;
    }

    /** Waits until readiness answers 200, or fails with the log's tail. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("application exited: " + tail());
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("application not ready within " + timeout + ": " + tail());
    }

    /** SIGTERM: a clean stop (shutdown observers run); fails when the process does not end within a minute. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("no clean stop within a minute");
    }

    /** SIGKILL: no shutdown hooks, no flushing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String tail() throws IOException {
        if (log == null || !Files.exists(log)) return "(no log)";
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * An answer's body and, when it names an incident (a 500), what the application logged for it on
     * one line: each exception of the cause chain with its first frame. CI shows a failed assertion's
     * message but not the application's log, so the message must carry the cause.
     */
    String explain(String body) {
        java.util.regex.Matcher m = INCIDENT.matcher(body == null ? "" : body);
        if (!m.find()) return body;
        try {
            String explained = body + " | logged: " + incident(Files.readAllLines(log), m.group(1));
            Path trace = workDir.resolve("data/ueba.trace.db"); // H2 writes its own errors there
            if (Files.exists(trace)) {
                List<String> t = Files.readAllLines(trace);
                explained += " | H2 trace: " + String.join(" / ", t.subList(Math.max(0, t.size() - 12), t.size()));
            }
            return explained;
        } catch (IOException | RuntimeException e) {
            return body + " | log unreadable: " + e;
        }
    }

    /**
     * The record logged for {@code incident}: its line, then each exception of the cause chain with
     * its first frame, joined on one line; the next record (a line starting with a date) ends it.
     */
    static String incident(List<String> lines, String incident) {
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) if (lines.get(i).contains("incident " + incident)) at = i;
        if (at < 0) return "incident " + incident + " not found in the log";
        List<String> parts = new ArrayList<>(List.of(lines.get(at).trim()));
        boolean frameWanted = true;
        for (int i = at + 1; i < lines.size() && i < at + 1000; i++) {
            String l = lines.get(i).trim();
            if (RECORD_START.matcher(lines.get(i)).lookingAt()) break;
            if (l.startsWith("at ")) {
                if (frameWanted) parts.add(l);
                frameWanted = false;
            } else if (l.startsWith("Caused by:") || l.startsWith("Suppressed:") || EXCEPTION.matcher(l).lookingAt()) {
                parts.add(l);
                frameWanted = true;
            }
        }
        return String.join(" <- ", parts);
    }

    private static final java.util.regex.Pattern INCIDENT = java.util.regex.Pattern.compile("incident ([0-9a-f-]{36})");
    private static final java.util.regex.Pattern RECORD_START = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:");
    private static final java.util.regex.Pattern EXCEPTION = java.util.regex.Pattern.compile("[\\w$.]+(Exception|Error)\\b");

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
