package org.openueba.store;

import java.time.Instant;

/**
 * A filter over stored events plus a keyset position. Null filters match everything.
 *
 * @param from      inclusive lower bound of the event time
 * @param to        exclusive upper bound of the event time
 * @param afterTime with {@code afterId}: return only events after this (time, id) position in the
 *                  query's order (older than it when {@code newestFirst})
 * @param limit     most events returned, 1..10000
 */
public record EventQuery(String entity, String source, Instant from, Instant to, Instant afterTime, String afterId,
                         int limit, boolean newestFirst) {
    /** Oldest-first query. */
    public EventQuery(String entity, String source, Instant from, Instant to, Instant afterTime, String afterId, int limit) {
        this(entity, source, from, to, afterTime, afterId, limit, false);
    }

    public EventQuery {
        if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000, was " + limit);
        if ((afterTime == null) != (afterId == null)) throw new IllegalArgumentException("afterTime and afterId go together");
    }
}
