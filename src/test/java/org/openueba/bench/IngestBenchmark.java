package org.openueba.bench;

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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openueba.bench.BenchSupport.intArg;
import static org.openueba.bench.BenchSupport.strArg;
import static org.openueba.bench.BenchSupport.backlog;
import static org.openueba.bench.BenchSupport.awaitReady;

/**
 * REST bulk-ingest throughput of the packaged application into its embedded H2 database.
 * Starts {@code target/quarkus-app/quarkus-run.jar} in a fresh temporary directory, posts
 * pre-generated batches from several client threads and reports (1) acknowledged events per second
 * (an acknowledgement means the batch is in the fsync'd event journal) and (2) the time until every
 * event is indexed into H2 and queryable. See docs/performance.md.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.openueba.bench.IngestBenchmark \
 *     -Dexec.args="--events 2000000 --batch 20000 --clients 2 --format cert-logon"
 * </pre>
 * <p>For the PostgreSQL flavour, build with {@code -Ppostgresql} and pass the connection with
 * {@code --jvm-args -Dquarkus.datasource.jdbc.url=…,-Dquarkus.datasource.username=…} (comma-separated) (see
 * docs/performance.md).
 *
 * <p>Formats: {@code cert-logon} (CERT logon.csv lines, ~80 bytes), {@code ndjson} (native JSON
 * with a random public IP, GeoIP-enriched, ~200 bytes) and {@code demo} (the demo organisation's
 * logon, device and VPN files with {@code --users N}, default 3000). Data is seeded, so runs are
 * comparable.
 */
