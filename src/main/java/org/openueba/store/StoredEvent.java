package org.openueba.store;

import org.openueba.event.Event;

import java.time.Instant;

/**
 * An event as stored: the event, its arrival sequence number, when it was stored and, once the
 * behaviour models have scored it, its scores.
 *
 * @param seq      increasing in arrival order; models re-apply stored events after a snapshot by it
 * @param score    the event's combined anomaly score 0..100, or null when not scored
 * @param features every feature score of the event as a JSON array, verbatim as the models produced
 *                 it, or null when not scored
 */
public record StoredEvent(Event event, long seq, Instant ingestedAt, Integer score, String features) {
    public StoredEvent {
        if (event == null) throw new IllegalArgumentException("event is required");
        if (ingestedAt == null) throw new IllegalArgumentException("ingestedAt is required");
        if (score != null && (score < 0 || score > 100)) {
            throw new IllegalArgumentException("score must be 0..100, was " + score);
        }
    }

    /** An event without scores. */
    public StoredEvent(Event event, long seq, Instant ingestedAt) {
        this(event, seq, ingestedAt, null, null);
    }
}
