package org.openueba.replay;

import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;
import org.openueba.source.SourceProfile;

import java.io.IOException;
import java.io.PrintStream;
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
 * The whole replay once the configuration is known: read every input, merge, score, write the alerts
 * NDJSON. Rejected records and the summary go to {@code err}. Pure Java: the {@code replay} command
 * runs it inside the booted application, the benchmark and tests run it directly.
 *
 * <p>Two ways to merge, with the same result byte for byte ({@link Merge}): the streaming merge (the
 * default) reads each input on its own thread and scores while reading, holding a bounded number of
 * events per input; the in-memory merge reads everything, then sorts. The streaming merge falls back
 * where it cannot be exact (see {@link #run(List, Path, Map, InputReader.Settings, ModelConfig,
 * SmartConfig, BehaviourEngine.ZoneLookup, int, Merge, PrintStream)}).
 */
public final class ReplayJob {
    /** How the inputs are merged. */
    public enum Merge {
        /** Read all inputs (in parallel), drop repeated ids, sort everything ({@link Replay#merge}), then score. */
        IN_MEMORY,
        /** Score while the inputs are read, one thread per input ({@link StreamingMerge}). */
        STREAMING
    }

    /** Per input: accepted events (before dropping duplicates), rejected and skipped records, duplicate ids dropped. */
    public record InputSummary(ReplayArguments.Input input, long accepted, long rejected, long skipped, long duplicates) {
    }

    /**
     * What a replay did.
     *
     * @param merge      how the events were merged in the end (a streaming replay may have fallen back to in memory)
     * @param readings   how many times the inputs were read: 1, more when the streaming merge started again
     * @param readNanos  reading, parsing and enriching all inputs (wall time; streaming: from the start of the
     *                   last reading until every input was read, overlapping the scoring — and, as a reader
     *                   can be only a few batches ahead, ending shortly before the scoring does)
     * @param mergeNanos in memory: dropping duplicate ids and sorting into event-time order; streaming: 0 (the
     *                   merge is part of the scoring)
     * @param scoreNanos both layers (streaming: from the start of the last reading, so it includes waiting for
     *                   the readers and the merge)
     * @param writeNanos writing the NDJSON
     * @param totalNanos the whole replay, every reading included
     * @param readCpuNanos  CPU time of the reading threads together (what the read phase costs without contention)
     * @param scoreCpuNanos CPU time of the scoring thread: the first layer, the second layer unless it has a thread
     *                      of its own, and (streaming) the merge unless it has a thread of its own
     * @param secondCpuNanos CPU time of the second layer's own thread (0: it ran on the scoring thread)
     * @param mergeCpuNanos  streaming: CPU time of the merge's own thread (0: it ran on the scoring thread); in memory 0
     * @param maxHeld    the most events held at once: in memory, all of them; streaming, the sum over the
     *                   inputs of the most each held (an input sorted in memory holds all of its own)
     * @param waitNanos  streaming: the time the merge waited for a reader (0: reading never held the
     *                   scoring up); in memory 0
     * @param idBytes    streaming: the bytes of the set of merged ids at the end (the one part of the merge that
     *                   grows with the input); in memory 0
     */
    public record Report(List<InputSummary> inputs, long events, Replay.Scored scored, Merge merge, int readings,
                         long readNanos, long mergeNanos, long scoreNanos, long writeNanos, long totalNanos,
                         long readCpuNanos, long scoreCpuNanos, long secondCpuNanos, long mergeCpuNanos, long maxHeld, long waitNanos, long idBytes) {
        public long rejected() {
            return inputs.stream().mapToLong(InputSummary::rejected).sum();
        }
    }

    private ReplayJob() {
    }

    /** Runs the replay with the streaming merge. */
    public static Report run(List<ReplayArguments.Input> inputs, Path alertsOut, Map<String, SourceProfile> profiles,
                             InputReader.Settings settings, ModelConfig models, SmartConfig smart,
                             BehaviourEngine.ZoneLookup zones, int threads, PrintStream err) throws IOException {
        return run(inputs, alertsOut, profiles, settings, models, smart, zones, threads, Merge.STREAMING, err);
    }

