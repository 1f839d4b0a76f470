package org.openueba.it;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soak (issue 5, item 8): the packaged application takes a steady stream of realistic events over
 * loopback REST for {@code -Dsoak.minutes} minutes while its live heap is sampled; after the warm-up
 * the heap must stay flat. Skipped unless {@code soak.minutes} is set (docs/reliability.md: a run of
 * two minutes cannot separate warm-up from steady state, so a short version in every build would
 * prove nothing).
 *
 * <p>Load: {@code soak.entities} (2,000) entities — 90 % day workers with a shift of 9 hours starting
 * between 07:00 and 10:00 UTC, 10 % active around the clock — with their own workstation, address,
 * home city, browser and three usual servers; events are logons/logoffs (2 % failures), web requests
 * and network connections with byte counts; 0.5 % come from one of 2,000 outside addresses in 30
 * cities, 0.5 % go to one of 2,000 other servers. Event time runs at one simulated day per
 * {@code soak.daySeconds} (8) seconds, so at 2,000 events/s each entity has about 8 events a day.
 * The application runs with {@code ueba.retention.days=30} (the smallest the second layer accepts;
 * it is the models' window and the user model's), so after 4 minutes the models' windows are full:
 * what is left to grow is a leak, or a structure the window does not bound (docs/reliability.md).
 * Retention pruning of the stored events is off unless {@code -Dsoak.pruneEvery=1m}: at a steady
 * state it deletes as many rows as are indexed, which measures the database more than the heap
 * (H2 fell behind while pruning deleted in one transaction; in bounded ones it keeps up,
 * docs/reliability.md).
 *
 * <p>Every {@code soak.sampleSeconds} (10) seconds: {@code jcmd PID GC.run} (a full collection),
 * then heap used from {@code /q/metrics}, the process RSS, acknowledged events and the journal
 * backlog. The samples go to {@code target/soak/}. A single sample also holds what is in flight (the
 * indexer's current chunk, request bodies), ±20 MB; what stays is the smallest sample of each minute,
 * the minute's floor. Asserted after the run: the rate reached at least 90 % of {@code soak.rate}
 * (2,000 events/s), the backlog stayed bounded, and over the minutes after the warm-up (the first
 * 40 % of the run) the least-squares growth of the floor is below 20 MB or 32 bytes per event
 * acknowledged meanwhile, whichever is larger (docs/reliability.md: about three times the noise of
 * the fit in a 10-minute run, and less than any object kept per event).
 */
class SoakIT {
    static final String[][] CITIES = {{"Berlin", "DE", "52.52", "13.40"}, {"Hamburg", "DE", "53.55", "9.99"},
            {"Munich", "DE", "48.14", "11.58"}, {"Paris", "FR", "48.86", "2.35"}, {"Lyon", "FR", "45.76", "4.84"},
            {"London", "GB", "51.51", "-0.13"}, {"Manchester", "GB", "53.48", "-2.24"}, {"Madrid", "ES", "40.42", "-3.70"},
            {"Rome", "IT", "41.90", "12.50"}, {"Milan", "IT", "45.46", "9.19"}, {"Vienna", "AT", "48.21", "16.37"},
            {"Zurich", "CH", "47.38", "8.54"}, {"Amsterdam", "NL", "52.37", "4.90"}, {"Brussels", "BE", "50.85", "4.35"},
            {"Warsaw", "PL", "52.23", "21.01"}, {"Prague", "CZ", "50.08", "14.44"}, {"Stockholm", "SE", "59.33", "18.07"},
            {"Oslo", "NO", "59.91", "10.75"}, {"Copenhagen", "DK", "55.68", "12.57"}, {"Dublin", "IE", "53.35", "-6.26"},
            {"Lisbon", "PT", "38.72", "-9.14"}, {"New York", "US", "40.71", "-74.01"}, {"Chicago", "US", "41.88", "-87.63"},
            {"San Francisco", "US", "37.77", "-122.42"}, {"Toronto", "CA", "43.65", "-79.38"}, {"Sao Paulo", "BR", "-23.55", "-46.63"},
            {"Singapore", "SG", "1.35", "103.82"}, {"Tokyo", "JP", "35.68", "139.69"}, {"Sydney", "AU", "-33.87", "151.21"},
            {"Mumbai", "IN", "19.08", "72.88"}};
    static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15", "Mozilla/5.0 (X11; Linux x86_64) Firefox/127.0"};

    /** One sample, taken right after a full collection. */
    record Sample(double seconds, long acknowledged, long backlog, long heapUsed, long liveData, long rssBytes) {
    }

    @Test
    void heapStaysFlatAtASteadyIngestRate(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "0"));
        Assumptions.assumeTrue(minutes > 0, "SoakIT skipped: it needs minutes, not part of the default build. Run it with"
                + " ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Dsoak.minutes=10"
                + " (docs/reliability.md)");
        int rate = Integer.getInteger("soak.rate", 2000);
        int entities = Integer.getInteger("soak.entities", 2000);
        int daySeconds = Integer.getInteger("soak.daySeconds", 8);
        int sampleSeconds = Integer.getInteger("soak.sampleSeconds", 10);
        String heap = System.getProperty("soak.heap", "512m");
        long runNanos = (long) (minutes * 60e9);
        System.out.printf(Locale.ROOT, "SoakIT: %.1f min at %d events/s, %d entities, a simulated day per %d s, -Xmx%s, sample every %d s,"
                + " pruning %s%n", minutes, rate, entities, daySeconds, heap, sampleSeconds, System.getProperty("soak.pruneEvery", "off"));

        String pruneEvery = System.getProperty("soak.pruneEvery", "off");
        Map<String, String> env = Map.of("UEBA_RETENTION_DAYS", "30", "UEBA_RETENTION_PRUNE_EVERY", pruneEvery);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (PackagedApp app = new PackagedApp(dir, env, List.of("-Xmx" + heap))) {
            app.start(true);
            app.awaitReady(Duration.ofSeconds(120));
            // event time: ends about a day before now, whatever the length of the run
            double simDays = runNanos / 1e9 / daySeconds;
            Instant simStart = Instant.now().truncatedTo(ChronoUnit.DAYS).minus((long) Math.ceil(simDays) + 2, ChronoUnit.DAYS);
            Load load = new Load(entities, 42);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong acknowledged = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long t0 = System.nanoTime();
            Thread sender = new Thread(() -> {
                int perBatch = Math.max(1, rate / 10);
                try {
                    for (long b = 0; running.get(); b++) {
                        long due = t0 + b * 100_000_000L;
                        long wait = due - System.nanoTime();
                        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        double simSeconds = (System.nanoTime() - t0) / 1e9 * 86_400.0 / daySeconds;
                        Instant at = simStart.plusMillis((long) (simSeconds * 1000));
                        String body = load.batch(perBatch, at, Duration.ofMillis(100L * 86_400 / daySeconds));
                        HttpResponse<String> r = http.send(app.request("/api/v1/events?source=json")
                                        .header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(2))
                                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
                        acknowledged.addAndGet(perBatch);
                    }
                } catch (Throwable e) {
                    if (running.get()) failure.set(e);
                }
            }, "soak-sender");
            sender.setDaemon(true);
            sender.start();

            List<Sample> samples = new ArrayList<>();
            long pid = app.process().pid();
            for (long next = t0 + sampleSeconds * 1_000_000_000L; next <= t0 + runNanos; next += sampleSeconds * 1_000_000_000L) {
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000);
                assertNull(failure.get(), () -> "the sender failed: " + failure.get() + "\n" + tailOf(app));
                samples.add(sample(app, http, pid, (System.nanoTime() - t0) / 1e9, acknowledged.get()));
                Sample s = samples.get(samples.size() - 1);
                System.out.printf(Locale.ROOT, "SoakIT: %6.0f s  %,10d acknowledged  backlog %,8d  heap after GC %6.1f MB  live data %6.1f MB  RSS %6.1f MB%n",
                        s.seconds(), s.acknowledged(), s.backlog(), s.heapUsed() / 1e6, s.liveData() / 1e6, s.rssBytes() / 1e6);
            }
            running.set(false);
            sender.join(TimeUnit.MINUTES.toMillis(2));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path csv = write(samples);
            Verdict v = verdict(samples, 0.4, 60);
            Verdict raw = verdict(samples, 0.4, 0);
            long eventsInSpan = acknowledgedBetween(samples, v.fromSeconds());
            double bound = Math.max(20e6, 32.0 * eventsInSpan);
            for (double[] f : floors(samples, 60)) {
                System.out.printf(Locale.ROOT, "SoakIT: minute %2.0f  floor of heap after GC %6.1f MB%n", f[0] / 60 + 0.5, f[1] / 1e6);
            }
            System.out.printf(Locale.ROOT, "SoakIT: %,d events acknowledged in %.0f s = %.0f events/s (target %d); backlog at the end %,d,"
                            + " at most %,d after the warm-up; after the warm-up (from %.0f s): minute floors of heap after GC: %d, mean %.1f MB,"
                            + " slope %+.3f MB/min, growth over the span %+.1f MB = %+.1f bytes per event acknowledged meanwhile (bound %.1f MB);"
                            + " the %d samples themselves: mean %.1f MB, slope %+.3f MB/min, growth %+.1f MB;"
                            + " last third vs middle third of all samples %+.2f %%; samples in %s%n",
                    acknowledged.get(), seconds, acknowledged.get() / seconds, rate, samples.get(samples.size() - 1).backlog(),
                    samples.stream().filter(x -> x.seconds() >= v.fromSeconds()).mapToLong(Sample::backlog).max().orElse(-1),
                    v.fromSeconds(), v.points(), v.meanBytes() / 1e6, v.slopeBytesPerSecond() * 60 / 1e6, v.growthBytes() / 1e6,
                    v.growthBytes() / eventsInSpan, bound / 1e6, raw.points(), raw.meanBytes() / 1e6,
                    raw.slopeBytesPerSecond() * 60 / 1e6, raw.growthBytes() / 1e6, 100 * raw.thirds(), csv);
            assertTrue(acknowledged.get() / seconds >= 0.9 * rate, "rate reached: " + acknowledged.get() / seconds);
            long maxBacklog = samples.stream().mapToLong(Sample::backlog).max().orElse(0);
            assertTrue(maxBacklog < 60L * rate, "the indexer fell behind: backlog up to " + maxBacklog);
            assertTrue(v.points() >= 4, "too few minutes after the warm-up: " + v.points() + "; run longer");
            assertTrue(v.growthBytes() < bound, String.format(Locale.ROOT,
                    "the heap's floor grew %.1f MB over the %d minutes after the warm-up (mean %.1f MB, bound %.1f MB)",
                    v.growthBytes() / 1e6, v.points(), v.meanBytes() / 1e6, bound / 1e6));
        }
    }

    /**
     * The heap after the warm-up.
     *
     * @param points      the values fitted: minute floors, or samples
     * @param growthBytes least-squares slope × the time from the end of the warm-up to the last sample
     * @param thirds      (mean of the last third − mean of the middle third) / mean of the middle third, of all samples
     */
    record Verdict(int points, double fromSeconds, double meanBytes, double slopeBytesPerSecond, double growthBytes,
                   double thirds) {
    }

    /**
     * Fits a line to the heap after GC from {@code warmUpShare} of the run on: to the floors of windows of
     * {@code floorSeconds}, or to the samples themselves when it is 0.
     */
    static Verdict verdict(List<Sample> samples, double warmUpShare, int floorSeconds) {
        double end = samples.get(samples.size() - 1).seconds();
        List<double[]> points = new ArrayList<>();
        if (floorSeconds > 0) {
            points.addAll(floors(samples, floorSeconds));
        } else {
            for (Sample s : samples) points.add(new double[]{s.seconds(), s.heapUsed()});
        }
        double from = warmUpShare * end;
        SimpleRegression r = new SimpleRegression();
        double sum = 0;
        int n = 0;
        for (double[] p : points) {
            if (p[0] < from) continue;
            r.addData(p[0], p[1]);
            sum += p[1];
            n++;
        }
        int third = samples.size() / 3;
        double middle = samples.subList(third, 2 * third).stream().mapToLong(Sample::heapUsed).average().orElse(Double.NaN);
        double lastThird = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(Sample::heapUsed).average()
                .orElse(Double.NaN);
        double slope = n >= 2 ? r.getSlope() : Double.NaN;
        return new Verdict(n, from, sum / n, slope, slope * (end - from), (lastThird - middle) / middle);
    }

    /** Events acknowledged from {@code from} seconds (interpolated between samples) to the last sample. */
    static long acknowledgedBetween(List<Sample> samples, double from) {
        double t0 = 0, a0 = 0;
        for (Sample s : samples) {
            if (s.seconds() >= from) {
                double at = a0 + (s.acknowledged() - a0) * (from - t0) / (s.seconds() - t0);
                return (long) (samples.get(samples.size() - 1).acknowledged() - at);
            }
            t0 = s.seconds();
            a0 = s.acknowledged();
        }
        return 0;
    }

    /** (window start in seconds, smallest heap after GC in it) for each whole window of {@code seconds}. */
    static List<double[]> floors(List<Sample> samples, int seconds) {
        List<double[]> out = new ArrayList<>();
        double end = samples.get(samples.size() - 1).seconds();
        for (int w = 0; (w + 1) * seconds <= end + 1; w++) {
            double lo = w * seconds, hi = (w + 1) * seconds;
            samples.stream().filter(s -> s.seconds() > lo && s.seconds() <= hi + 0.5).mapToLong(Sample::heapUsed).min()
                    .ifPresent(min -> out.add(new double[]{lo, min}));
        }
        return out;
    }

    private static Sample sample(PackagedApp app, HttpClient http, long pid, double seconds, long acknowledged) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) throw new IllegalStateException("jcmd GC.run failed");
        String metrics = app.metrics(http);
        long heap = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        double live = PackagedApp.metric(metrics, "jvm_gc_live_data_size_bytes");
        double backlog = PackagedApp.metric(metrics, "ueba_journal_backlog");
        return new Sample(seconds, acknowledged, (long) backlog, heap, Double.isNaN(live) ? -1 : (long) live, rss(pid));
    }

    /** Resident set size of a process (Linux), or -1. */
    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    private static Path write(List<Sample> samples) throws IOException {
        Path out = Path.of("target", "soak", "samples-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + ".csv");
        Files.createDirectories(out.getParent());
        StringBuilder csv = new StringBuilder("seconds,acknowledged,backlog,heap_used_after_gc_bytes,gc_live_data_bytes,rss_bytes\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%d%n", s.seconds(), s.acknowledged(), s.backlog(),
                    s.heapUsed(), s.liveData(), s.rssBytes()));
        }
        Files.writeString(out, csv);
        return out.toAbsolutePath();
    }

    private static String tailOf(PackagedApp app) {
        try {
            return app.tail();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The organisation: each entity's routine, and a seeded stream of its events. Not thread-safe. */
    static final class Load {
        private final SplittableRandom random;
        private final int[] shiftStart;
        private final int[] home;
        private final int[] agent;
        private final int[][] servers;
        /** Entities active in each UTC hour. */
        private final int[][] activeAt = new int[24][];
        private long next;

        Load(int entities, long seed) {
            this.random = new SplittableRandom(seed);
            shiftStart = new int[entities];
            home = new int[entities];
            agent = new int[entities];
            servers = new int[entities][3];
            List<List<Integer>> active = new ArrayList<>();
            for (int h = 0; h < 24; h++) active.add(new ArrayList<>());
            for (int u = 0; u < entities; u++) {
                shiftStart[u] = random.nextInt(10) == 0 ? -1 : 7 + random.nextInt(4); // -1: around the clock
                home[u] = random.nextInt(CITIES.length);
                agent[u] = random.nextInt(AGENTS.length);
                for (int k = 0; k < 3; k++) servers[u][k] = random.nextInt(200);
                for (int h = 0; h < 24; h++) {
                    if (shiftStart[u] < 0 || (h >= shiftStart[u] && h < shiftStart[u] + 9)) active.get(h).add(u);
                }
            }
            for (int h = 0; h < 24; h++) activeAt[h] = active.get(h).stream().mapToInt(Integer::intValue).toArray();
        }

        /** {@code n} events as NDJSON, their times spread over {@code span} from {@code from}. */
        String batch(int n, Instant from, Duration span) {
            StringBuilder sb = new StringBuilder(n * 330);
            for (int i = 0; i < n; i++) {
                Instant t = from.plusMillis(span.toMillis() * i / n);
                int[] candidates = activeAt[(int) ((t.getEpochSecond() / 3600) % 24)];
                int u = candidates[random.nextInt(candidates.length)];
                event(sb, u, t);
            }
            return sb.toString();
        }

        private void event(StringBuilder sb, int u, Instant t) {
            int kind = random.nextInt(10);
            boolean outside = random.nextInt(200) == 0;
            String[] city = CITIES[outside ? random.nextInt(CITIES.length) : home[u]];
            String ip = outside ? "198.51." + random.nextInt(8) + "." + random.nextInt(250)
                    : "10." + (u / 250) + "." + (u % 250) + ".10";
            int server = random.nextInt(200) == 0 ? 200 + random.nextInt(2000) : servers[u][random.nextInt(3)];
            sb.append("{\"id\":\"soak-").append(next++).append("\",\"time\":\"").append(t).append("\",\"entity\":\"user-")
                    .append(u).append("\",\"srcHost\":\"WS-").append(u).append("\",\"srcIp\":\"").append(ip)
                    .append("\",\"country\":\"").append(city[1]).append("\",\"city\":\"").append(city[0])
                    .append("\",\"lat\":").append(city[2]).append(",\"lon\":").append(city[3]);
            if (kind < 7) {
                sb.append(",\"kind\":\"authentication\",\"action\":\"").append(random.nextBoolean() ? "logon" : "logoff")
                        .append("\",\"outcome\":\"").append(random.nextInt(50) == 0 ? "failure" : "success")
                        .append("\",\"dstHost\":\"SRV-").append(server).append('"');
            } else if (kind < 9) {
                sb.append(",\"kind\":\"web_request\",\"action\":\"GET\",\"outcome\":\"success\",\"dstHost\":\"app-")
                        .append(server % 20).append(".example.org\",\"userAgent\":\"").append(AGENTS[agent[u]])
                        .append("\",\"bytes\":").append(500 + random.nextInt(50_000));
            } else {
                sb.append(",\"kind\":\"network_connection\",\"dstHost\":\"SRV-").append(server).append("\",\"bytes\":")
                        .append(1000 + random.nextInt(2_000_000));
            }
            sb.append("}\n");
        }
    }
}
