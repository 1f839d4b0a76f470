package org.openueba.pipeline;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;
import org.openueba.store.EventStore;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletes events older than the retention window. Event time drives everything, so the window is
 * measured back from the newest stored event time (capped at the server clock plus the allowed
 * skew, so one mis-dated record cannot wipe the store), not from the wall clock: replaying last
 * year's logs keeps them.
 */
@ApplicationScoped
public class RetentionPruner {
    private static final Logger LOG = Logger.getLogger(RetentionPruner.class);
    private final EventStore store;
    private final UebaConfig config;

    public RetentionPruner(EventStore store, UebaConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "{ueba.retention.prune-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            prune(Instant.now());
        } catch (SQLException e) {
            LOG.error("retention pruning failed; will retry at the next run", e);
        }
    }

    /**
     * Deletes events before {@code cutoff(now)}.
     *
     * @return the number deleted
     */
    public long prune(Instant now) throws SQLException {
        Optional<Instant> cutoff = cutoff(now);
        return cutoff.isEmpty() ? 0 : pruneBefore(cutoff.get()).rows();
    }

    /**
     * Deletes the events before {@code cutoff} in transactions of at most {@code ueba.retention.batch}
     * events each ({@link EventStore#deleteBefore}).
     */
    EventStore.Deleted pruneBefore(Instant cutoff) throws SQLException {
        int batch = config.retention().batch(); // at least 1: validated at start (UebaConfig)
        long t0 = System.nanoTime();
        EventStore.Deleted d = store.deleteBefore(cutoff, batch);
        if (d.rows() > 0) {
            LOG.infof("retention: deleted %d events before %s in %d transaction(s) of at most %d, %d ms", d.rows(), cutoff,
                    d.transactions(), batch, (System.nanoTime() - t0) / 1_000_000);
        }
        return d;
    }

    /** The retention cutoff: min(newest event time, now + skew) − retention days; empty when no events. */
    public Optional<Instant> cutoff(Instant now) throws SQLException {
        return store.newestEventTime()
                .map(newest -> cutoff(newest, now, config.ingest().maxFutureSkew(), config.retention().days()));
    }

    /** {@code min(newest, now + skew) − days}. */
    static Instant cutoff(Instant newest, Instant now, Duration skew, int days) {
        // refused at start (EngineSettings); never delete everything on a bad value
        if (days < 1) throw new IllegalStateException("ueba.retention.days must be at least 1, was " + days);
        Instant cap = now.plus(skew);
        return (newest.isAfter(cap) ? cap : newest).minus(Duration.ofDays(days));
    }
}
