package org.openueba.replay;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openueba.demo.DemoEvaluation;
import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoParameters;
import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;
import org.openueba.smart.WindowAlert;
import org.openueba.source.AdapterLimits;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.SourceProfile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure replay on a small generated demo (seed 42, 40 users, 4 weeks): deterministic and equal to the evaluation harness. */
class ReplayJobTest {
    static final SmartConfig SMART = SmartConfig.DEFAULT.withThreshold(50);
    static Path dir;
    static GeoEnricher geo;
    static Map<String, ZoneId> zones;

    @BeforeAll
    static void demo() throws Exception {
        dir = Files.createTempDirectory("replay-job-test");
        DemoOrganisation.generate(new DemoParameters(42, 40, 4, DemoParameters.DEFAULT_START), dir);
        geo = GeoEnricher.bundled();
        zones = DemoEvents.zones(dir);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        geo.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static ReplayJob.Report replay(Path out, int threads, ReplayJob.Merge merge, ByteArrayOutputStream err) throws Exception {
        return replay(out, threads, merge, true, err);
    }

    private static ReplayJob.Report replay(Path out, int threads, ReplayJob.Merge merge, boolean pipelined,
                                           ByteArrayOutputStream err) throws Exception {
        List<ReplayArguments.Input> inputs = new ArrayList<>();
        Map<String, SourceProfile> profiles = new HashMap<>();
        for (String[] f : DemoEvents.FILES) {
            inputs.add(new ReplayArguments.Input(f[1], dir.resolve(f[0])));
            profiles.put(f[1], PredefinedProfiles.byName(f[1]).orElseThrow());
        }
        InputReader.Settings settings = new InputReader.Settings(new Pseudonymiser("replay-job-test-key-0123456789abcdef"),
                geo, List.of(), AdapterLimits.DEFAULT, Instant.parse("2100-01-01T00:00:00Z"), 1000);
        BehaviourEngine.ZoneLookup z = (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC);
        try (PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return ReplayJob.run(inputs, out, profiles, settings, ModelConfig.DEFAULT, SMART, z, threads, merge, pipelined, p);
        }
    }

    @Test
    void twoReplaysWriteTheSameBytesWhateverTheMergeAndTheNumberOfReaderThreads() throws Exception {
        Path a = dir.resolve("a.ndjson"), b = dir.resolve("b.ndjson"), c = dir.resolve("b2.ndjson");
        ByteArrayOutputStream errA = new ByteArrayOutputStream(), errB = new ByteArrayOutputStream();
        ReplayJob.Report ra = replay(a, 2, ReplayJob.Merge.STREAMING, errA);
        ReplayJob.Report rb = replay(b, 1, ReplayJob.Merge.IN_MEMORY, errB);
        replay(c, 2, ReplayJob.Merge.IN_MEMORY, new ByteArrayOutputStream());
        assertEquals(ReplayJob.Merge.STREAMING, ra.merge());
        assertEquals(1, ra.readings(), "the demo's files are in time order: merged while read, in one reading");
        assertEquals(rb.inputs(), ra.inputs());
        assertEquals(rb.events(), ra.events());
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(c));
        assertTrue(ra.scored().alerts().size() > 0, "the demo raises alerts at threshold 50");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(ra.scored().alerts().size(), Files.readAllLines(a).size());
        assertEquals("", errA.toString(StandardCharsets.UTF_8), "the demo has no rejected record");
        assertEquals(3, ra.inputs().size());
        for (ReplayJob.InputSummary s : ra.inputs()) {
            assertEquals(0, s.rejected());
            assertEquals(0, s.duplicates());
            assertTrue(s.accepted() > 0);
        }
        assertEquals(ra.events(), ra.inputs().stream().mapToLong(ReplayJob.InputSummary::accepted).sum());
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        ReplayJob.printSummary(ra, new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertTrue(summary.toString(StandardCharsets.UTF_8).startsWith("replay: input cert-logon=" + dir.resolve("logon.csv") + ": "),
                summary.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pipelinedOrNotTheSameBytes() throws Exception {
        Path on = dir.resolve("pipelined.ndjson"), off = dir.resolve("one-thread.ndjson"), inMemory = dir.resolve("in-memory-one-thread.ndjson");
        ReplayJob.Report a = replay(on, 2, ReplayJob.Merge.STREAMING, true, new ByteArrayOutputStream());
        ReplayJob.Report b = replay(off, 2, ReplayJob.Merge.STREAMING, false, new ByteArrayOutputStream());
        replay(inMemory, 2, ReplayJob.Merge.IN_MEMORY, false, new ByteArrayOutputStream());
        assertTrue(a.scored().alerts().size() > 0);
        assertArrayEquals(Files.readAllBytes(off), Files.readAllBytes(on));
        assertArrayEquals(Files.readAllBytes(off), Files.readAllBytes(inMemory));
        assertEquals(b.events(), a.events());
        assertTrue(a.mergeCpuNanos() > 0 && a.secondCpuNanos() > 0, "the merge's and the second layer's threads are measured");
        assertEquals(0, b.mergeCpuNanos());
        assertEquals(0, b.secondCpuNanos());
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        ReplayJob.printSummary(a, new PrintStream(summary, true, StandardCharsets.UTF_8));
        String text = summary.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("; CPU of the scoring thread (first layer) ") && text.contains(", of the merge's thread ")
                && text.contains(", of the second layer's thread "), text);
        summary.reset();
        ReplayJob.printSummary(b, new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertTrue(summary.toString(StandardCharsets.UTF_8).contains("; merge and score CPU "), summary.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theReplayRaisesTheAlertsOfTheInProcessEvaluationHarness() throws Exception {
        Path out = dir.resolve("c.ndjson");
        replay(out, 2, ReplayJob.Merge.STREAMING, new ByteArrayOutputStream());
        List<WindowAlert> harness = new ArrayList<>(DemoEvaluation.evaluate(42, DemoEvents.load(dir, geo), List.of(), zones,
                ModelConfig.DEFAULT, SMART).alerts());
        harness.sort(Replay.ALERT_ORDER);
        assertEquals(harness.stream().map(AlertNdjson::line).toList(), Files.readAllLines(out));
    }
}
