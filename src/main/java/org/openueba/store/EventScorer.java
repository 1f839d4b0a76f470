package org.openueba.store;

import org.openueba.event.Event;

/**
 * Scores events as the indexer stores them (the first-layer models). The indexer calls it from its
 * single thread, in journal order: {@link #restore} once before the first event, {@link #score} for
 * every event with increasing sequence numbers, {@link #indexed} after each committed chunk and
 * {@link #close} at shutdown.
 */
public interface EventScorer {
    /** A stored score: the combined score and the JSON array of feature scores. */
    record Score(int score, String featuresJson) {
    }

    /** Brings the models up to {@code indexedSeq} (restore the snapshot, re-apply stored events). */
    void restore(long indexedSeq) throws Exception;

    /**
     * Scores and learns the event with sequence {@code seq}. Called again with the same sequence
     * after a failed chunk is retried: it must not learn the event twice.
     */
    Score score(long seq, Event event);

    /**
     * Called in the indexing transaction after the chunk's events are queued and before it commits:
     * writes what the scorer derived from them (alerts), so that it commits or rolls back with them.
     */
    default void beforeCommit(java.sql.Connection connection) throws java.sql.SQLException {
    }

    /**
     * Whether alerts are derived ahead of indexing: {@link #scoreAhead} is then called from a thread
     * of its own as soon as events are journalled, the indexer never passes the position whose alerts
     * are committed, and {@link #beforeCommit} writes no alerts.
     */
    default boolean scoresAhead() {
        return false;
    }

    /**
     * Ahead of indexing: learns the events of {@code chunk} (journal order, after the position of the
     * last {@link #restore}) in a copy of the models and commits the alerts they create or update.
     * Returns once they are committed. After a failure the caller repeats the call with a chunk that
     * starts at the same position: events already learnt are not learnt again, the alerts are written
     * again.
     */
    default void scoreAhead(java.util.List<EventJournal.Entry> chunk) throws java.sql.SQLException {
    }

    /** Everything up to {@code indexedSeq} is committed; a snapshot may be taken now. */
    void indexed(long indexedSeq);

    /** Shutdown: everything up to {@code indexedSeq} is committed. */
    void close(long indexedSeq);
}