public final class IngestBenchmark {
    private static final DateTimeFormatter CERT = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 1_000_000);
        int batch = intArg(args, "--batch", 20_000);
        int clients = intArg(args, "--clients", 2);
        String format = strArg(args, "--format", "cert-logon");
        String heap = strArg(args, "--heap", "2g");

        List<Body> bodies = format.equals("demo")
                ? demo(intArg(args, "--users", 3000), intArg(args, "--weeks", 9), batch)
                : generate(events, batch, format).stream().map(b -> new Body(
                        format.equals("ndjson") ? "json" : "cert-logon",
                        format.equals("ndjson") ? "application/x-ndjson" : "text/csv", b)).toList();
        events = format.equals("demo") ? bodies.stream().mapToInt(Body::events).sum() : events;
        Path dir = Files.createTempDirectory("ueba-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("app.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN"));
        String extra = strArg(args, "--jvm-args", "");
        if (!extra.isBlank()) cmd.addAll(Arrays.asList(extra.trim().split(","))); // comma-separated JVM flags
        cmd.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("UEBA_PSEUDONYMISATION_KEY", "benchmark-key-0123456789abcdef0123456789");
        pb.environment().put("UEBA_BOOTSTRAP_ADMIN_PASSWORD", BenchSupport.ADMIN_PASSWORD);
        Process app = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            awaitReady(http, base, app, log, Duration.ofSeconds(90));
            // warm-up: 5 % of the batches into a separate source, not counted
            AtomicInteger next = new AtomicInteger();
            long bytes = bodies.stream().mapToLong(b -> b.bytes().length).sum();
            ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
                Thread t = new Thread(r, "bench-client");
                t.setDaemon(true); // a failed run must not keep the JVM alive
                return t;
            });
            long t0 = System.nanoTime();
            List<Future<Long>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    long accepted = 0;
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size()) {
                        Body body = bodies.get(i);
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events?source=" + body.source())).header("Authorization", BenchSupport.authorization())
                                .header("Content-Type", body.contentType())
                                .timeout(Duration.ofMinutes(5))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
                        String b = r.body();
                        int k = b.indexOf("\"accepted\":") + 11;
                        accepted += Long.parseLong(b.substring(k, b.indexOf(',', k)));
                    }
                    return accepted;
                }));
            }
            long accepted = 0;
            for (Future<Long> f : results) accepted += f.get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            System.out.printf("format=%s events=%d batch=%d clients=%d heap=%s%n", format, events, batch, clients, heap);
            System.out.printf("accepted=%d in %.2f s: %.0f events/s durable, %.1f MB/s of request bodies%n",
                    accepted, seconds, accepted / seconds, bytes / seconds / 1e6);
            // the database side: when is every acknowledged event queryable?
            while (backlog(http, base) > 0) Thread.sleep(100);
            double indexed = (System.nanoTime() - t0) / 1e9;
            System.out.printf("all indexed (queryable) after %.2f s: %.0f events/s end to end into the database%n", indexed,
                    accepted / indexed);
            Path h2 = dir.resolve("data/ueba.mv.db");
            if (Files.exists(h2)) {
                System.out.printf("H2 file right after indexing: %.1f MB (%.0f bytes/event)%n", Files.size(h2) / 1e6,
                        (double) Files.size(h2) / accepted);
            }
            if (accepted != events) throw new IllegalStateException("expected " + events + " accepted, got " + accepted);
        } finally {
            app.destroy(); // SIGTERM: H2 closes (and compacts); a flight recording (--jvm-args) is written
            if (!app.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) app.destroyForcibly();
        }
        Path h2 = dir.resolve("data/ueba.mv.db");
        if (Files.exists(h2)) {
            System.out.printf("H2 file after a clean shutdown: %.1f MB (%.0f bytes/event)%n", Files.size(h2) / 1e6,
                    (double) Files.size(h2) / events);
        }
    }

    /** One request body and where it goes. */
    record Body(String source, String contentType, byte[] bytes, int events) {
        Body(String source, String contentType, byte[] bytes) {
            this(source, contentType, bytes, count(bytes) - (contentType.equals("text/csv") ? 1 : 0));
        }

        static int count(byte[] b) {
            int n = 0;
            for (byte x : b) if (x == '\n') n++;
            return n;
        }
    }

    /**
     * The demo organisation (docs/demo.md) with {@code users} users: its logon, device and VPN files
     * cut into batches of {@code batch} lines (CSV batches repeat the header), interleaved by file.
     */
    static List<Body> demo(int users, int weeks, int batch) throws IOException {
        Path dir = Files.createTempDirectory("ueba-bench-demo");
        org.openueba.demo.DemoOrganisation.generate(new org.openueba.demo.DemoParameters(42, users, weeks,
                org.openueba.demo.DemoParameters.DEFAULT_START), dir);
        List<List<Body>> perFile = new ArrayList<>();
        for (String[] f : new String[][]{{"logon.csv", "cert-logon", "text/csv"}, {"device.csv", "cert-device", "text/csv"},
                {"vpn.ndjson", "vpn", "application/x-ndjson"}}) {
            List<String> lines = Files.readAllLines(dir.resolve(f[0]));
            boolean csv = f[2].equals("text/csv");
            String header = csv ? lines.get(0) + "\n" : "";
            List<Body> bodies = new ArrayList<>();
            for (int from = csv ? 1 : 0; from < lines.size(); from += batch) {
                StringBuilder b = new StringBuilder(header);
                for (String l : lines.subList(from, Math.min(lines.size(), from + batch))) b.append(l).append('\n');
                bodies.add(new Body(f[1], f[2], b.toString().getBytes(StandardCharsets.UTF_8)));
            }
            perFile.add(bodies);
        }
        List<Body> out = new ArrayList<>();
        while (perFile.stream().anyMatch(l -> !l.isEmpty())) {
            for (List<Body> l : perFile) if (!l.isEmpty()) out.add(l.remove(0));
        }
        return out;
    }

    static List<byte[]> generate(int events, int batch, String format) {
        SplittableRandom rnd = new SplittableRandom(7);
        Instant start = Instant.parse("2026-09-07T00:00:00Z");
        List<byte[]> out = new ArrayList<>();
        StringBuilder b = new StringBuilder(batch * 220);
        int inBatch = 0;
        if (format.equals("cert-logon")) b.append("id,date,user,pc,activity\n");
        for (int i = 0; i < events; i++) {
            int user = rnd.nextInt(5_000);
            Instant t = start.plusSeconds(i / 20);
            if (format.equals("cert-logon")) {
                b.append("{B").append(Integer.toString(i, 36)).append("-").append(Long.toString(rnd.nextLong() & 0xffffffffL, 36))
                        .append("},").append(CERT.format(t)).append(",DTAA/U").append(user).append(",PC-")
                        .append(rnd.nextInt(8_000)).append(',').append(rnd.nextInt(4) == 0 ? "Logoff" : "Logon").append('\n');
            } else if (format.equals("ndjson")) {
                b.append("{\"id\":\"n").append(i).append("\",\"time\":\"").append(t).append("\",\"entity\":\"u")
                        .append(user).append("\",\"kind\":\"authentication\",\"action\":\"vpn-login\",\"outcome\":\"")
                        .append(rnd.nextInt(20) == 0 ? "failure" : "success").append("\",\"srcIp\":\"")
                        .append(81 + rnd.nextInt(10)).append('.').append(rnd.nextInt(256)).append('.')
                        .append(rnd.nextInt(256)).append('.').append(1 + rnd.nextInt(254))
                        .append("\",\"dstHost\":\"vpn-gw-").append(rnd.nextInt(3)).append("\",\"userAgent\":\"Mozilla/5.0\"}\n");
            } else {
                throw new IllegalArgumentException("--format must be cert-logon or ndjson");
            }
            if (++inBatch == batch) {
                out.add(b.toString().getBytes(StandardCharsets.UTF_8));
                b.setLength(0);
                if (format.equals("cert-logon")) b.append("id,date,user,pc,activity\n");
                inBatch = 0;
            }
        }
        if (inBatch > 0) out.add(b.toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
