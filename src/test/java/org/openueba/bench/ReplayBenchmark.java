package org.openueba.bench;

import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoParameters;
import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.replay.InputReader;
import org.openueba.replay.Replay;
import org.openueba.replay.ReplayArguments;
import org.openueba.replay.ReplayJob;
import org.openueba.smart.SmartConfig;
import org.openueba.source.AdapterLimits;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.SourceProfile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.openueba.bench.BenchSupport.intArg;
import static org.openueba.bench.BenchSupport.strArg;

/**
 * End-to-end throughput of the replay (files in → alerts out) on the demo organisation scaled up,
 * phase by phase, the heap the in-memory merge needs per event and (streaming) the bytes of the merge's
 * set of ids per event. Runs {@link ReplayJob} ({@code --merge streaming}, the default, {@code --merge
 * in-memory}, or {@code --merge alternate}: in memory and streaming by turns in one JVM), the code
 * the {@code replay} command runs once the application has booted (with the demo directory's time
 * zones, as the command has them after {@code --directory}); {@code --jar} also times the packaged
 * command itself, start-up included. See docs/performance.md, section "Replay (issue 4)".
 *
 * <pre>
 * ./mvnw -q -o package -DskipTests
 * MAVEN_OPTS="-Xmx6g" ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.openueba.bench.ReplayBenchmark \
 *     -Dexec.args="--users 3000 --weeks 9 --reps 3 --jar"
 * </pre>
 * {@code --pipeline off} runs the merge and both layers on the scoring thread ({@code on}, the default with more
 * than one processor: the merge and the second layer on threads of their own; {@code alternate}: by turns in one JVM).
 * {@code --no-memory} leaves out the memory pass (which holds every event: with it the heap must fit the
 * in-memory merge, without it a streaming run shows how small a heap it needs).
 */
public final class ReplayBenchmark {
    private static final String KEY = "replay-benchmark-key-0123456789abcdef";

