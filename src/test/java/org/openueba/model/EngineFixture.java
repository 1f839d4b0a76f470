package org.openueba.model;

import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/** A {@link BehaviourEngine} with {@link ModelConfig#DEFAULT}, hand-built events and score look-ups. */
final class EngineFixture {
    static final String SRC = "SRC";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    final BehaviourEngine engine;
    final ScoredEvent out = new ScoredEvent();
    private int next;

    /** Entities in {@code zones} get that zone, every other entity UTC. */
    EngineFixture(Map<String, ZoneId> zones) {
        engine = new BehaviourEngine(ModelConfig.DEFAULT, (entity, source) -> zones.getOrDefault(entity, ZoneOffset.UTC));
    }

    EngineFixture() {
        this(Map.of());
    }

    /** The instant of a local date-time such as {@code 2026-03-29T08:30} in {@code zone}. */
    static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static Instant utc(String localDateTime) {
        return at(localDateTime, ZoneOffset.UTC);
    }

    /** An authentication event of source {@value #SRC} with only the required fields. */
    Event.Builder event(String entity, Instant time) {
        return Event.builder().id("e" + (++next)).time(time).source(SRC).entity(entity).kind(EventKind.AUTHENTICATION);
    }

    /** Applies the event; {@link #out} holds its scores until the next call. */
    List<FeatureScore> apply(Event.Builder b) {
        engine.apply(b.build(), out);
        return out.features();
    }

    /** The unrounded score of {@code feature} in the last applied event. */
    double raw(String feature) {
        for (int i = 0; i < out.size(); i++) if (out.feature(i).equals(feature)) return out.score(i);
        return fail("no feature " + feature + " in " + out.features());
    }

    static FeatureScore feature(List<FeatureScore> scores, String name) {
        for (FeatureScore f : scores) if (f.feature().equals(name)) return f;
        return fail("no feature " + name + " in " + scores);
    }
}
