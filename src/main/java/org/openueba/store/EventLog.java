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
 * <p>When the scorer {@linkplain EventScorer#scoresAhead scores ahead}, a second thread reads the
 * journal's tail as soon as events are appended and commits the alerts they raise, without waiting for
 * the events table: an alert is then as late as the scoring, not as the database's indexing. The
 * indexer never indexes past the position whose alerts are committed, so after a crash the alerts of
 * every event after the indexed position are derived again from the journal (idempotent upserts).
 *
 * <p>Queries call {@link #awaitIndexed} so that an event acknowledged before a query is visible to
 * it (read-your-writes), within a bounded wait; alert queries call {@link #awaitAlerted}. When the indexer falls more than
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
    /** Ahead mode: events up to here had their alerts committed (never below indexedSeq). */
    private volatile long alertedSeq;
    /** Events read from the journal per call of {@link EventScorer#scoreAhead}. */
    static final int AHEAD_BATCH = 5_000;
    /** Where each reading thread stopped in the journal. */
    private final EventJournal.Cursor aheadCursor = new EventJournal.Cursor(), indexCursor = new EventJournal.Cursor();
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile String aheadError;
    /** Rows indexed by this process, and at the last ANALYZE. */
    private long indexedRows;
    private long analyzedAtRows;
    private final Thread indexer;
    private final Thread ahead;
    private final EventScorer scorer;
    private volatile boolean restored;
    /** Maintenance and tests: the indexer waits while set (alerts ahead of indexing go on). */
    private volatile boolean held;

    /**
     * @param recovery taken so that an H2 database left by a crash is rebuilt before the journal
     *                 position is read from it
     */
    public EventLog(EventStore store, UebaConfig config, MeterRegistry meters, EventScorer scorer, H2Recovery recovery) {
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
        Gauge.builder("ueba.alerts.backlog", this, EventLog::alertBacklog)
                .description("Acknowledged events whose alerts are not yet committed").register(meters);
        held = this.config.holdIndexing();
        if (held) LOG.warn("journal: indexing is held (ueba.journal.hold-indexing); events are acknowledged and alerted, not indexed");
        indexer = new Thread(this::indexLoop, "journal-indexer");
        indexer.setDaemon(true);
        ahead = this.config.indexing() && scorer.scoresAhead() ? new Thread(this::aheadLoop, "alert-scorer") : null;
        if (ahead != null) ahead.setDaemon(true);
        if (this.config.indexing()) {
            indexer.start();
            if (ahead != null) ahead.start();
        }
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
        return awaitPosition(() -> indexedSeq, timeout);
    }

    /**
     * Waits until the alerts of everything appended so far are committed (ahead mode; otherwise the
     * same as {@link #awaitIndexed}), or the timeout passes; true when they are.
     */
    public boolean awaitAlerted(Duration timeout) throws InterruptedException {
        return awaitPosition(ahead == null ? () -> indexedSeq : () -> alertedSeq, timeout);
    }

    /** Waits until {@code position} reaches the journal's current end, or the timeout passes. */
    private boolean awaitPosition(java.util.function.LongSupplier position, Duration timeout) throws InterruptedException {
        long target = journal.lastSeq();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position.getAsLong() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Acknowledged events whose alerts are not yet committed. */
    public long alertBacklog() {
        return Math.max(0, journal.lastSeq() - (ahead == null ? indexedSeq : alertedSeq));
    }

    /**
     * Holds the indexer after its current chunk (true) or lets it go on (false). Events are still
     * acknowledged (up to {@code max-backlog}) and, ahead of indexing, alerted; queries that wait for
     * indexing wait their bounded time. For maintenance and for tests of the ahead path.
     */
    public void holdIndexing(boolean hold) {
        held = hold;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Acknowledged events not yet in the events table. */
    public long backlog() {
        return Math.max(0, journal.lastSeq() - indexedSeq);
    }

    /** The last indexing or alerting failure, or null when the last attempts succeeded. */
    public String lastError() {
        String e = lastError;
        return e != null ? e : aheadError;
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
                    alertedSeq = indexedSeq;
                    restored = true;
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                }
                if (indexedSeq >= indexLimit()) {
                    synchronized (progress) {
                        if (indexedSeq >= indexLimit() && running) progress.wait(500);
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

    /** The last position the indexer may index: the journal's end, or in ahead mode the last alerted one. */
    private long indexLimit() {
        if (held) return indexedSeq;
        return ahead == null ? journal.lastSeq() : Math.min(journal.lastSeq(), alertedSeq);
    }

    /** Ahead mode: scores the journal's tail for alerts, in journal order, as soon as it is appended. */
    private void aheadLoop() {
        try {
            synchronized (progress) {
                while (running && !restored) progress.wait(500);
            }
            while (running) {
                try {
                    if (alertedSeq >= journal.lastSeq()) {
                        synchronized (progress) {
                            if (alertedSeq >= journal.lastSeq() && running) progress.wait(500);
                        }
                        continue;
                    }
                    List<EventJournal.Entry> chunk = read(alertedSeq + 1, Long.MAX_VALUE, aheadCursor, AHEAD_BATCH);
                    if (chunk.isEmpty()) continue;
                    scorer.scoreAhead(chunk);
                    alertedSeq = chunk.get(chunk.size() - 1).seq();
                    aheadError = null;
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                } catch (IOException | SQLException | RuntimeException e) {
                    aheadError = e.getMessage();
                    LOG.error("alerts: scoring ahead of indexing failed; retrying in 1 s (indexing waits, events are safe in the journal)", e);
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** At most {@code max} journal entries from {@code from} to {@code to}, decoded. */
    private List<EventJournal.Entry> read(long from, long to, EventJournal.Cursor cursor, int max) throws IOException {
        List<EventJournal.Entry> chunk = new ArrayList<>(Math.min(max, 65_536));
        journal.read(from, to, cursor, (seq, p) -> {
            chunk.add(EventJournal.Entry.decode(seq, p));
            return chunk.size() < max;
        });
        return chunk;
    }

    private void indexChunk() throws IOException, SQLException {
        List<EventJournal.Entry> chunk = read(indexedSeq + 1, indexLimit(), indexCursor, config.indexBatch());
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
            if (ahead != null) ahead.join(10_000);
            indexer.join(10_000);
            if (restored && !indexer.isAlive()) scorer.close(indexedSeq);
            journal.close();
        } catch (InterruptedException | IOException ex) {
            LOG.warn("journal: shutdown interrupted; the journal will be re-checked at the next start", ex);
        }
    }
}
