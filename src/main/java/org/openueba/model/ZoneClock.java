package org.openueba.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The UTC offset of one time zone, cached between its transitions: every entity of a zone shares
 * one clock, and an event in the cached interval costs two comparisons instead of a search of the
 * zone's transitions ({@code ZoneRules.getOffset}). An event outside the interval (the next DST
 * change, or a late event before it) looks the offset up and caches the interval from that instant
 * to the next transition. The same offset as {@code zone.getRules().getOffset(instant)}: the rules
 * change only at whole-second transition instants. Not thread-safe.
 */
final class ZoneClock {
    final ZoneId zone;
    private final ZoneRules rules;
    private int offset;
    /** The cached offset holds for epoch seconds in [from, until). */
    private long from = Long.MAX_VALUE, until = Long.MIN_VALUE;

    ZoneClock(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        if (zone instanceof ZoneOffset || rules.isFixedOffset()) {
            offset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
            from = Long.MIN_VALUE;
            until = Long.MAX_VALUE;
        }
    }

    /** The offset in seconds at {@code t}. */
    int offsetSeconds(Instant t) {
        long s = t.getEpochSecond();
        if (s >= from && s < until) return offset;
        offset = rules.getOffset(t).getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(t);
        from = s;
        until = next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond();
        return offset;
    }
}
