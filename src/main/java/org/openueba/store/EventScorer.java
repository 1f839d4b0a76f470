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

    /** Everything up to {@code indexedSeq} is committed; a snapshot may be taken now. */
    void indexed(long indexedSeq);

    /** Shutdown: everything up to {@code indexedSeq} is committed. */
    void close(long indexedSeq);
}
