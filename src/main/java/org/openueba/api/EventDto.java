package org.openueba.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.openueba.event.Event;
import org.openueba.store.StoredEvent;

import java.time.Instant;
import java.util.Map;

/**
 * A stored event as the API shows it; field names are the native JSON names. Once the models have
 * scored the event, {@code score} is its combined anomaly score (0..100) and {@code features} the
 * JSON array of its feature scores, embedded as stored; both are absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventDto(String id, long seq, Instant time, String source, String entity, String kind, String action,
                       String outcome, String srcHost, String dstHost, String srcIp, String dstIp, String country,
                       String city, Double lat, Double lon, Long asn, String asOrg, String device, String userAgent,
                       Long bytes, Map<String, String> attributes, Map<String, Double> metrics, Instant ingestedAt,
                       Integer score, @JsonRawValue String features) {

    /** The API view of a stored event. */
    public static EventDto of(StoredEvent s) {
        Event e = s.event();
        return new EventDto(e.id(), s.seq(), e.time(), e.source(), e.entity(), e.kind().wireName(), e.action(),
                e.outcome() == null ? null : e.outcome().wireName(), e.srcHost(), e.dstHost(), e.srcIp(), e.dstIp(),
                e.country(), e.city(), e.lat(), e.lon(), e.asn(), e.asOrg(), e.device(), e.userAgent(), e.bytes(),
                e.attributes(), e.metrics(), s.ingestedAt(), s.score(), s.features());
    }
}
