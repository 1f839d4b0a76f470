package org.openueba.replay;

import org.openueba.event.Event;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inputs merged while they are read, into exactly the stream {@link Replay#merge} produces from
 * the same inputs held in memory: event-time order, ties by event id, each id once at its first
 * arrival (command-line order, then line order).
 *
 * <p>Each input is read by its own thread (a {@link Producer}) into a bounded queue of batches; the
 * consuming thread ({@link #next}) takes the smallest head across the inputs (event time, then id,
 * then input position, so that of two copies of an id with the same time the earlier input's comes
 * first). An input must be in event-time order for that: its reader buffers each run of equal
 * timestamps and releases it ordered by id (stably, so repeated ids stay in line order) when a later
 * time arrives. So at most a few batches per input plus the longest run of equal timestamps are held,
 * however long the input ({@link #maxHeld}).
 *
 * <p>What the streaming merge cannot do exactly it detects, and the caller decides what to do:
 * <ul>
 *   <li>An input whose event time goes backwards ends the merge with {@link Unordered}; read again with
 *       {@code sortInMemory} set for that input, the input is read whole, its repeated ids dropped
 *       (first line kept) and sorted in memory before it is merged.</li>
 *   <li>An id that arrives from an input earlier on the command line than the copy already merged
 *       (possible only when the copies' times differ) ends the merge with {@link IdConflict}: the copy
 *       {@link Replay#merge} keeps was not the first in time, and only the in-memory merge gives the same
 *       result.</li>
 *   <li>A reader that fails (an I/O error, anything thrown) ends the merge with {@link ReaderFailed}.</li>
 * </ul>
 * The ids merged so far are remembered, with their input, to drop later copies ({@link SeenIds}: a
 * compact exact set, the one part that grows with the distinct ids, see docs/performance.md). Pure Java.
 */
final class StreamingMerge implements Replay.EventStream, AutoCloseable {
    /** Events per batch handed from a reader to the merge (up to 64 inputs). */
    static final int BATCH = 512;
    /** Batches queued per input (up to 8 inputs). */
    static final int QUEUED = 8;
    /**
     * The most inputs merged while they are read: each has a reader thread and an open file (the
     * in-memory merge reads a few at a time), so many more are better merged in memory.
     */
    static final int MAX_INPUTS = SeenIds.MAX_INPUTS;

    private static final Comparator<Event> BY_ID = Comparator.comparing(Event::id);

    /** Reads one input in file order, handing each accepted event (with its line) to the sink. */
    @FunctionalInterface
    interface Producer {
        void read(InputReader.Events sink) throws IOException;
    }

    /** Input {@link #input} is not in event-time order (detected at {@link #line}). */
    static final class Unordered extends RuntimeException {
        final int input;
        final long line;

        Unordered(int input, String name, long line, Instant time, long earlierLine, Instant earlierTime) {
            super(name + " is not in event-time order: line " + line + " (" + time + ") comes after line " + earlierLine
                    + " (" + earlierTime + ")", null, false, false);
            this.input = input;
            this.line = line;
        }
    }

    /** A repeated id whose first arrival is not its earliest copy in time. */
    static final class IdConflict extends RuntimeException {
        IdConflict(String id, String earlier, String later) {
            super("event id " + id + " was merged from " + later + ", where it has an earlier time than in " + earlier
                    + " (earlier on the command line, whose copy is the one kept)", null, false, false);
        }
    }

    /** A reader failed; the message names the input, the cause is what it threw. */
    static final class ReaderFailed extends RuntimeException {
        final int input;

        ReaderFailed(int input, String message, Throwable cause) {
            super(message, cause);
            this.input = input;
        }
    }

    /** The reader of an interrupted merge stops. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private static final class Batch {
        static final Batch END = new Batch(new Event[0], 0, null);
        final Event[] events;
        final int size;
        final RuntimeException failure;

        Batch(Event[] events, int size, RuntimeException failure) {
            this.events = events;
            this.size = size;
            this.failure = failure;
        }
    }

    private final List<String> names;
    private final Lane[] lanes;
    private final int batchSize;
    private final AtomicReference<RuntimeException> abort = new AtomicReference<>();
    private final SeenIds seen = new SeenIds();
    private final long[] duplicates;
    /** A binary min-heap of the lanes with a head, by (head time, head id, position). */
    private final Lane[] heap;
    private int heapSize = -1;
    private long merged;
    private long waitedNanos;
    private boolean closed;

    /**
     * Starts one reader thread per input.
     *
     * @param names        the inputs, for messages
     * @param sortInMemory per input: read whole and sort in memory (an input known not to be in time order)
     * @param batch        events per batch
     * @param queued       batches queued per input (at least 1)
     */
    StreamingMerge(List<Producer> producers, List<String> names, boolean[] sortInMemory, int batch, int queued) {
        if (batch < 1 || queued < 1) throw new IllegalArgumentException("batch and queued must be positive");
        this.names = List.copyOf(names);
        this.batchSize = batch;
        int n = producers.size();
        if (n > MAX_INPUTS) throw new IllegalArgumentException(n + " inputs, more than " + MAX_INPUTS);
        lanes = new Lane[n];
        duplicates = new long[n];
        heap = new Lane[n];
        for (int i = 0; i < n; i++) {
            lanes[i] = new Lane(i, producers.get(i), sortInMemory[i], queued);
        }
        try {
            for (Lane l : lanes) l.thread.start();
        } catch (RuntimeException | Error e) { // no thread to be had: stop those started
            close();
            throw e;
        }
    }

    /** With batches and queues sized for the number of inputs ({@link #batchFor}, {@link #queuedFor}). */
    StreamingMerge(List<Producer> producers, List<String> names, boolean[] sortInMemory) {
        this(producers, names, sortInMemory, batchFor(producers.size()), queuedFor(producers.size()));
    }

    /**
     * Events per batch: {@link #BATCH}, smaller beyond 64 inputs (at least 16), so that with
     * {@link #queuedFor} all inputs together hold at most about 131,000 events besides their runs of
     * equal timestamps (up to {@link #MAX_INPUTS} inputs; 5,120 per input for a few inputs).
     */
    static int batchFor(int inputs) {
        return inputs <= 64 ? BATCH : Math.max(16, BATCH * 64 / inputs);
    }

    /** Batches queued per input: {@link #QUEUED}, fewer beyond 8 inputs (at least 2). */
    static int queuedFor(int inputs) {
        return inputs <= 8 ? QUEUED : Math.max(2, QUEUED * 8 / inputs);
    }

    @Override
    public Event next() {
        if (closed) throw new IllegalStateException("the merge is closed");
        if (heapSize < 0) start();
        while (heapSize > 0) {
            Lane l = heap[0];
            Event e = l.batch.events[l.pos]; // the batch goes at the next fetch
            if (++l.pos == l.batch.size && !fetch(l)) {
                heap[0] = heap[--heapSize];
                heap[heapSize] = null;
            }
            if (heapSize > 0) siftDown(0);
            int first = seen.putIfAbsent(e.id(), l.index);
            if (first < 0) {
                merged++;
                return e;
            }
            if (first > l.index) throw new IdConflict(e.id(), names.get(l.index), names.get(first));
            duplicates[l.index]++;
        }
        return null;
    }

    /** Waits for every input's first batch. */
    private void start() {
        heapSize = 0;
        for (Lane l : lanes) {
            if (fetch(l)) heap[heapSize++] = l;
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) siftDown(i);
    }

    /** The lane's next batch: false at the input's end. Throws what ended the merge. */
    private boolean fetch(Lane l) {
        RuntimeException a = abort.get();
        if (a != null) throw a;
        if (l.batch != null) l.consumed.lazySet(Lane.CONSUMED, l.consumed.get(Lane.CONSUMED) + l.batch.size); // per batch
        Batch b = l.queue.poll();
        if (b == null) {
            long t = System.nanoTime();
            try {
                b = l.queue.take();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while merging the inputs", ex);
            }
            waitedNanos += System.nanoTime() - t;
        }
        if (b.failure != null) throw b.failure;
        l.batch = b;
        l.pos = 0;
        return b != Batch.END;
    }

    private static boolean before(Lane a, Lane b) {
        Event x = a.batch.events[a.pos], y = b.batch.events[b.pos];
        int c = x.time().compareTo(y.time());
        if (c == 0) c = x.id().compareTo(y.id());
        return c < 0 || c == 0 && a.index < b.index;
    }

    private void siftDown(int i) {
        Lane l = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= heapSize) break;
            if (c + 1 < heapSize && before(heap[c + 1], heap[c])) c++;
            if (!before(heap[c], l)) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = l;
    }

    /** Events merged (handed on by {@link #next}). */
    long merged() {
        return merged;
    }

    /** Bytes held by the set of merged ids ({@link SeenIds#bytes}). */
    long seenIdBytes() {
        return seen.bytes();
    }

    /** Time {@link #next} spent waiting for a reader (the readers being slower than the consumer). */
    long waitedNanos() {
        return waitedNanos;
    }

    /**
     * Per input, the events dropped because their id arrived before (earlier in the same input or in an
     * earlier input), as {@link Replay.Merged#duplicates}. Complete once {@link #next} returned null.
     */
    long[] duplicates() {
        long[] d = duplicates.clone();
        for (int i = 0; i < d.length; i++) d[i] += lanes[i].droppedInMemory;
        return d;
    }

    /**
     * Per input, the most events read but not yet merged at any time: in its reader's run of equal
     * timestamps, its batches and queue, and the merge's current batch (for an input sorted in memory,
     * all of it). Complete once {@link #next} returned null.
     */
    long[] maxHeld() {
        long[] m = new long[lanes.length];
        for (int i = 0; i < m.length; i++) m[i] = lanes[i].maxHeld;
        return m;
    }

    /** Nanosecond time ({@link System#nanoTime}) at which input {@code i} was read to its end, 0 before. */
    long finishedAt(int i) {
        return lanes[i].finishedAt;
    }

    /** Whether every reader has filled its queue or ended (for tests: a reader that runs ahead is seen). */
    boolean readersWaiting() {
        for (Lane l : lanes) {
            if (l.thread.isAlive() && l.queue.remainingCapacity() > 0) return false;
        }
        return true;
    }

    /** Stops the readers (they are interrupted) and waits for them to end. */
    @Override
    public void close() {
        closed = true;
        abort.compareAndSet(null, new IllegalStateException("the merge is closed"));
        for (Lane l : lanes) l.thread.interrupt();
        boolean interrupted = false;
        for (Lane l : lanes) {
            while (l.thread.isAlive()) {
                try {
                    l.thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * One input as the merge sees it: its queue, the merge's position in its current batch, and what its
     * reader reports at the end. The reader's own state is in a {@link Reader} that the reader thread
     * allocates itself, so that the two threads, each writing its own fields for every event, do not
     * write to the same cache lines.
     */
    private final class Lane {
        static final int CONSUMED = 12;
        final int index;
        final BlockingQueue<Batch> queue;
        final Thread thread;
        /** Events of this input the merge is done with, at {@link #CONSUMED}: a cache line of its own, read by the reader per event. */
        final AtomicLongArray consumed = new AtomicLongArray(2 * CONSUMED);
        // the merge's
        Batch batch;
        int pos;
        // the reader's report, written before the input's end is queued (so read after it is taken)
        long maxHeld, droppedInMemory;
        volatile long finishedAt;

        Lane(int index, Producer producer, boolean sortInMemory, int queued) {
            this.index = index;
            this.queue = new ArrayBlockingQueue<>(queued);
            this.thread = new Thread(() -> new Reader(this, producer, sortInMemory).readAll(), "replay-reader-" + index);
            thread.setDaemon(true);
        }
    }

    /** One input's reading, on its own thread: the run of equal timestamps, the batch being filled, the queue. */
    private final class Reader implements InputReader.Events {
        final Lane lane;
        final int index;
        final Producer producer;
        final boolean sortInMemory;
        final BlockingQueue<Batch> queue;
        final AtomicLongArray consumed;
        long produced;
        long maxHeld;
        Event[] filling;
        int filled;
        Event[] run = new Event[16];
        int runSize;
        Instant runTime;
        long runLine;
        List<Event> all;

        Reader(Lane lane, Producer producer, boolean sortInMemory) {
            this.lane = lane;
            this.index = lane.index;
            this.producer = producer;
            this.sortInMemory = sortInMemory;
            this.queue = lane.queue;
            this.consumed = lane.consumed;
        }

        void readAll() {
            try {
                filling = new Event[batchSize];
                if (sortInMemory) all = new ArrayList<>();
                producer.read(this);
                if (sortInMemory) releaseSorted();
                else releaseRun();
                if (filled > 0) hand(new Batch(filling, filled, null));
                filling = null;
                lane.maxHeld = maxHeld;
                lane.finishedAt = System.nanoTime();
                queue.put(Batch.END);
            } catch (Cancelled | InterruptedException e) {
                // the merge is closed
            } catch (Unordered e) {
                fail(e);
            } catch (Throwable e) {
                fail(new ReaderFailed(index, "reading " + names.get(index) + " failed: " + e, e));
            }
        }

        private void fail(RuntimeException e) {
            abort.compareAndSet(null, e);
            // the merge sees the failure at its next batch; if it waits on this queue, it is not full
            queue.offer(new Batch(null, 0, e));
        }

        @Override
        public void accept(long line, Event e) {
            if (Thread.currentThread().isInterrupted()) throw new Cancelled();
            long held = ++produced - consumed.get(Lane.CONSUMED);
            if (held > maxHeld) maxHeld = held;
            if (sortInMemory) {
                all.add(e);
                return;
            }
            if (runSize > 0) {
                int c = e.time().compareTo(runTime);
                if (c < 0) throw new Unordered(index, names.get(index), line, e.time(), runLine, runTime);
                if (c > 0) releaseRun();
            }
            if (runSize == 0) {
                runTime = e.time();
                runLine = line;
            }
            if (runSize == run.length) run = Arrays.copyOf(run, runSize * 2);
            run[runSize++] = e;
        }

        /** The run of equal timestamps, ordered by id (stable: a repeated id stays in line order). */
        private void releaseRun() {
            if (runSize > 1) Arrays.sort(run, 0, runSize, BY_ID);
            for (int i = 0; i < runSize; i++) {
                add(run[i]);
                run[i] = null;
            }
            runSize = 0;
        }

        /** The whole input: repeated ids dropped (the first line's copy kept), then in (time, id) order. */
        private void releaseSorted() {
            Set<String> ids = new HashSet<>();
            int n = 0;
            for (int i = 0; i < all.size(); i++) {
                Event e = all.get(i);
                if (ids.add(e.id())) all.set(n++, e);
            }
            lane.droppedInMemory = all.size() - n;
            ids = null;
            Event[] sorted = all.subList(0, n).toArray(new Event[0]);
            all = null;
            Arrays.sort(sorted, Replay.EVENT_ORDER); // ids are unique now: a total order
            for (int i = 0; i < sorted.length; i++) {
                add(sorted[i]);
                sorted[i] = null;
            }
        }

        private void add(Event e) {
            filling[filled++] = e;
            if (filled == batchSize) {
                hand(new Batch(filling, filled, null));
                filling = new Event[batchSize];
                filled = 0;
            }
        }

        private void hand(Batch b) {
            try {
                queue.put(b);
            } catch (InterruptedException ex) {
                throw new Cancelled();
            }
        }
    }
}
