package org.openueba.store;

import org.openueba.event.Event;

import java.time.Instant;

/**
 * An event as stored: the event, its arrival sequence number and when it was stored.
 *
 * @param seq increasing in arrival order; models re-apply stored events after a snapshot by it
 */
public record StoredEvent(Event event, long seq, Instant ingestedAt) {
}
