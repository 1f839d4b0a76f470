package org.openueba.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.openueba.bench.BenchSupport.intArg;
import static org.openueba.bench.BenchSupport.strArg;
import static org.openueba.bench.BenchSupport.backlog;
import static org.openueba.bench.BenchSupport.awaitReady;

/**
 * Ingest-to-alert latency at a steady load (issue 4; docs/performance.md). Starts the packaged
 * application, gives {@code --probes} probe entities and 2,000 users 20 quiet days of history, then
 * posts background logons at {@code --rate} events/s (NDJSON, 100 ms batches) round-robin over
 * {@code --background-entities} fresh entities (200,000; without history their windows cannot alert)
 * from {@code --clients} (2) threads, the first probe after {@code --warmup} (3) seconds of it,
 * while, once a second, one probe entity gets a burst of 60 logons to new hosts in one request. The latency of a
 * probe is from just before its POST to the first {@code GET /api/v1/alerts?entity=…} answer that
 * lists the alert (the API waits up to 5 s for the alerts of what was acknowledged before it, so
 * polling is cheap). Reports p50/p99/max, the background rate achieved, and the backlogs at the end:
 * events not yet alerted and not yet indexed. {@code --jvm-args "a b"} passes options to the
 * application (e.g. {@code -Dueba.journal.alerts-ahead=false} for alerts derived while indexing, or
 * {@code -Dueba.journal.hold-indexing=true} to measure the path to an alert without the indexer
 * competing for the cores);
 * {@code --verbose} prints each probe's latency and the backlogs as it goes.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.openueba.bench.AlertLatencyBenchmark \
 *     -Dexec.args="--rate 10000 --probes 60"
 * </pre>
 */
public final class AlertLatencyBenchmark {
    static final Instant DAY0 = Instant.parse("2026-06-01T09:00:00Z");

