package org.openueba.replay;

import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.model.ScoredEvent;
import org.openueba.smart.SmartConfig;
import org.openueba.smart.SmartEngine;
import org.openueba.smart.WindowAlert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;

/**
 * The replay's core, after the inputs are read: merge them into one stream "as if it had arrived
 * live", run it through both layers, and order the alerts for output. Pure Java, deterministic:
 * the same inputs give the same alerts in the same order.
 */
public final class Replay {
    /** Event-time order, ties by event id: the order in which the replay applies events. */
    public static final Comparator<Event> EVENT_ORDER = Comparator.comparing(Event::time).thenComparing(Event::id);

    /** Output order: the time the alert was raised (its window crossed the threshold), then id. */
    public static final Comparator<WindowAlert> ALERT_ORDER =
            Comparator.comparing(WindowAlert::crossedAt).thenComparing(WindowAlert::id);

    private Replay() {
    }

    /**
     * The merged stream.
     *
     * @param events     every accepted event, in {@link #EVENT_ORDER}, each id once
     * @param duplicates per input (same order as given), events dropped because an earlier input, or an
     *                   earlier line of the same input, had the same id
     */
    public record Merged(Event[] events, long[] duplicates) {
    }

    /**
     * Merges the inputs' events (each list in file order, the lists in command-line order) into one
     * array in {@link #EVENT_ORDER}. As live ingestion stores an id once, an event whose id arrived
     * before — earlier in the same file or in an earlier input — is dropped and counted. The lists are
     * cleared as they are copied, so the events are held once.
     */
    public static Merged merge(List<List<Event>> inputs) {
        int total = 0;
        for (List<Event> l : inputs) total += l.size();
        Event[] all = new Event[total];
        long[] duplicates = new long[inputs.size()];
        Set<String> seen = new HashSet<>(Math.max(16, (int) (total / 0.75f) + 1));
        int n = 0;
        for (int i = 0; i < inputs.size(); i++) {
            List<Event> l = inputs.get(i);
            for (Event e : l) {
                if (seen.add(e.id())) all[n++] = e;
                else duplicates[i]++;
            }
            l.clear();
        }
        seen = null;
        Event[] events = n == total ? all : Arrays.copyOf(all, n);
        // ids are unique now, so the order is total and the result does not depend on the sort's stability
        Arrays.parallelSort(events, EVENT_ORDER);
        return new Merged(events, duplicates);
    }

    /**
     * What scoring found.
     *
     * @param secondLayerCpuNanos CPU time of the second layer's own thread (0 when it ran on the scoring thread)
     */
    public record Scored(List<WindowAlert> alerts, long events, long failures, double prior, int entities,
                         long secondLayerCpuNanos) {
    }

    /** The events to score, one at a time. */
    public interface EventStream {
        /** The next event, or null after the last. */
        Event next();
    }

    /**
     * Applies the events in array order to a fresh {@link BehaviourEngine} and {@link SmartEngine};
     * returns the final state of every alert in {@link #ALERT_ORDER}. Each slot of {@code events} is
     * cleared once applied, so the events can be collected while the replay goes on.
     *
     * @param failures told about an event whose first-layer scoring threw (live ingestion stores such an
     *                 event unscored; the replay leaves it out of both layers and goes on)
     */
    public static Scored score(Event[] events, ModelConfig models, SmartConfig smart, BehaviourEngine.ZoneLookup zones,
                               Consumer<RuntimeException> failures) {
        return score(events, models, smart, zones, failures, pipelinedByDefault());
    }

    /** {@link #score(Event[], ModelConfig, SmartConfig, BehaviourEngine.ZoneLookup, Consumer)}, the second layer on a thread of its own or not. */
    public static Scored score(Event[] events, ModelConfig models, SmartConfig smart, BehaviourEngine.ZoneLookup zones,
                               Consumer<RuntimeException> failures, boolean twoThreads) {
        int[] next = {0};
        return score(() -> {
            if (next[0] == events.length) return null;
            Event e = events[next[0]];
            events[next[0]++] = null;
            return e;
        }, models, smart, zones, failures, twoThreads);
    }

    /** Whether the replay is pipelined unless told otherwise: where there is more than one processor. */
    public static boolean pipelinedByDefault() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    /**
     * Applies the events in the stream's order to a fresh {@link BehaviourEngine} and {@link SmartEngine};
     * returns the final state of every alert in {@link #ALERT_ORDER}. Whatever {@code events} throws
     * ends the scoring and propagates. On one thread or on two ({@link #pipelinedByDefault()}): on two, the calling thread reads the stream and runs the first layer, and hands the
     * scored events over in batches of {@link SecondLayer#BATCH} to a thread that runs the second layer in
     * the same order: the same alerts as on one thread (the second layer sees the same events in the same
     * order; what it reads of a scored event is {@linkplain ScoredEvent#copyScoredInto copied}, detached from
     * the first layer's state, before it is handed over), in less time where a processor is free (with the
     * merge on a thread of its own too, about 8 % less wall time and 15–25 % less CPU on the scoring thread
     * in the replay benchmark, docs/performance.md). An exception of the second layer ends the scoring and
     * propagates, as on one thread.
     *
     * @param failures told about an event whose first-layer scoring threw (live ingestion stores such an
     *                 event unscored; the replay leaves it out of both layers and goes on)
     */
    public static Scored score(EventStream events, ModelConfig models, SmartConfig smart, BehaviourEngine.ZoneLookup zones,
                               Consumer<RuntimeException> failures, boolean twoThreads) {
        BehaviourEngine first = new BehaviourEngine(models, zones);
        SmartEngine second = new SmartEngine(smart);
        Map<String, WindowAlert> alerts = new HashMap<>();
        Driven d = drive(events, first, (e, s) -> {
            SmartEngine.Outcome o = second.accept(e, s);
            if (o.alert() != null) alerts.put(o.alert().id(), o.alert());
        }, failures, twoThreads);
        List<WindowAlert> list = new ArrayList<>(alerts.values());
        list.sort(ALERT_ORDER);
        return new Scored(list, d.applied(), d.failed(), second.prior(), second.entityCount(), d.sinkCpuNanos());
    }

