package org.openueba.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a separate
 * process, for tests that must kill and restart it. With the default H2 build the database lives
 * in {@code workDir/data}; with the PostgreSQL build ({@code -Ppostgresql}) the tests' JDBC URL
 * (system property {@code uebatest.jdbc-url}) is used.
 */
final class PackagedApp implements AutoCloseable {
    static final String KEY = "integration-test-key-0123456789abcdef";
    private final Path workDir;
    private final int port;
    private final Map<String, String> extraEnv;
    private Process process;
    private Path log;

    PackagedApp(Path workDir, Map<String, String> extraEnv) throws IOException {
        this.workDir = workDir;
        this.extraEnv = extraEnv;
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

    Path log() {
        return log;
    }

    /** Starts the process; {@code cleanDatabase} wipes a PostgreSQL schema first (H2 starts from its directory). */
    Process start(boolean cleanDatabase) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + port, "-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("UEBA_PSEUDONYMISATION_KEY", KEY);
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

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
