package org.openueba.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/** What the benchmark mains share: {@code --name value} arguments and talking to a started application. */
final class BenchSupport {
    /** The first admin's password, given to the benchmarked application (UEBA_BOOTSTRAP_ADMIN_PASSWORD). */
    static final String ADMIN_PASSWORD = "benchmark-admin-password";

    /** HTTP Basic credentials of that admin, for every request but the health checks. */
    static String authorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private BenchSupport() {
    }

    /** The integer after {@code name} in {@code a}, or {@code def}. */
    static int intArg(String[] a, String name, int def) {
        String v = strArg(a, name, null);
        return v == null ? def : Integer.parseInt(v);
    }

    /** The value after {@code name} in {@code a}, or {@code def}. */
    static String strArg(String[] a, String name, String def) {
        int i = Arrays.asList(a).indexOf(name);
        return i >= 0 && i + 1 < a.length ? a[i + 1] : def;
    }

    /**
     * A child JVM on this classpath ({@code -Xmx256m}) running {@code main} with {@code args}, to be
     * killed with SIGKILL: the number after {@code prefix} on its last line starting so is kept (what
     * it reported), every other line of its output too.
     */
    static final class KilledChild {
        private final Process process;
        private final java.util.concurrent.atomic.AtomicLong reported;
        private final StringBuilder said = new StringBuilder();
        private final Thread reader;

        KilledChild(Class<?> main, String prefix, long initial, String... args) throws IOException {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            cmd.addAll(Arrays.asList(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            reported = new java.util.concurrent.atomic.AtomicLong(initial);
            reader = new Thread(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith(prefix)) reported.set(Long.parseLong(line.substring(prefix.length())));
                        else synchronized (said) { said.append(line).append('\n'); }
                    }
                } catch (Exception ignored) {
                    // the process died
                }
            });
            reader.start();
        }

        /** Kills the child after {@code millis} and waits until it and its output are done. */
        KilledChild killAfter(long millis) throws InterruptedException {
            Thread.sleep(millis);
            process.destroyForcibly();
            process.waitFor();
            reader.join();
            return this;
        }

        long reported() {
            return reported.get();
        }

        /** What else the child printed, trimmed. */
        String said() {
            synchronized (said) {
                return said.toString().trim();
            }
        }
    }

    /** Deletes {@code dir} and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The application's journal backlog (acknowledged, not yet indexed events) from its metrics. */
    static long backlog(HttpClient http, String base) throws Exception {
        return gauge(http, base, "ueba_journal_backlog");
    }

    /** The value of a gauge of {@code /q/metrics} (Prometheus text), e.g. {@code ueba_alerts_backlog}. */
    static long gauge(HttpClient http, String base, String name) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).header("Authorization", BenchSupport.authorization()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        throw new IllegalStateException("no " + name + " metric");
    }

    /** Waits (at most {@code timeout}) until the application answers ready; fails with its log if it exits. */
    static void awaitReady(HttpClient http, String base, Process app, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) throw new IllegalStateException("application exited:\n" + Files.readString(log));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready:\n" + Files.readString(log));
    }
}