    /** What follows the first layer: told about each event it scored, in order. */
    @FunctionalInterface
    interface SecondLayerSink {
        void accept(Event e, ScoredEvent scored);
    }

    /**
     * What {@link #drive} did: events applied, events the first layer failed on, CPU time of the sink's own
     * thread (0 on one thread).
     */
    record Driven(long applied, long failed, long sinkCpuNanos) {
    }

    /**
     * Applies the stream to {@code first} and passes each scored event to {@code sink} in order, on this
     * thread or (with {@code twoThreads}) on a thread of the sink's own.
     * Whatever the stream or the sink throws propagates (the sink's thread is ended and waited for first).
     */
    static Driven drive(EventStream events, BehaviourEngine first, SecondLayerSink sink, Consumer<RuntimeException> failures,
                        boolean twoThreads) {
        long failed = 0, applied = 0;
        if (!twoThreads) {
            ScoredEvent out = new ScoredEvent();
            for (Event e = events.next(); e != null; e = events.next()) {
                if (!applied(first, e, out, failures)) {
                    failed++;
                    continue;
                }
                applied++;
                sink.accept(e, out);
            }
            return new Driven(applied, failed, 0);
        }
        SecondLayer stage = new SecondLayer(sink);
        Thread thread = new Thread(stage, "replay-second-layer");
        thread.setDaemon(true);
        thread.start();
        ScoredEvent out = new ScoredEvent();
        try {
            Batch b = stage.free.take();
            for (Event e = events.next(); e != null; e = events.next()) {
                if (!applied(first, e, out, failures)) {
                    failed++;
                    continue;
                }
                applied++;
                out.copyScoredInto(b.scored[b.n]);
                b.events[b.n++] = e;
                if (b.n == SecondLayer.BATCH) {
                    stage.full.put(b);
                    b = stage.free.take();
                    if (stage.failure != null) break;
                }
            }
            if (b.n > 0) stage.full.put(b);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", ex);
        } finally {
            stage.finish(thread);
        }
        Throwable t = stage.failure;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
        return new Driven(applied, failed, stage.cpuNanos);
    }

    /** Applies {@code e} to the first layer; false (and {@code failures} told) when that threw. */
    private static boolean applied(BehaviourEngine first, Event e, ScoredEvent out, Consumer<RuntimeException> failures) {
        try {
            first.apply(e, out);
            return true;
        } catch (RuntimeException ex) {
            failures.accept(new IllegalStateException("scoring event " + e.id() + " failed: " + ex, ex));
            return false;
        }
    }

    /** Waits for {@code thread} to end, however often this thread is interrupted meanwhile (the interrupt is kept). */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Scored events handed to the second layer: the events and their first-layer scores, slot by slot. */
    private static final class Batch {
        final Event[] events;
        final ScoredEvent[] scored;
        int n;

        Batch(int size) {
            events = new Event[size];
            scored = new ScoredEvent[size];
            for (int i = 0; i < size; i++) scored[i] = new ScoredEvent();
        }
    }

    /**
     * The second layer on its own thread: takes full batches in order, applies them to the SMART engine,
     * gives them back empty. After a failure it keeps giving batches back unread (so the first layer never
     * waits for it) and the scoring thread stops at its next batch.
     */
    private static final class SecondLayer implements Runnable {
        /** Events per batch: enough that handing over costs next to nothing, few enough to stay in the caches. */
        static final int BATCH = 256;
        /** Batches in flight. */
        static final int BATCHES = 4;
        private static final Batch END = new Batch(0);

        final ArrayBlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
        final ArrayBlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
        private final SecondLayerSink sink;
        volatile Throwable failure;
        /** The thread's CPU time, set as it ends (read after joining it). */
        long cpuNanos;

        SecondLayer(SecondLayerSink sink) {
            this.sink = sink;
            for (int i = 0; i < BATCHES; i++) free.add(new Batch(BATCH));
        }

        @Override
        public void run() {
            try {
                for (Batch b = full.take(); b != END; b = full.take()) {
                    if (failure == null) {
                        try {
                            for (int i = 0; i < b.n; i++) sink.accept(b.events[i], b.scored[i]);
                        } catch (Throwable t) {
                            failure = t;
                        }
                    }
                    Arrays.fill(b.events, 0, b.n, null);
                    b.n = 0;
                    free.put(b);
                }
            } catch (InterruptedException e) {
                if (failure == null) failure = e;
            } finally {
                cpuNanos = ReplayJob.cpuNanos();
            }
        }

        /** Ends the stage after the batches handed over so far and waits for it (its results are then visible). */
        void finish(Thread thread) {
            full.add(END); // room: at most BATCHES batches are ever in the queue, which holds one more
            joinUninterruptibly(thread);
        }
    }
}