    public static void main(String[] args) throws Exception {
        int rate = intArg(args, "--rate", 10_000);
        int probes = intArg(args, "--probes", 60);
        String heap = strArg(args, "--heap", "2g");
        String jvmArgs = strArg(args, "--jvm-args", "");
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        int backgroundEntities = intArg(args, "--background-entities", 200_000);
        int clients = intArg(args, "--clients", 2);
        int warmup = intArg(args, "--warmup", 3);
        Path dir = Files.createTempDirectory("ueba-latency");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("app.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN"));
        for (String a : jvmArgs.split(" ")) if (!a.isBlank()) cmd.add(a);
        cmd.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("UEBA_PSEUDONYMISATION_KEY", "benchmark-key-0123456789abcdef0123456789");
        pb.environment().put("UEBA_BOOTSTRAP_ADMIN_PASSWORD", BenchSupport.ADMIN_PASSWORD);
        Process app = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try {
            awaitReady(http, base, app, log, Duration.ofSeconds(120));
            // history: 20 quiet days for probes and background users
            StringBuilder h = new StringBuilder();
            int users = 2000;
            for (int d = 0; d < 20; d++) {
                Instant t = DAY0.plus(d, ChronoUnit.DAYS);
                for (int p = 0; p < probes; p++) h.append(logon("hp" + p + "-" + d, "probe-" + p, t.plusSeconds(p), "PC-P" + p, "success"));
                for (int u = 0; u < users; u++) h.append(logon("hb" + u + "-" + d, "user-" + u, t.plusSeconds(u % 3600), "PC-U" + u, "success"));
            }
            post(http, base, h.toString());
            while (BenchSupport.gauge(http, base, "ueba_alerts_backlog") > 0) Thread.sleep(100);
            System.out.printf(Locale.ROOT, "history: %d events scored for alerts; %d not yet indexed%n", 20L * (probes + users), backlog(http, base));

            // steady background load on day 21, 08:00–…: logons of fresh entities (no history, so their windows
            // cannot alert), round-robin over --background-entities of them; the history users stay quiet
            // (sending their logons at 50k/s would make each of them log on hundreds of times in an hour
            // against once a day: every one of them would alert, and every later event update its alert)
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            Instant day = DAY0.plus(20, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS);
            // --clients threads, each posting its share of every 100 ms step (client c sends the events
            // seq ≡ c mod clients): one synchronous client cannot post 5,000-event requests 10 times a second
            List<Thread> loaders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread load = new Thread(() -> {
                    long t0 = System.nanoTime();
                    int perBatch = Math.max(1, rate / 10 / clients);
                    long seq = client;
                    try {
                        for (long b = 0; running.get(); b++) {
                            StringBuilder sb = new StringBuilder(perBatch * 200);
                            for (int i = 0; i < perBatch; i++, seq += clients) {
                                int u = (int) (seq % backgroundEntities);
                                sb.append(logon("bg-" + seq, "bg-" + u, day.plusMillis(seq % 36_000_000L), "PC-B" + u, "success"));
                            }
                            post(http, base, sb.toString());
                            sent.addAndGet(perBatch);
                            long due = t0 + (b + 1) * 100_000_000L;
                            long wait = due - System.nanoTime();
                            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    } catch (Exception e) {
                        if (running.get()) e.printStackTrace();
                    }
                }, "background-load-" + c);
                load.setDaemon(true);
                loaders.add(load);
            }
            long loadStart = System.nanoTime();
            loaders.forEach(Thread::start);
            Thread.sleep(warmup * 1000L); // reach the steady state first (JIT, the fresh entities' first events)

            double[] latencies = new double[probes];
            Instant attack = DAY0.plus(20, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
            for (int p = 0; p < probes; p++) {
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < 60; i++) {
                    burst.append(logon("atk" + p + "-" + i, "probe-" + p, attack.plusSeconds(20L * i), "SRV-" + p + "-" + i,
                            i % 2 == 0 ? "failure" : "success"));
                }
                long t0 = System.nanoTime();
                post(http, base, burst.toString());
                while (true) {
                    String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts?entity=probe-" + p)).header("Authorization", BenchSupport.authorization()).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"total\":") && !body.contains("\"total\":0")) break;
                    if (System.nanoTime() - t0 > 120_000_000_000L) throw new IllegalStateException("no alert for probe-" + p + ": " + body);
                    Thread.sleep(5);
                }
                latencies[p] = (System.nanoTime() - t0) / 1e6;
                if (verbose) {
                    System.out.printf(Locale.ROOT, "probe %d at %.1f s: %.0f ms; background sent %d; not yet alerted %d, not yet indexed %d%n", p,
                            (System.nanoTime() - loadStart) / 1e9, latencies[p], sent.get(),
                            BenchSupport.gauge(http, base, "ueba_alerts_backlog"), backlog(http, base));
                }
                long next = t0 + 1_000_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000);
            }
            running.set(false);
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            long backlogAtEnd = backlog(http, base);
            long alertBacklogAtEnd = BenchSupport.gauge(http, base, "ueba_alerts_backlog");
            for (Thread t : loaders) t.join(10_000);
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "target %d events/s; background sent %d in %.1f s = %.0f events/s; at the end %d events not yet alerted, %d not yet indexed%n",
                    rate, sent.get(), seconds, sent.get() / seconds, alertBacklogAtEnd, backlogAtEnd);
            String all = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts?limit=1")).header("Authorization", BenchSupport.authorization()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            System.out.printf(Locale.ROOT, "alerts: %s (one per probe expected)%n", all.replaceAll(".*\"total\":(\\d+).*", "$1"));
            System.out.printf(Locale.ROOT, "ingest-to-alert latency over %d probes: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    probes, pct(latencies, 50), pct(latencies, 99), latencies[latencies.length - 1]);
        } finally {
            app.destroy();
            if (!app.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) app.destroyForcibly();
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double pct(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String logon(String id, String entity, Instant t, String host, String outcome) {
        return "{\"id\":\"" + id + "\",\"time\":\"" + t + "\",\"entity\":\"" + entity + "\",\"kind\":\"authentication\","
                + "\"action\":\"logon\",\"outcome\":\"" + outcome + "\",\"dstHost\":\"" + host + "\",\"srcHost\":\"WS-" + entity + "\"}\n";
    }

    static void post(HttpClient http, String base, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events?source=json")).header("Authorization", BenchSupport.authorization())
                .header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
}
