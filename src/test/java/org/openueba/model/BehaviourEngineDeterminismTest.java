package org.openueba.model;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The engine keeps no clock and no randomness: the same events in the same order give the same scores. */
class BehaviourEngineDeterminismTest {
    static final ZoneId[] ZONES = {ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York")};
    static final EventKind[] KINDS = {EventKind.AUTHENTICATION, EventKind.AUTHENTICATION, EventKind.WEB_REQUEST,
            EventKind.NETWORK_CONNECTION, EventKind.DEVICE, EventKind.FILE};
    static final String[] COUNTRIES = {"DE", "DE", "DE", "FR", "US", "BR"};
    static final double[][] PLACES = {{52.52, 13.40}, {48.86, 2.35}, {40.71, -74.01}, {-23.55, -46.63}};
    static final String[] AGENTS = {"Mozilla/5.0 Firefox/120.0", "Mozilla/5.0 Chrome/120.0 Safari/537.36", "curl/8.0"};

    /** 5,000 events of 25 entities over about five weeks, about 5 % of them late by up to 3 days. */
    static List<Event> events() {
        SplittableRandom r = new SplittableRandom(7);
        List<Event> out = new ArrayList<>();
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 5000; i++) {
            t = t.plusSeconds(1 + r.nextInt(1200));
            Instant time = r.nextInt(20) == 0 ? t.minusSeconds(r.nextInt(3 * 86_400)) : t;
            int u = r.nextInt(25);
            Event.Builder b = Event.builder().id("r" + i).time(time).source(r.nextInt(4) == 0 ? "vpn" : "logon")
                    .entity("u" + u).kind(KINDS[r.nextInt(KINDS.length)])
                    .action(r.nextInt(10) == 0 ? "disconnect" : "logon")
                    .outcome(r.nextInt(6) == 0 ? Outcome.FAILURE : Outcome.SUCCESS)
                    .srcHost("ws" + (r.nextInt(3) == 0 ? r.nextInt(40) : u))
                    .dstHost("srv" + r.nextInt(r.nextBoolean() ? 3 : 15))
                    .srcIp("10.0." + r.nextInt(4) + "." + r.nextInt(60))
                    .dstIp("192.0.2." + r.nextInt(20))
                    .device(r.nextInt(8) == 0 ? "usb-" + r.nextInt(5) : null)
                    .userAgent(AGENTS[r.nextInt(AGENTS.length)])
                    .bytes((long) r.nextInt(1_000_000));
            String country = COUNTRIES[r.nextInt(COUNTRIES.length)];
            b.country(country).city(country + "-city-" + r.nextInt(3)).asn(64_500L + r.nextInt(4));
            if (r.nextInt(3) == 0) {
                double[] p = PLACES[r.nextInt(PLACES.length)];
                b.coordinates(p[0], p[1]);
            }
            out.add(b.build());
        }
        return out;
    }

    private static BehaviourEngine engine() {
        return new BehaviourEngine(ModelConfig.DEFAULT,
                (entity, source) -> ZONES[Integer.parseInt(entity.substring(1)) % ZONES.length]);
    }

    @Test
    void twoFreshEnginesScoreTheSameEventsIdentically() {
        List<Event> events = events();
        assertEquals(events, events()); // the generator itself is seeded
        BehaviourEngine a = engine(), b = engine();
        ScoredEvent sa = new ScoredEvent(), sb = new ScoredEvent();
        int positive = 0, features = 0;
        for (Event e : events) {
            a.apply(e, sa);
            b.apply(e, sb);
            List<FeatureScore> fa = sa.features();
            assertEquals(fa, sb.features(), e.id());
            assertEquals(sa.combined(), sb.combined(), 0.0, e.id());
            for (int i = 0; i < sa.size(); i++) {
                assertEquals(Double.doubleToLongBits(sa.score(i)), Double.doubleToLongBits(sb.score(i)), e.id());
                if (sa.score(i) > 0) positive++;
            }
            features += fa.size();
        }
        assertEquals(5000, a.applied());
        assertEquals(25, a.entityCount());
        for (int u = 0; u < 25; u++) assertEquals(a.entityBytes("u" + u), b.entityBytes("u" + u));
        // the comparison is not vacuous: plenty of features, and a good number of them scored
        assertTrue(features > 50_000, "features " + features);
        assertTrue(positive > 500, "positive scores " + positive);
    }

    /**
     * A restart restores the last snapshot and continues: from every cut (mid-day, mid-hour, after
     * late events) the restored engine must score each later event exactly as the uninterrupted one —
     * features, values, scores and the statistics in the reasons — not only end in the same state.
     */
    @Test
    void anEngineRestoredFromASnapshotScoresEveryLaterEventLikeTheUninterruptedOne() throws java.io.IOException {
        List<Event> events = events();
        List<List<FeatureScore>> whole = new ArrayList<>();
        BehaviourEngine a = engine();
        ScoredEvent sa = new ScoredEvent();
        for (Event e : events) {
            a.apply(e, sa);
            whole.add(sa.features());
        }
        for (int cut = 250; cut < events.size(); cut += 250) {
            BehaviourEngine b = engine();
            ScoredEvent sb = new ScoredEvent();
            for (Event e : events.subList(0, cut)) b.apply(e, sb);
            java.io.ByteArrayOutputStream saved = new java.io.ByteArrayOutputStream();
            ModelStateCodec.write(b, saved);
            BehaviourEngine restored = ModelStateCodec.read(new java.io.ByteArrayInputStream(saved.toByteArray()),
                    ModelConfig.DEFAULT, (entity, source) -> ZONES[Integer.parseInt(entity.substring(1)) % ZONES.length]);
            for (int i = cut; i < events.size(); i++) {
                restored.apply(events.get(i), sb);
                List<FeatureScore> expected = whole.get(i), actual = sb.features();
                if (!expected.equals(actual)) {
                    List<FeatureScore> onlyExpected = new ArrayList<>(expected), onlyActual = new ArrayList<>(actual);
                    onlyExpected.removeAll(actual);
                    onlyActual.removeAll(expected);
                    fail("restored at event " + cut + ", event " + i + " " + events.get(i) + " scored differently:\n  uninterrupted "
                            + onlyExpected + "\n  restored      " + onlyActual);
                }
            }
        }
    }
}
