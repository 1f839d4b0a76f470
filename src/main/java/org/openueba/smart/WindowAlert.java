package org.openueba.smart;

import java.time.Instant;
import java.util.List;

/**
 * The alert state of one entity window, created when the window's SMART score first reaches the
 * threshold and replaced (same {@link #id}) by every later event of the window.
 *
 * @param id             stable id derived from entity, window kind and window key: one alert per entity window
 * @param entity         the entity
 * @param window         the window kind ({@code hour}, {@code day}, {@code events:N})
 * @param groupId        for event-count windows the group id ({@code entity/events:N/index}), else null
 * @param windowStart    start of the window (hour/day: its local start; groups: the first event's time)
 * @param windowEnd      end of the window (hour/day: start + 1 h / 24 h; groups: the last event's time)
 * @param firstEventId   first event of the window
 * @param lastEventId    latest event of the window
 * @param eventCount     events in the window so far
 * @param sources        data sources of the window's events, sorted
 * @param smartValue     the SMART value
 * @param score          the SMART score 0..100
 * @param severity       severity band of the score
 * @param indicators     the contributing features, largest contribution first
 * @param userPercentile share of the entity's past daily maxima ≤ the value (0..1; NaN without history)
 * @param orgPercentile  share of the organisation's entities whose 30-day maximum is ≤ the value (0..1; NaN when none)
 * @param crossedAt      event time of the event that made the window cross the threshold
 * @param updatedAt      event time of the latest event of the window
 */
public record WindowAlert(String id, String entity, String window, String groupId, Instant windowStart, Instant windowEnd,
                          String firstEventId, String lastEventId, int eventCount, List<String> sources,
                          double smartValue, double score, Severity severity, List<Indicator> indicators,
                          double userPercentile, double orgPercentile, Instant crossedAt, Instant updatedAt) {
    public WindowAlert {
        sources = List.copyOf(sources);
        indicators = List.copyOf(indicators);
    }
}
