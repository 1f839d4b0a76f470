package org.openueba.replay;

import org.openueba.event.Event;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * An event stream read ahead on a thread of its own, in batches: the replay's merge (which takes the
 * readers' events in event-time order and drops repeated ids) runs there while the scoring thread scores
 * the events merged before. The same events in the same order as the stream gives them; what the stream
 * throws is thrown by {@link #next()} after the events that came before it, as the stream itself would.
 * {@link #close()} ends the thread (also when the stream was not read to its end) and waits for it, so
 * whatever the stream's thread wrote is visible afterwards. One consumer thread.
 */
final class ReadAhead implements Replay.EventStream, AutoCloseable {
    /** Events per batch and batches in flight: enough that handing over costs next to nothing, few enough to stay in the caches. */
    static final int BATCH = 256, BATCHES = 4;

    private static final class Batch {
        final Event[] events = new Event[BATCH];
        int n;
        /** The stream ended after these events. */
        boolean end;
        /** What the stream threw after these events. */
        Throwable failure;
    }

    private final ArrayBlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final ArrayBlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private Batch current;
    private int pos;
    /** CPU time of the reading thread, set as it ends (read after {@link #close()}). */
    private long cpuNanos;

    ReadAhead(Replay.EventStream source, String threadName) {
        for (int i = 0; i < BATCHES; i++) free.add(new Batch());
        thread = new Thread(() -> run(source), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Replay.EventStream source) {
        try {
            while (!closed) {
                Batch b = free.take();
                b.n = 0;
                try {
                    while (b.n < BATCH) {
                        Event e = source.next();
                        if (e == null) {
                            b.end = true;
                            break;
                        }
                        b.events[b.n++] = e;
                    }
                } catch (Throwable t) {
                    b.failure = t;
                }
                full.put(b);
                if (b.end || b.failure != null) return;
            }
        } catch (InterruptedException e) {
            // closed while waiting: nobody reads on
        } finally {
            cpuNanos = ReplayJob.cpuNanos();
        }
    }

    @Override
    public Event next() {
        while (true) {
            if (current != null) {
                if (pos < current.n) {
                    Event e = current.events[pos];
                    current.events[pos++] = null;
                    return e;
                }
                if (current.failure instanceof RuntimeException r) throw r;
                if (current.failure instanceof Error err) throw err;
                if (current.failure != null) throw new IllegalStateException(current.failure);
                if (current.end) return null;
                free.add(current); // room: at most BATCHES batches exist
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the merged events", e);
            }
            pos = 0;
        }
    }

    /** CPU time of the thread that read the stream (valid after {@link #close()}). */
    long cpuNanos() {
        return cpuNanos;
    }

    /** Ends the reading thread and waits for it. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Replay.joinUninterruptibly(thread);
    }
}
