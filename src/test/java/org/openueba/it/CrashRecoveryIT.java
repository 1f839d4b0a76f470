package org.openueba.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoParameters;
import org.openueba.event.Event;
import org.openueba.event.Field;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety while events are streamed (issue 5, item 7). A small demo organisation (seed 42,
 * 40 users, 8 weeks: 31,503 events with its injected attacks; 37 alerts at threshold 50) is posted
 * over REST as NDJSON in batches of random size, one batch at a time, to the packaged application —
 * twice:
 * <ol>
 *   <li>the reference: one uninterrupted run on a fresh data directory;</li>
 *   <li>the same batches, with the application killed by SIGKILL at seeded random points and
 *       restarted on the same data directory: right after an acknowledgement (the indexer is still
 *       behind), once everything acknowledged is indexed (the restart restores the last model snapshot
 *       and re-applies the stored events after it), or while a batch is in flight (not acknowledged:
 *       the client sends it again after the restart, and the ids that did reach the journal must not
 *       be stored twice); some restarts are killed again, up to 5 s after the start (during the boot,
 *       on a slow machine) or up to 1.5 s after the restart answered ready (while the journal is
 *       re-indexed and the models are restored).</li>
 * </ol>
 * Both runs use short model snapshot intervals and 1 MiB journal segments so that kills hit snapshot
 * saves, snapshot restores and deleted segments. At the end both runs must hold every event exactly
 * once, with the same model scores, and the same alerts (every field of the API's alert; they are all
 * event-time based).
 *
 * <p>The kill points come from {@code -Dkillrestart.seed=N} (printed by every run; default: a new
 * seed each run) and their number from {@code -Dkillrestart.kills=N} (default 6). Timing still varies
 * between runs of one seed: the seed fixes where and how the kills are aimed, not the scheduler.
 */
class CrashRecoveryIT {
    static final String SEED_PROPERTY = "killrestart.seed";
    static final String KILLS_PROPERTY = "killrestart.kills";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The same for both runs: frequent snapshots, small segments, small indexing transactions, and
     * threshold 50 for more alerts from a small organisation (as in ReplayIT).
     */
    private static final Map<String, String> ENV = Map.of("UEBA_MODELS_SNAPSHOT_EVERY", "1s",
            "UEBA_JOURNAL_SEGMENT_BYTES", String.valueOf(1 << 20), "UEBA_JOURNAL_INDEX_BATCH", "2000",
            "UEBA_SMART_THRESHOLD", "50");
    private static final Duration READY = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request body and the ids it holds. */
    record Batch(int index, String body, List<String> ids) {
    }

    /** When, relative to its batch, a kill comes. */
    enum When {
        /** Right after the batch's answer: the indexer is usually behind. */
        ANSWERED,
        /** After the answer, once everything acknowledged is indexed (and scored). */
        INDEXED,
        /** A few milliseconds after the batch was sent, usually before its answer. */
        IN_FLIGHT
    }

    /**
     * Where the application is killed.
     *
     * @param batch          the batch sent last or in flight
     * @param delayMillis    for {@link When#IN_FLIGHT}: how long after sending
     * @param recoveryKillMs when ≥ 0, the restarted application is killed again this long after its start
     *                       or, with {@code afterReady}, after it answered ready
     * @param afterReady     the second kill is timed from readiness, when the restarted application re-indexes
     *                       the journal and re-applies events to its models (a kill timed from the start alone
     *                       lands in the boot on a slow machine and after it on a fast one)
     */
    record Kill(int batch, When when, int delayMillis, int recoveryKillMs, boolean afterReady) {
        @Override
        public String toString() {
            String at = switch (when) {
                case ANSWERED -> " right after its answer";
                case INDEXED -> " after its answer, once indexed";
                case IN_FLIGHT -> " in flight +" + delayMillis + " ms";
            };
            return "batch " + batch + at + (recoveryKillMs < 0 ? ""
                    : ", again " + recoveryKillMs + (afterReady ? " ms after the restart was ready" : " ms into the restart"));
        }
    }

    /** What a run stored: events by id (every field but ingestedAt), the row count, and alerts by id. */
    record Stored(Map<String, JsonNode> events, long rows, Map<String, JsonNode> alerts) {
    }

