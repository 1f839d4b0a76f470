package org.openueba.api;

import org.openueba.alert.AlertStore;
import org.openueba.smart.Indicator;

import java.time.Instant;
import java.util.List;

/** An alert as the API shows it (docs/api.md). */
public record AlertDto(String id, String entity, String window, String groupId, Instant windowStart, Instant windowEnd,
                       String firstEventId, String lastEventId, int eventCount, List<String> sources, double smartValue,
                       double score, String severity, List<Indicator> indicators, Double userPercentile,
                       Double orgPercentile, Instant crossedAt, Instant updatedAt, String status, String assignee,
                       String comment, String feedback) {
    static AlertDto of(AlertStore.StoredAlert a) {
        return new AlertDto(a.id(), a.entity(), a.window(), a.groupId(), a.windowStart(), a.windowEnd(), a.firstEventId(),
                a.lastEventId(), a.eventCount(), a.sources(), a.smartValue(), a.score(), a.severity(), a.indicators(),
                a.userPercentile(), a.orgPercentile(), a.crossedAt(), a.updatedAt(), a.status(), a.assignee(), a.comment(),
                a.feedback());
    }
}
