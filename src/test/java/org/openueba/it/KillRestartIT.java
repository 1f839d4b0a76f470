package org.openueba.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that a 2xx answer means durable: the packaged application is killed with SIGKILL right
 * after acknowledging batches (typically while the indexer is still copying the journal into the
 * database), restarted on the same data, and every acknowledged event must be there exactly once.
 */
class KillRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acknowledgedEventsSurviveSigkill(@TempDir Path dir) throws Exception {
        Set<String> acknowledged = new HashSet<>();
        int batches = 8, perBatch = 10_000;
        try (PackagedApp app = new PackagedApp(dir, Map.of())) {
            app.start(true);
            app.awaitReady(Duration.ofSeconds(60));
            for (int b = 0; b < batches; b++) {
                StringBuilder body = new StringBuilder();
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < perBatch; i++) {
                    String id = "k" + b + "-" + i;
                    ids.add("json:" + id);
                    body.append("{\"id\":\"").append(id).append("\",\"time\":\"")
                            .append(Instant.parse("2026-01-05T08:00:00Z").plusSeconds(b * 10_000L + i))
                            .append("\",\"entity\":\"user").append(i % 50)
                            .append("\",\"kind\":\"authentication\",\"dstHost\":\"PC-").append(i % 7).append("\"}\n");
                }
                HttpResponse<String> r = post(app, "json", body.toString());
                assertEquals(200, r.statusCode(), app.explain(r.body()));
                assertEquals(perBatch, JSON.readTree(r.body()).get("accepted").asLong());
                acknowledged.addAll(ids);
            }
            String metrics = app.metrics(http);
            app.kill(); // immediately after the last acknowledgement
            System.out.println("KillRestartIT: killed with " + metrics.lines()
                    .filter(l -> l.startsWith("ueba_journal_backlog")).findFirst().orElse("?"));
        }
        try (PackagedApp app = new PackagedApp(dir, Map.of())) {
            app.start(false);
            app.awaitReady(Duration.ofSeconds(60));
            Set<String> stored = new HashSet<>();
            long rows = 0;
            String cursor = null;
            do {
                String url = "/api/v1/events?source=json&limit=1000"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                JsonNode page = JSON.readTree(http.send(app.request(url).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode e : page.get("items")) {
                    stored.add(e.get("id").asText());
                    rows++;
                }
                cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            assertEquals(acknowledged.size(), rows, "every acknowledged event stored exactly once");
            assertEquals(acknowledged, stored);
            // re-sending after the restart does not duplicate
            HttpResponse<String> again = post(app, "json", "{\"id\":\"k0-0\",\"time\":\"2026-01-05T08:00:00Z\","
                    + "\"entity\":\"user0\",\"kind\":\"authentication\",\"dstHost\":\"PC-0\"}\n");
            assertEquals(1, JSON.readTree(again.body()).get("duplicates").asLong(), again.body());
        }
    }

    /**
     * The journal deletes a segment once the database has committed its events; the database must not
     * lose that commit afterwards (H2 writes commits to its file in the background, up to about a second
     * later). Each round sends batches of 500 events (~1 KiB each) until the journal starts a new 1 MiB segment,
     * waits until everything is indexed (the indexer then deletes the full segment right after its
     * last commit) and kills the application at once. After two rounds every acknowledged event must be
     * stored. Before the fix the first round lost the events of the last commits (2,000 of 15,000 with
     * 1,000 smaller events a batch).
     */
    @Test
    void acknowledgedEventsSurviveAKillRightAfterTheirSegmentWasDeleted(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("UEBA_JOURNAL_SEGMENT_BYTES", String.valueOf(1 << 20), "UEBA_JOURNAL_INDEX_BATCH", "2000");
        Path journal = dir.resolve("data/journal");
        String padding = "x".repeat(900);
        Set<String> acknowledged = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            try (PackagedApp app = new PackagedApp(dir, env)) {
                app.start(round == 0);
                app.awaitReady(Duration.ofSeconds(60));
                String segment = null; // the segment the round's first batch went to
                for (int b = 0; segment == null || segment.equals(newestSegment(journal)); b++) {
                    assertTrue(b < 100, "the journal never started a new segment");
                    StringBuilder body = new StringBuilder();
                    for (int i = 0; i < 500; i++) {
                        String id = "s" + round + "-" + b + "-" + i;
                        acknowledged.add("json:" + id);
                        body.append("{\"id\":\"").append(id).append("\",\"time\":\"")
                                .append(Instant.parse("2026-01-05T08:00:00Z").plusSeconds(round * 1_000_000L + b * 1000L + i))
                                .append("\",\"entity\":\"user").append(i % 50)
                                .append("\",\"kind\":\"authentication\",\"dstHost\":\"PC-").append(i % 7)
                                .append("\",\"attributes\":{\"note\":\"").append(padding).append("\"}}\n");
                    }
                    HttpResponse<String> r = post(app, "json", body.toString());
                    assertEquals(200, r.statusCode(), app.explain(r.body()));
                    if (segment == null) segment = newestSegment(journal);
                }
                app.awaitBacklogDrained(http, Duration.ofSeconds(120));
                app.kill(); // at once: the last commits are milliseconds old
            }
        }
        try (PackagedApp app = new PackagedApp(dir, env)) {
            app.start(false);
            app.awaitReady(Duration.ofSeconds(60));
            app.awaitBacklogDrained(http, Duration.ofSeconds(120));
            Set<String> stored = storedIds(app);
            Set<String> lost = new java.util.TreeSet<>(acknowledged);
            lost.removeAll(stored);
            assertEquals(Set.of(), lost, lost.size() + " acknowledged events lost");
            assertEquals(acknowledged, stored);
        }
    }

    /**
     * An admin's acknowledged changes — a settings change, an issued token — and their audit entries
     * survive a SIGKILL right after the answer (H2 writes commits to its file up to about a second later;
     * {@code DurableChanges} forces them before answering). Before that, the last changes were lost.
     */
    @Test
    void acknowledgedAdminChangesSurviveSigkill(@TempDir Path dir) throws Exception {
        String token;
        try (PackagedApp app = new PackagedApp(dir, Map.of())) {
            app.start(true);
            app.awaitReady(Duration.ofSeconds(60));
            for (int t = 76; t <= 80; t++) {
                HttpResponse<String> r = http.send(app.request("/api/v1/admin/settings").header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"threshold\":" + t + "}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), app.explain(r.body()));
            }
            HttpResponse<String> issued = http.send(app.request("/api/v1/admin/tokens").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"siem-after-kill\",\"role\":\"ingest\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, issued.statusCode(), app.explain(issued.body()));
            token = JSON.readTree(issued.body()).get("token").asText();
            app.kill(); // at once: the last commits are milliseconds old
        }
        try (PackagedApp app = new PackagedApp(dir, Map.of())) {
            app.start(false);
            app.awaitReady(Duration.ofSeconds(60));
            JsonNode settings = JSON.readTree(http.send(app.request("/api/v1/admin/settings").build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(80.0, settings.get("threshold").asDouble(), 0.0, settings.toString());
            JsonNode audit = JSON.readTree(http.send(app.request("/api/v1/admin/audit?action=settings-change").build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(5, audit.get("items").size(), audit.toString());
            JsonNode tokens = JSON.readTree(http.send(app.request("/api/v1/admin/tokens").build(), HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(tokens.toString().contains("siem-after-kill"), tokens.toString());
            // and the token works
            HttpResponse<String> me = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.base() + "/api/v1/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
        }
    }

    /** The name of the newest journal segment file, or "" when there is none. */
    private static String newestSegment(Path journal) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(journal)) return "";
        try (var files = java.nio.file.Files.list(journal)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".seg")).max(String::compareTo).orElse("");
        }
    }

    /** Every stored id of the json source, failing on a duplicate row. */
    private Set<String> storedIds(PackagedApp app) throws Exception {
        Set<String> stored = new HashSet<>();
        String cursor = null;
        do {
            String url = "/api/v1/events?source=json&limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = JSON.readTree(http.send(app.request(url).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode e : page.get("items")) assertTrue(stored.add(e.get("id").asText()), "stored twice: " + e);
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return stored;
    }

    @Test
    void prodProfileRefusesTheDefaultKey(@TempDir Path dir) throws Exception {
        try (PackagedApp app = new PackagedApp(dir, Map.of("UEBA_PSEUDONYMISATION_KEY",
                "insecure-default-pseudonymisation-key-change-me"))) {
            Process p = app.start(true);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application should exit");
            assertNotEquals(0, p.exitValue());
            assertTrue(app.tail().contains("Refusing to start: ueba.pseudonymisation.key is the published default"),
                    app.tail());
        }
    }

    /** A retention or pruning batch below 1 (a retention of 0 would delete every event) stops the start, naming the key. */
    @Test
    void aRetentionBelowOneDayOrABatchBelowOneRefusesToStart(@TempDir Path dir) throws Exception {
        for (String key : java.util.List.of("UEBA_RETENTION_DAYS", "UEBA_RETENTION_BATCH")) {
            try (PackagedApp app = new PackagedApp(dir, Map.of(key, "0"))) {
                Process p = app.start(true);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application should exit");
                assertNotEquals(0, p.exitValue());
                String name = key.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                assertTrue(app.tail().contains(name + " must be greater than or equal to 1"), app.tail());
            }
        }
    }

    private HttpResponse<String> post(PackagedApp app, String source, String body) throws Exception {
        return http.send(app.request("/api/v1/events?source=" + source)
                .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