    @Test
    void sigkillsWhileStreamingLoseNothingStoreNothingTwiceAndChangeNoAlert(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        int killCount = Integer.getInteger(KILLS_PROPERTY, 6);
        System.out.printf(Locale.ROOT, "CrashRecoveryIT: seed %d, %d kills (repeat with -D%s=%d); logs in %s, kept if it fails%n",
                seed, killCount, SEED_PROPERTY, seed, dir);
        Random random = new Random(seed);
        List<Batch> batches = batches(random);
        List<Kill> kills = plan(random, batches.size(), killCount);
        Set<String> input = new HashSet<>();
        batches.forEach(b -> input.addAll(b.ids()));

        long t0 = System.nanoTime();
        Stored reference = uninterrupted(Files.createDirectories(dir.resolve("reference")), batches);
        long t1 = System.nanoTime();
        Stored killed = withKills(Files.createDirectories(dir.resolve("killed")), batches, kills);
        System.out.printf(Locale.ROOT, "CrashRecoveryIT: %d events in %d batches, %d alerts; reference run %.1f s, run with kills %.1f s%n",
                input.size(), batches.size(), reference.alerts().size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);

        assertTrue(reference.alerts().size() >= 20, "the input must raise alerts, got " + reference.alerts().size());
        for (Stored s : List.of(reference, killed)) {
            assertEquals(input.size(), s.rows(), "every acknowledged event stored exactly once (rows)");
            assertEquals(input, s.events().keySet(), "every acknowledged event stored (ids)");
        }
        List<String> differences = new ArrayList<>(differences("alert", reference.alerts(), killed.alerts()));
        differences.addAll(differences("event", reference.events(), killed.events()));
        if (!differences.isEmpty()) {
            fail(differences.size() + " alerts or events differ from the uninterrupted run (seed " + seed + "); the first:\n"
                    + String.join("\n", differences.subList(0, Math.min(6, differences.size()))));
        }
    }