    /**
     * Runs the replay. Both merges give the same alerts, rejection lines and counts. The streaming merge
     * starts again, with a line on {@code err} saying why, when what it merged so far may not be what the
     * in-memory merge gives:
     * <ul>
     *   <li>an input found not to be in event-time order is read again whole and sorted in memory, the
     *       others streamed as before (once per such file at most: every input naming that file is sorted);</li>
     *   <li>an event id whose copy from an earlier input has a later time than the copy already merged
     *       (the in-memory merge keeps the earlier input's) makes the replay fall back to the in-memory merge.</li>
     * </ul>
     * More than {@link StreamingMerge#MAX_INPUTS} inputs are merged in memory from the start.
     * Rejected records are listed once, in input order and then line order, however often an input is read.
     *
     * @param profiles the profile of each input's source, by source name (all present)
     * @param threads  in memory: inputs read at the same time (at least 1); streaming: unused, every input has
     *                 its own reader thread
     * @throws IOException when an input cannot be read (the message names it)
     */
    public static Report run(List<ReplayArguments.Input> inputs, Path alertsOut, Map<String, SourceProfile> profiles,
                             InputReader.Settings settings, ModelConfig models, SmartConfig smart,
                             BehaviourEngine.ZoneLookup zones, int threads, Merge merge, PrintStream err) throws IOException {
        return run(inputs, alertsOut, profiles, settings, models, smart, zones, threads, merge, Replay.pipelinedByDefault(), err);
    }

    /**
     * {@link #run(List, Path, Map, InputReader.Settings, ModelConfig, SmartConfig, BehaviourEngine.ZoneLookup, int,
     * Merge, PrintStream)}, saying whether the scoring is pipelined (the default with more than one processor): the
     * streaming merge on a thread of its own ({@link ReadAhead}), the first layer on the scoring thread, the second layer
     * on a thread of its own ({@link Replay#score(Replay.EventStream, ModelConfig, SmartConfig, BehaviourEngine.ZoneLookup,
     * java.util.function.Consumer, boolean)}). The same alerts either way.
     */
    public static Report run(List<ReplayArguments.Input> inputs, Path alertsOut, Map<String, SourceProfile> profiles,
                             InputReader.Settings settings, ModelConfig models, SmartConfig smart,
                             BehaviourEngine.ZoneLookup zones, int threads, Merge merge, boolean pipelined,
                             PrintStream err) throws IOException {
        long t0 = System.nanoTime();
        RejectionReport rejections = new RejectionReport(inputs, err);
        Job job = new Job(inputs, alertsOut, profiles, settings, models, smart, zones, err, rejections, t0, pipelined);
        if (merge == Merge.IN_MEMORY) return job.inMemory(threads, 1);
        if (inputs.size() > StreamingMerge.MAX_INPUTS) {
            synchronized (err) {
                err.println("replay: " + inputs.size() + " inputs: more than " + StreamingMerge.MAX_INPUTS
                        + " are merged in memory (one reader thread and open file per input otherwise)");
            }
            return job.inMemory(threads, 1);
        }
        boolean[] sortInMemory = new boolean[inputs.size()];
        for (int reading = 1; ; reading++) {
            try {
                return job.streamed(sortInMemory, reading);
            } catch (StreamingMerge.Unordered e) {
                if (sortInMemory[e.input]) throw new IllegalStateException("an input sorted in memory was out of order", e);
                Path file = inputs.get(e.input).file();
                for (int i = 0; i < inputs.size(); i++) { // the same file given again is just as unordered
                    if (inputs.get(i).file().equals(file)) sortInMemory[i] = true;
                }
                synchronized (err) {
                    err.println("replay: " + e.getMessage() + "; it is read again and sorted in memory, and the merge starts again");
                }
            } catch (StreamingMerge.IdConflict e) {
                synchronized (err) {
                    err.println("replay: " + e.getMessage() + "; the inputs are read again and merged in memory");
                }
                rejections.restart();
                return job.inMemory(threads, reading + 1);
            }
            rejections.restart();
        }
    }

