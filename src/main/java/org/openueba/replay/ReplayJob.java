package org.openueba.replay;

import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;
import org.openueba.source.SourceProfile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole replay once the configuration is known: read every input (in parallel, one input per
 * thread), merge, score, write the alerts NDJSON. Rejected records and the summary go to
 * {@code err}. Pure Java: the {@code replay} command runs it inside the booted application, the
 * benchmark and tests run it directly.
 */
public final class ReplayJob {
    /** Per input: accepted events (before dropping duplicates), rejected and skipped records, duplicate ids dropped. */
    public record InputSummary(ReplayArguments.Input input, long accepted, long rejected, long skipped, long duplicates) {
    }

    /**
     * What a replay did.
     *
     * @param readNanos  reading, parsing and enriching all inputs (wall time)
     * @param mergeNanos dropping duplicate ids and sorting into event-time order
     * @param scoreNanos both layers
     * @param writeNanos writing the NDJSON
     * @param readCpuNanos  CPU time of the reading threads together (what the read phase costs without contention)
     * @param scoreCpuNanos CPU time of the scoring thread
     */
    public record Report(List<InputSummary> inputs, long events, Replay.Scored scored, long readNanos, long mergeNanos,
                         long scoreNanos, long writeNanos, long readCpuNanos, long scoreCpuNanos) {
        public long totalNanos() {
            return readNanos + mergeNanos + scoreNanos + writeNanos;
        }

        public long rejected() {
            return inputs.stream().mapToLong(InputSummary::rejected).sum();
        }
    }

    private ReplayJob() {
    }

    /**
     * Runs the replay.
     *
     * @param profiles the profile of each input's source, by source name (all present)
     * @param threads  inputs read at the same time (at least 1)
     */
    public static Report run(List<ReplayArguments.Input> inputs, Path alertsOut, Map<String, SourceProfile> profiles,
                             InputReader.Settings settings, ModelConfig models, SmartConfig smart,
                             BehaviourEngine.ZoneLookup zones, int threads, PrintStream err) throws IOException {
        long t0 = System.nanoTime();
        AtomicLong readCpu = new AtomicLong();
        List<InputReader.Result> read = readAll(inputs, profiles, settings, threads, err, readCpu);
        long t1 = System.nanoTime();
        List<List<Event>> lists = new ArrayList<>(read.size());
        for (InputReader.Result r : read) lists.add(r.events());
        long[] accepted = new long[read.size()];
        for (int i = 0; i < read.size(); i++) accepted[i] = read.get(i).events().size();
        Replay.Merged merged = Replay.merge(lists);
        long t2 = System.nanoTime();
        List<InputSummary> summaries = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            InputReader.Result r = read.get(i);
            summaries.add(new InputSummary(r.input(), accepted[i], r.rejected(), r.skipped(), merged.duplicates()[i]));
        }
        read = null; // the merged array holds the events now
        lists = null;
        int events = merged.events().length;
        long cpu0 = cpuNanos();
        Replay.Scored scored = Replay.score(merged.events(), models, smart, zones, ex -> {
            synchronized (err) {
                err.println("replay: " + ex.getMessage());
            }
        });
        long t3 = System.nanoTime();
        long scoreCpu = cpuNanos() - cpu0;
        AlertNdjson.write(scored.alerts(), alertsOut);
        long t4 = System.nanoTime();
        return new Report(summaries, events, scored, t1 - t0, t2 - t1, t3 - t2, t4 - t3, readCpu.get(), scoreCpu);
    }

    private static List<InputReader.Result> readAll(List<ReplayArguments.Input> inputs, Map<String, SourceProfile> profiles,
                                                    InputReader.Settings settings, int threads, PrintStream err,
                                                    AtomicLong cpu) throws IOException {
        InputReader.Rejections rejections = (in, line, reason) -> {
            synchronized (err) {
                err.println(in.file() + ":" + line + ": rejected (" + in.source() + "): " + reason);
            }
        };
        int n = Math.max(1, Math.min(threads, inputs.size()));
        if (n == 1) {
            List<InputReader.Result> out = new ArrayList<>();
            for (ReplayArguments.Input in : inputs) out.add(timed(in, profiles, settings, rejections, cpu));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "replay-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<InputReader.Result>> futures = new ArrayList<>();
            for (ReplayArguments.Input in : inputs) {
                futures.add(pool.submit(() -> timed(in, profiles, settings, rejections, cpu)));
            }
            List<InputReader.Result> out = new ArrayList<>();
            for (Future<InputReader.Result> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the inputs", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static InputReader.Result timed(ReplayArguments.Input in, Map<String, SourceProfile> profiles,
                                            InputReader.Settings settings, InputReader.Rejections rejections, AtomicLong cpu)
            throws IOException {
        long c = cpuNanos();
        try {
            return InputReader.read(in, profiles.get(in.source()), settings, rejections);
        } finally {
            cpu.addAndGet(cpuNanos() - c);
        }
    }

    /** CPU time of the current thread, or 0 where the JVM does not measure it. */
    static long cpuNanos() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.isCurrentThreadCpuTimeSupported() ? t.getCurrentThreadCpuTime() : 0;
    }

    /** The end-of-run summary: one line per input, then totals and phase times. */
    public static void printSummary(Report r, PrintStream err) {
        for (InputSummary s : r.inputs()) {
            err.printf(Locale.ROOT, "replay: input %s: %d accepted, %d rejected, %d skipped, %d duplicate ids dropped%n",
                    s.input(), s.accepted(), s.rejected(), s.skipped(), s.duplicates());
        }
        double secs = r.totalNanos() / 1e9;
        err.printf(Locale.ROOT, "replay: %d events replayed (%d entities), %d rejected records, %d scoring failures, %d alerts, organisation prior %.4f%n",
                r.events(), r.scored().entities(), r.rejected(), r.scored().failures(), r.scored().alerts().size(), r.scored().prior());
        err.printf(Locale.ROOT, "replay: phases: read+parse+enrich %d ms (CPU %d ms), merge+sort %d ms, score %d ms (CPU %d ms),"
                        + " write %d ms; total %d ms = %.0f events/s%n",
                r.readNanos() / 1_000_000, r.readCpuNanos() / 1_000_000, r.mergeNanos() / 1_000_000, r.scoreNanos() / 1_000_000,
                r.scoreCpuNanos() / 1_000_000, r.writeNanos() / 1_000_000, r.totalNanos() / 1_000_000,
                secs == 0 ? 0 : r.events() / secs);
    }
}