    /** The demo as NDJSON of the json source, in event-time order, cut into batches of 100–700 events. */
    static List<Batch> batches(Random random) throws IOException {
        List<Event> events = DemoEvents.generate(new DemoParameters(42, 40, 8, LocalDate.of(2025, 9, 1))).events();
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 100 + random.nextInt(601));
            StringBuilder body = new StringBuilder();
            List<String> ids = new ArrayList<>(to - from);
            for (Event e : events.subList(from, to)) {
                body.append(nativeJson(e)).append('\n');
                ids.add("json:" + e.id());
            }
            out.add(new Batch(out.size(), body.toString(), ids));
            from = to;
        }
        return out;
    }

    /** An event in the native JSON format (docs/sources.md); the json source stores it as {@code json:ID}. */
    static String nativeJson(Event e) {
        ObjectNode o = JSON.createObjectNode();
        for (Field f : Field.values()) {
            String v = f == Field.SOURCE ? null : e.get(f);
            if (v != null) o.put(f.wireName(), v);
        }
        if (!e.attributes().isEmpty()) o.set("attributes", JSON.valueToTree(e.attributes()));
        if (!e.metrics().isEmpty()) o.set("metrics", JSON.valueToTree(e.metrics()));
        return o.toString();
    }

    /** Distinct kill batches (never the first: the application has something to recover), in order. */
    static List<Kill> plan(Random random, int batches, int count) {
        TreeMap<Integer, Kill> kills = new TreeMap<>();
        while (kills.size() < Math.min(count, batches - 1)) {
            int b = 1 + random.nextInt(batches - 1);
            When when = When.values()[random.nextInt(When.values().length)];
            boolean again = random.nextInt(3) == 0, afterReady = random.nextBoolean();
            kills.put(b, new Kill(b, when, when == When.IN_FLIGHT ? random.nextInt(80) : 0,
                    !again ? -1 : afterReady ? random.nextInt(1500) : random.nextInt(5000), again && afterReady));
        }
        return List.copyOf(kills.values());
    }

    private Stored uninterrupted(Path dir, List<Batch> batches) throws Exception {
        try (PackagedApp app = new PackagedApp(dir, ENV)) {
            long t0 = System.nanoTime();
            app.start(true);
            app.awaitReady(READY);
            long t1 = System.nanoTime();
            for (Batch b : batches) acknowledge(app, b, post(app, b));
            long t2 = System.nanoTime();
            app.awaitBacklogDrained(http, Duration.ofSeconds(120));
            System.out.printf(Locale.ROOT, "CrashRecoveryIT: reference run: ready after %.1f s, all acknowledged %.1f s later, all indexed %.1f s later%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
            Stored stored = read(app);
            app.stop();
            if (!PackagedApp.postgres()) {
                assertTrue(Files.exists(dir.resolve("data/ueba.mv.db")) && !Files.exists(dir.resolve("data/ueba.running")),
                        "a clean stop removes the H2 database's in-use marker");
            }
            return stored;
        }
    }

    private Stored withKills(Path dir, List<Batch> batches, List<Kill> kills) throws Exception {
        Map<Integer, Kill> at = new LinkedHashMap<>();
        kills.forEach(k -> at.put(k.batch(), k));
        PackagedApp app = new PackagedApp(dir, ENV);
        int resent = 0, starts = 1;
        try {
            app.start(true);
            app.awaitReady(READY);
            int next = 0;
            while (next < batches.size()) {
                Batch b = batches.get(next);
                Kill k = at.remove(next);
                String outcome;
                if (k != null && k.when() == When.IN_FLIGHT) {
                    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(ingest(app, b), HttpResponse.BodyHandlers.ofString());
                    Thread.sleep(k.delayMillis());
                    app.kill();
                    HttpResponse<String> r = answer.handle((ok, failed) -> ok).get(60, TimeUnit.SECONDS);
                    if (r != null && r.statusCode() == 200) {
                        acknowledge(app, b, r);
                        next++;
                        outcome = "answered before the kill";
                    } else {
                        outcome = "not answered: sent again after the restart";
                        resent++;
                    }
                } else {
                    acknowledge(app, b, post(app, b));
                    next++;
                    if (k == null) continue;
                    if (k.when() == When.INDEXED) app.awaitBacklogDrained(http, Duration.ofSeconds(120));
                    app.kill();
                    outcome = "acknowledged";
                }
                app = restart(dir, app, k);
                starts += k.recoveryKillMs() >= 0 ? 2 : 1;
                System.out.printf(Locale.ROOT, "CrashRecoveryIT: killed at %s (%s); restart: %s%n", k, outcome, recoveryLog(app));
            }
            app.awaitBacklogDrained(http, Duration.ofSeconds(120));
            System.out.printf(Locale.ROOT, "CrashRecoveryIT: %d starts for %d kills (%d more during recovery), %d batches killed in flight"
                    + " of which %d unanswered and sent again%n", starts, kills.size(), kills.stream().filter(k -> k.recoveryKillMs() >= 0).count(),
                    kills.stream().filter(k -> k.when() == When.IN_FLIGHT).count(), resent);
            HttpResponse<String> again = post(app, batches.get(0));
            assertEquals(batches.get(0).ids().size(), JSON.readTree(again.body()).get("duplicates").asLong(),
                    "a batch sent again after the kills is all duplicates: " + again.body());
            return read(app);
        } catch (AssertionError | Exception e) {
            System.out.println("CrashRecoveryIT: application log tail:\n" + app.tail());
            throw e;
        } finally {
            app.close();
        }
    }

    /** Starts the application again on {@code dir}, killing it once more during recovery when the plan says so. */
    private PackagedApp restart(Path dir, PackagedApp killed, Kill k) throws Exception {
        killed.close();
        PackagedApp app = new PackagedApp(dir, ENV);
        app.start(false);
        if (k.recoveryKillMs() >= 0) {
            if (k.afterReady()) app.awaitReady(READY);
            Thread.sleep(k.recoveryKillMs());
            app.kill();
            app = new PackagedApp(dir, ENV);
            app.start(false);
        }
        app.awaitReady(READY);
        if (!PackagedApp.postgres()) {
            assertTrue(Files.readString(app.log()).contains("database: rebuilt"), "a start after a kill rebuilds the H2 tables: " + recoveryLog(app));
        }
        return app;
    }

    /** What the restarted application logged about recovery, so far (it may still be re-indexing). */
    private static String recoveryLog(PackagedApp app) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(app.log())) {
            if (line.contains("journal: ") || line.contains("models: ") || line.contains("database: ")) found.add(line.substring(line.indexOf(": ") + 2).trim());
        }
        return found.isEmpty() ? "nothing to recover logged yet" : String.join("; ", found);
    }

    private HttpRequest ingest(PackagedApp app, Batch b) {
        return app.request("/api/v1/events?source=json").header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(b.body(), StandardCharsets.UTF_8)).build();
    }

    private HttpResponse<String> post(PackagedApp app, Batch b) throws Exception {
        return http.send(ingest(app, b), HttpResponse.BodyHandlers.ofString());
    }

    /** Checks an answer: every event accepted, none rejected; stored + duplicates = accepted. */
    private static void acknowledge(PackagedApp app, Batch b, HttpResponse<String> r) throws IOException {
        assertEquals(200, r.statusCode(), app.explain(r.body()));
        JsonNode n = JSON.readTree(r.body());
        assertEquals(b.ids().size(), n.get("accepted").asLong(), r.body());
        assertEquals(0, n.get("rejected").asLong(), r.body());
        assertEquals(b.ids().size(), n.get("stored").asLong() + n.get("duplicates").asLong(), r.body());
    }

    /** Every stored event (paging through GET /api/v1/events) and every alert (NDJSON export). */
    private Stored read(PackagedApp app) throws Exception {
        Map<String, JsonNode> events = new TreeMap<>();
        long rows = 0;
        String cursor = null;
        do {
            String url = "/api/v1/events?source=json&limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(app.request(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), app.explain(r.body()));
            JsonNode page = JSON.readTree(r.body());
            for (JsonNode e : page.get("items")) {
                ((ObjectNode) e).remove("ingestedAt"); // wall clock
                events.put(e.get("id").asText(), e);
                rows++;
            }
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        HttpResponse<String> r = http.send(app.request("/api/v1/alerts?format=ndjson").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), app.explain(r.body()));
        Map<String, JsonNode> alerts = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode a = JSON.readTree(line);
            if (alerts.put(a.get("id").asText(), a) != null) fail("alert listed twice: " + line);
        }
        return new Stored(events, rows, alerts);
    }

    /** The keys whose values differ (or are missing on one side), each with both values. */
    private static List<String> differences(String what, Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        List<String> diffs = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            JsonNode e = expected.get(k), a = actual.get(k);
            if (e == null || !e.equals(a)) diffs.add(what + " " + k + "\n  uninterrupted: " + e + "\n  with kills:    " + a);
        }
        return diffs;
    }
}