    public static void main(String[] args) throws Exception {
        int users = intArg(args, "--users", 3000), weeks = intArg(args, "--weeks", 9), reps = intArg(args, "--reps", 3);
        int threads = intArg(args, "--threads", Runtime.getRuntime().availableProcessors());
        boolean jar = List.of(args).contains("--jar"), measureMemory = !List.of(args).contains("--no-memory");
        String mergeArg = strArg(args, "--merge", "streaming");
        // alternate: in memory, streaming, in memory... in one JVM (the same JIT state and machine load for both)
        List<ReplayJob.Merge> merges = switch (mergeArg) {
            case "streaming" -> List.of(ReplayJob.Merge.STREAMING);
            case "in-memory" -> List.of(ReplayJob.Merge.IN_MEMORY);
            case "alternate" -> List.of(ReplayJob.Merge.IN_MEMORY, ReplayJob.Merge.STREAMING);
            default -> throw new IllegalArgumentException("--merge streaming|in-memory|alternate, was " + mergeArg);
        };
        // on: the merge and the second layer on threads of their own (the default with more than one processor);
        // off: all on the scoring thread; alternate: by turns in one JVM
        String pipelineArg = strArg(args, "--pipeline", Replay.pipelinedByDefault() ? "on" : "off");
        List<Boolean> pipelines = switch (pipelineArg) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "alternate" -> List.of(false, true);
            default -> throw new IllegalArgumentException("--pipeline on|off|alternate, was " + pipelineArg);
        };
        Path dir = Path.of(strArg(args, "--dir", "target/replay-bench-demo-" + users + "-" + weeks));
        if (!Files.exists(dir.resolve("summary.json"))) {
            long t = System.nanoTime();
            DemoOrganisation.generate(new DemoParameters(42, users, weeks, DemoParameters.DEFAULT_START), dir);
            System.out.printf(Locale.ROOT, "generated the demo (%d users, %d weeks) into %s in %.1f s%n", users, weeks, dir,
                    (System.nanoTime() - t) / 1e9);
        }
        List<ReplayArguments.Input> inputs = new ArrayList<>();
        Map<String, SourceProfile> profiles = new HashMap<>();
        long bytes = 0;
        for (String[] f : DemoEvents.FILES) {
            inputs.add(new ReplayArguments.Input(f[1], dir.resolve(f[0])));
            profiles.put(f[1], PredefinedProfiles.byName(f[1]).orElseThrow());
            bytes += Files.size(dir.resolve(f[0]));
        }
        Map<String, ZoneId> zones = DemoEvents.zones(dir);
        BehaviourEngine.ZoneLookup lookup = (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC);
        System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MB, Java %s; inputs %.1f MB; merge %s (in memory: %d reader threads)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), bytes / 1e6, mergeArg, threads);

        try (GeoEnricher geo = GeoEnricher.bundled()) {
            InputReader.Settings settings = new InputReader.Settings(new Pseudonymiser(KEY), geo, List.of(), AdapterLimits.DEFAULT,
                    Instant.parse("2100-01-01T00:00:00Z"), 1000);
            if (measureMemory) memory(inputs, profiles, settings, lookup);
            Path out = Files.createTempFile("replay-bench", ".ndjson");
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            for (int r = 1; r <= reps; r++) {
                System.gc();
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                ReplayJob.Report rep = ReplayJob.run(inputs, out, profiles, settings, ModelConfig.DEFAULT, SmartConfig.DEFAULT,
                        lookup, threads, merges.get((r - 1) % merges.size()), pipelines.get((r - 1) % pipelines.size()), quiet);
                String second = rep.secondCpuNanos() == 0 ? "not pipelined"
                        : String.format(Locale.ROOT, "pipelined: merge thread CPU %,d ms, second layer thread CPU %,d ms",
                        rep.mergeCpuNanos() / 1_000_000, rep.secondCpuNanos() / 1_000_000);
                double s = rep.totalNanos() / 1e9;
                if (rep.merge() == ReplayJob.Merge.STREAMING) {
                    System.out.printf(Locale.ROOT, "run %d: %,d events, %d alerts | streaming: read+merge+score %,d ms (reading CPU %,d ms = %,.0f ev/s per core;"
                                    + " merge+score CPU %,d ms = %,.0f ev/s; %s; waited for the readers %,d ms) | write %d ms | total %.2f s = %,.0f events/s"
                                    + " | readings %d, at most %,d events held, set of ids %,d bytes = %.1f bytes/event | load average %.1f before, %.1f after%n",
                            r, rep.events(), rep.scored().alerts().size(), rep.scoreNanos() / 1_000_000, rep.readCpuNanos() / 1_000_000,
                            rep.events() / (rep.readCpuNanos() / 1e9), rep.scoreCpuNanos() / 1_000_000, rep.events() / (rep.scoreCpuNanos() / 1e9),
                            second, rep.waitNanos() / 1_000_000, rep.writeNanos() / 1_000_000, s, rep.events() / s, rep.readings(), rep.maxHeld(),
                            rep.idBytes(), (double) rep.idBytes() / rep.events(), load,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                } else {
                    System.out.printf(Locale.ROOT, "run %d: %,d events, %d alerts | read+parse+enrich %,d ms (%,.0f ev/s; CPU %,d ms = %,.0f ev/s per core)"
                                    + " | merge+sort %,d ms | score %,d ms (%,.0f ev/s; CPU %,d ms = %,.0f ev/s; %s) | write %d ms"
                                    + " | total %.2f s = %,.0f events/s | load average %.1f before, %.1f after%n",
                            r, rep.events(), rep.scored().alerts().size(), rep.readNanos() / 1_000_000, rep.events() / (rep.readNanos() / 1e9),
                            rep.readCpuNanos() / 1_000_000, rep.events() / (rep.readCpuNanos() / 1e9),
                            rep.mergeNanos() / 1_000_000, rep.scoreNanos() / 1_000_000, rep.events() / (rep.scoreNanos() / 1e9),
                            rep.scoreCpuNanos() / 1_000_000, rep.events() / (rep.scoreCpuNanos() / 1e9), second,
                            rep.writeNanos() / 1_000_000, s, rep.events() / s, load,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
            Files.deleteIfExists(out);
        }
        if (jar) packaged(dir);
    }

    /** Heap held by the read events (per event), and by the merged array. */
    private static void memory(List<ReplayArguments.Input> inputs, Map<String, SourceProfile> profiles,
                               InputReader.Settings settings, BehaviourEngine.ZoneLookup lookup) throws IOException {
        long before = usedAfterGc();
        List<List<Event>> lists = new ArrayList<>();
        long n = 0;
        for (ReplayArguments.Input in : inputs) {
            List<Event> l = InputReader.read(in, profiles.get(in.source()), settings, (i, line, reason) -> {
            }).events();
            lists.add(l);
            n += l.size();
        }
        long read = usedAfterGc();
        Replay.Merged m = Replay.merge(lists);
        long merged = usedAfterGc();
        System.out.printf(Locale.ROOT, "memory: %,d events read = %,d bytes/event on the heap (%,d MB); merged and sorted: %,d bytes/event%n",
                n, (read - before) / n, (read - before) >> 20, (merged - before) / Math.max(1, m.events().length));
        // where the scoring time goes: the first layer alone, then both layers, on the same merged stream (CPU time)
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        BehaviourEngine first = new BehaviourEngine(ModelConfig.DEFAULT, lookup);
        org.openueba.model.ScoredEvent out = new org.openueba.model.ScoredEvent();
        for (Event e : m.events()) first.apply(e, out);
        long c1 = cpu.getCurrentThreadCpuTime();
        Replay.score(java.util.Arrays.copyOf(m.events(), m.events().length), ModelConfig.DEFAULT, SmartConfig.DEFAULT, lookup, ex -> {
        });
        long c2 = cpu.getCurrentThreadCpuTime();
        int events = m.events().length;
        System.out.printf(Locale.ROOT, "scoring split (CPU, cold JIT for the first): first layer alone %,d ms = %,.0f ev/s;"
                        + " both layers %,d ms = %,.0f ev/s; so the second layer about %,d ms%n",
                (c1 - c0) / 1_000_000, events / ((c1 - c0) / 1e9), (c2 - c1) / 1_000_000, events / ((c2 - c1) / 1e9),
                ((c2 - c1) - (c1 - c0)) / 1_000_000);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Runs the packaged command once and prints its start-up and phase lines and the wall time. */
    private static void packaged(Path dir) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        Path out = Files.createTempFile("replay-bench-jar", ".ndjson");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-jar", jar.toString(), "replay"));
        for (String[] f : DemoEvents.FILES) cmd.addAll(List.of("--input", f[1] + "=" + dir.resolve(f[0]).toAbsolutePath()));
        cmd.addAll(List.of("--directory", dir.resolve("directory.csv").toAbsolutePath().toString(), "--alerts-out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("UEBA_PSEUDONYMISATION_KEY", KEY);
        pb.environment().put("UEBA_BOOTSTRAP_ADMIN_PASSWORD", BenchSupport.ADMIN_PASSWORD);
        long t = System.nanoTime();
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().filter(l -> l.startsWith("replay:")).toList();
        p.waitFor(30, TimeUnit.MINUTES);
        System.out.printf(Locale.ROOT, "packaged jar: exit %d, wall %.2f s (JVM start to exit)%n", p.exitValue(), (System.nanoTime() - t) / 1e9);
        lines.forEach(l -> System.out.println("  " + l));
        Files.deleteIfExists(out);
    }
}
