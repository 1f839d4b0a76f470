package org.openueba.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;
import org.openueba.event.Event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where accepted events go: {@link #append} makes them durable in the {@link EventJournal} (after
 * dropping ids already stored or in flight, so the journal never holds an event twice), and a
 * background indexer copies the journal into the events table in large transactions, committing
 * the journal position with the rows. After a crash the indexer resumes from that position, so
 * every acknowledged event reaches the table exactly once. Fully indexed journal segments are deleted
 * only after {@link EventStore#makeDurable}: until then a crash may take the database back to an
 * earlier position, and the journal must still hold the events after it.
 *
 * <p>Queries call {@link #awaitIndexed} so that an event acknowledged before a query is visible to
 * it (read-your-writes), within a bounded wait. When the indexer falls more than
 * {@code ueba.journal.max-backlog} events behind, appends wait: sustained overload slows senders
 * down instead of growing the journal without bound.
 */
@Startup
@ApplicationScoped
public class EventLog {
    private static final Logger LOG = Logger.getLogger(EventLog.class);
    static final long ANALYZE_MIN_ROWS = 20_000;
    static final long ANALYZE_MAX_ROWS = 2_000_000;

    private final EventStore store;
    private final UebaConfig.Journal config;
    private final EventJournal journal;
    /** Ids appended to the journal and not yet indexed. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Object appendLock = new Object();
    private final Object progress = new Object();
    private volatile long indexedSeq;
    private volatile boolean running = true;
    private volatile String lastError;
    /** Rows indexed by this process, and at the last ANALYZE. */
    private long indexedRows;
    private long analyzedAtRows;
    private final Thread indexer;
    private final EventScorer scorer;
    private volatile boolean restored;

    public EventLog(EventStore store, UebaConfig config, MeterRegistry meters, EventScorer scorer) {
        this.store = store;
        this.scorer = scorer;
        this.config = config.journal();
        try {
            this.indexedSeq = store.indexedSeq();
            this.journal = EventJournal.open(Path.of(this.config.dir()), indexedSeq + 1, this.config.fsync(),
                    this.config.segmentBytes());
            // ids of acknowledged events not yet indexed (a crash before indexing) are in flight
            journal.read(indexedSeq + 1, (seq, p) -> inFlight.add(EventJournal.Entry.decode(seq, p).event().id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event journal in " + this.config.dir() + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal position from the database", e);
        }
        if (journal.lastSeq() > indexedSeq) {
            LOG.infof("journal: %d acknowledged events to index after restart", journal.lastSeq() - indexedSeq);
        }
        try {
            long first = journal.firstSeq();
            if (first > indexedSeq + 1) {
                LOG.errorf("journal: events %d to %d were acknowledged but are neither in the database nor in the journal:"
                        + " the database lost commits after the journal had deleted their segments", indexedSeq + 1, first - 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the event journal in " + this.config.dir() + ": " + e.getMessage(), e);
        }
        Gauge.builder("ueba.journal.backlog", this, EventLog::backlog)
                .description("Acknowledged events not yet indexed into the events table").register(meters);
        indexer = new Thread(this::indexLoop, "journal-indexer");
        indexer.setDaemon(true);
        if (this.config.indexing()) indexer.start();
    }

    /**
     * Outcome of one append.
     *
     * @param dropped per appended event (same index), true when it was a duplicate and not stored
     */
    public record Appended(long stored, long duplicates, long lastSeq, boolean[] dropped) {
    }

    /**
     * Durably appends those of {@code events} whose id is neither stored, in flight, nor repeated
     * earlier in the list. Returns after the journal write (and fsync) completed.
     */
    public Appended append(List<Event> events, Instant ingestedAt) throws IOException, SQLException {
        if (events.isEmpty()) return new Appended(0, 0, journal.lastSeq(), new boolean[0]);
        awaitBacklogBelowLimit();
        synchronized (appendLock) {
            // in-flight first, then the table: the indexer commits rows before it forgets their ids
            List<String> candidates = new ArrayList<>(events.size());
            Set<String> seen = new HashSet<>();
            boolean[] skip = new boolean[events.size()];
            for (int i = 0; i < events.size(); i++) {
                String id = events.get(i).id();
                if (!seen.add(id) || inFlight.contains(id)) skip[i] = true;
                else candidates.add(id);
            }
            Set<String> stored = store.existingIds(candidates);
            EventJournal.Batch batch = new EventJournal.Batch();
            List<String> added = new ArrayList<>(candidates.size());
            for (int i = 0; i < events.size(); i++) {
                if (skip[i] || stored.contains(events.get(i).id())) {
                    skip[i] = true;
                    continue;
                }
                batch.add(events.get(i), ingestedAt);
                added.add(events.get(i).id());
            }
            inFlight.addAll(added); // before the append: the indexer may index them at once
            try {
                journal.append(batch);
            } catch (IOException e) {
                added.forEach(inFlight::remove);
                throw e;
            }
            synchronized (progress) {
                progress.notifyAll();
            }
            return new Appended(added.size(), events.size() - added.size(), journal.lastSeq(), skip);
        }
    }

    /** Waits until everything appended so far is indexed, or the timeout passes; true when indexed. */
    public boolean awaitIndexed(Duration timeout) throws InterruptedException {
        long target = journal.lastSeq();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (indexedSeq < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Acknowledged events not yet in the events table. */
    public long backlog() {
        return Math.max(0, journal.lastSeq() - indexedSeq);
    }

    /** The last indexing failure, or null when the last attempt succeeded. */
    public String lastError() {
        return lastError;
    }

    public long lastSeq() {
        return journal.lastSeq();
    }

    private void awaitBacklogBelowLimit() throws IOException {
        long limit = config.maxBacklog();
        synchronized (progress) {
            while (running && backlog() > limit) {
                try {
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the indexer");
                }
            }
        }
    }

    private void indexLoop() {
        while (running) {
            try {
                if (!restored) {
                    scorer.restore(indexedSeq);
                    restored = true;
                }
                if (indexedSeq >= journal.lastSeq()) {
                    synchronized (progress) {
                        if (indexedSeq >= journal.lastSeq() && running) progress.wait(500);
                    }
                    continue;
                }
                indexChunk();
                lastError = null;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                lastError = e.getMessage();
                LOG.error("journal: indexing failed; retrying in 1 s (acknowledged events are safe in the journal)", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void indexChunk() throws IOException, SQLException {
        int max = config.indexBatch();
        List<EventJournal.Entry> chunk = new ArrayList<>(Math.min(max, 65_536));
        journal.read(indexedSeq + 1, (seq, p) -> {
            chunk.add(EventJournal.Entry.decode(seq, p));
            return chunk.size() < max;
        });
        if (chunk.isEmpty()) return;
        long last = chunk.get(chunk.size() - 1).seq();
        try (EventStore.Writer w = store.openWriter(2000)) {
            for (EventJournal.Entry e : chunk) {
                EventScorer.Score s = scorer.score(e.seq(), e.event());
                w.add(e.event(), e.seq(), e.ingestedAt(), s == null ? null : s.score(), s == null ? null : s.featuresJson());
            }
            scorer.beforeCommit(w.connection());
            w.commit(last);
        }
        indexedSeq = last;
        scorer.indexed(last);
        for (EventJournal.Entry e : chunk) inFlight.remove(e.event().id());
        indexedRows += chunk.size();
        if (indexedRows - analyzedAtRows >= Math.min(ANALYZE_MAX_ROWS, Math.max(ANALYZE_MIN_ROWS, analyzedAtRows))) {
            store.analyze(); // statistics double-step: after 20k, 40k, 80k … rows, then every 2M
            analyzedAtRows = indexedRows;
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        if (journal.canDeleteUpTo(last)) {
            store.makeDurable(); // once deleted, these events are only in the database: its commit must survive a crash
            journal.deleteUpTo(last);
        }
    }

    void onStop(@Observes ShutdownEvent e) {
        running = false;
        synchronized (progress) {
            progress.notifyAll();
        }
        try {
            indexer.join(10_000);
            if (restored && !indexer.isAlive()) scorer.close(indexedSeq);
            journal.close();
        } catch (InterruptedException | IOException ex) {
            LOG.warn("journal: shutdown interrupted; the journal will be re-checked at the next start", ex);
        }
    }
}