    /** One replay's fixed parts. */
    private record Job(List<ReplayArguments.Input> inputs, Path alertsOut, Map<String, SourceProfile> profiles,
                       InputReader.Settings settings, ModelConfig models, SmartConfig smart,
                       BehaviourEngine.ZoneLookup zones, PrintStream err, RejectionReport rejections, long t0,
                       boolean pipelined) {

        Report inMemory(int threads, int reading) throws IOException {
            long t1 = System.nanoTime();
            AtomicLong readCpu = new AtomicLong();
            List<InputReader.Result> read = readAll(threads, readCpu);
            long t2 = System.nanoTime();
            List<List<Event>> lists = new ArrayList<>(read.size());
            for (InputReader.Result r : read) lists.add(r.events());
            long[] accepted = new long[read.size()];
            long all = 0;
            for (int i = 0; i < read.size(); i++) all += accepted[i] = read.get(i).events().size();
            Replay.Merged merged = Replay.merge(lists);
            long t3 = System.nanoTime();
            List<InputSummary> summaries = new ArrayList<>();
            for (int i = 0; i < read.size(); i++) {
                InputReader.Result r = read.get(i);
                summaries.add(new InputSummary(r.input(), accepted[i], r.rejected(), r.skipped(), merged.duplicates()[i]));
            }
            read = null; // the merged array holds the events now
            lists = null;
            int events = merged.events().length;
            long cpu0 = cpuNanos();
            ScoringFailures failures = new ScoringFailures(err, false);
            Replay.Scored scored = Replay.score(merged.events(), models, smart, zones, failures::add, pipelined);
            failures.finish();
            long t4 = System.nanoTime();
            long scoreCpu = cpuNanos() - cpu0;
            AlertNdjson.write(scored.alerts(), alertsOut);
            long t5 = System.nanoTime();
            return new Report(summaries, events, scored, Merge.IN_MEMORY, reading, t2 - t1, t3 - t2, t4 - t3, t5 - t4,
                    t5 - t0, readCpu.get(), scoreCpu, scored.secondLayerCpuNanos(), 0, all, 0, 0);
        }

        private List<InputReader.Result> readAll(int threads, AtomicLong cpu) throws IOException {
            int n = Math.max(1, Math.min(threads, inputs.size()));
            if (n == 1) {
                List<InputReader.Result> out = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) out.add(timed(i, cpu));
                return out;
            }
            ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, "replay-reader");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<InputReader.Result>> futures = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    int index = i;
                    futures.add(pool.submit(() -> timed(index, cpu)));
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
                if (c instanceof RuntimeException r) throw r;
                throw new IllegalStateException(c);
            } finally {
                pool.shutdownNow();
            }
        }

        private InputReader.Result timed(int index, AtomicLong cpu) throws IOException {
            ReplayArguments.Input in = inputs.get(index);
            long c = cpuNanos();
            InputReader.Result r;
            try {
                r = InputReader.read(in, profiles.get(in.source()), settings, rejections.of(index));
            } catch (IOException | RuntimeException e) {
                throw new IOException(readingFailed(in, e), e);
            } finally {
                cpu.addAndGet(cpuNanos() - c);
            }
            rejections.finished(index);
            return r;
        }

        Report streamed(boolean[] sortInMemory, int reading) throws IOException {
            long t1 = System.nanoTime();
            int n = inputs.size();
            InputReader.Counts[] counts = new InputReader.Counts[n];
            AtomicLong readCpu = new AtomicLong();
            List<StreamingMerge.Producer> producers = new ArrayList<>(n);
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                ReplayArguments.Input in = inputs.get(i);
                names.add(in.toString());
                producers.add(sink -> {
                    long c = cpuNanos();
                    try {
                        counts[index] = InputReader.read(in, profiles.get(in.source()), settings, rejections.of(index), sink);
                    } finally {
                        readCpu.addAndGet(cpuNanos() - c);
                    }
                    rejections.finished(index);
                });
            }
            // printed after the rejected records, as the in-memory merge prints them (and not at all when the merge starts again)
            ScoringFailures failures = new ScoringFailures(err, true);
            Replay.Scored scored;
            long scoreCpu, mergeCpu, t2, readEnd = t1, events, held = 0, waited, idBytes;
            long[] duplicates;
            try (StreamingMerge merge = new StreamingMerge(producers, names, sortInMemory)) {
                long cpu0 = cpuNanos();
                ReadAhead ahead = pipelined ? new ReadAhead(merge, "replay-merge") : null;
                try {
                    scored = Replay.score(ahead != null ? ahead : merge, models, smart, zones, failures::add, pipelined);
                } finally {
                    if (ahead != null) ahead.close(); // the merge's thread has ended: its state is read below
                }
                t2 = System.nanoTime();
                scoreCpu = cpuNanos() - cpu0;
                mergeCpu = ahead == null ? 0 : ahead.cpuNanos();
                for (int i = 0; i < n; i++) readEnd = Math.max(readEnd, merge.finishedAt(i));
                for (long h : merge.maxHeld()) held += h;
                duplicates = merge.duplicates();
                events = merge.merged();
                waited = merge.waitedNanos();
                idBytes = merge.seenIdBytes();
            } catch (StreamingMerge.ReaderFailed e) {
                throw new IOException(readingFailed(inputs.get(e.input), e.getCause()), e.getCause());
            }
            failures.finish();
            List<InputSummary> summaries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                summaries.add(new InputSummary(inputs.get(i), counts[i].accepted(), counts[i].rejected(), counts[i].skipped(),
                        duplicates[i]));
            }
            AlertNdjson.write(scored.alerts(), alertsOut);
            long t3 = System.nanoTime();
            return new Report(summaries, events, scored, Merge.STREAMING, reading, readEnd - t1, 0, t2 - t1, t3 - t2,
                    t3 - t0, readCpu.get(), scoreCpu, scored.secondLayerCpuNanos(), mergeCpu, held, waited, idBytes);
        }
    }

    private static String readingFailed(ReplayArguments.Input in, Throwable e) {
        return "reading " + in + " failed: " + e;
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
        String readings = r.readings() == 1 ? "" : String.format(Locale.ROOT, " (inputs read %d times)", r.readings());
        // the CPU of each thread that scored: pipelined, the scoring thread runs the first layer only
        String cpu;
        if (r.mergeCpuNanos() == 0 && r.secondCpuNanos() == 0) {
            cpu = String.format(Locale.ROOT, r.merge() == Merge.STREAMING ? "merge and score CPU %d ms" : "CPU %d ms",
                    r.scoreCpuNanos() / 1_000_000);
        } else {
            cpu = String.format(Locale.ROOT, "CPU of the scoring thread (first layer) %d ms", r.scoreCpuNanos() / 1_000_000)
                    + (r.mergeCpuNanos() == 0 ? "" : String.format(Locale.ROOT, ", of the merge's thread %d ms", r.mergeCpuNanos() / 1_000_000))
                    + String.format(Locale.ROOT, ", of the second layer's thread %d ms", r.secondCpuNanos() / 1_000_000);
        }
        if (r.merge() == Merge.STREAMING) {
            err.printf(Locale.ROOT, "replay: phases (streaming merge): read+parse+enrich, merge and score together %d ms"
                            + " (reading CPU %d ms; %s; waiting for the readers %d ms), write %d ms;"
                            + " total %d ms = %.0f events/s%s; at most %d events held by the merge, its set of ids %d MB%n",
                    r.scoreNanos() / 1_000_000, r.readCpuNanos() / 1_000_000, cpu,
                    r.waitNanos() / 1_000_000, r.writeNanos() / 1_000_000, r.totalNanos() / 1_000_000,
                    secs == 0 ? 0 : r.events() / secs, readings, r.maxHeld(), r.idBytes() >> 20);
        } else {
            err.printf(Locale.ROOT, "replay: phases: read+parse+enrich %d ms (CPU %d ms), merge+sort %d ms, score %d ms (%s),"
                            + " write %d ms; total %d ms = %.0f events/s%s%n",
                    r.readNanos() / 1_000_000, r.readCpuNanos() / 1_000_000, r.mergeNanos() / 1_000_000, r.scoreNanos() / 1_000_000,
                    cpu, r.writeNanos() / 1_000_000, r.totalNanos() / 1_000_000,
                    secs == 0 ? 0 : r.events() / secs, readings);
        }
    }
}
