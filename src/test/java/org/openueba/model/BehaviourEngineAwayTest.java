package org.openueba.model;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openueba.model.EngineFixture.BERLIN;
import static org.openueba.model.EngineFixture.at;
import static org.openueba.model.EngineFixture.feature;

/** The hour of a travelling entity's activity read where it is (the GeoIP time zone of its located events). */
class BehaviourEngineAwayTest {
    static final ZoneId SINGAPORE = ZoneId.of("Asia/Singapore");
    static final double[] BERLIN_AT = {52.52, 13.40}, SINGAPORE_AT = {1.29, 103.85};

    /** 20 working days in Berlin (May 2026, UTC+2): a located sign-in at 09:00 and logons until 17:00. */
    private static EngineFixture homeWorker(String... entities) {
        Map<String, ZoneId> zones = new java.util.HashMap<>();
        for (String e : entities) zones.put(e, BERLIN);
        EngineFixture f = new EngineFixture(zones);
        for (int d = 1; d <= 20; d++) {
            for (String e : entities) {
                f.apply(located(f, e, String.format("2026-05-%02dT09:00", d), BERLIN, BERLIN_AT, "Europe/Berlin"));
                for (int h = 10; h <= 17; h++) f.apply(f.event(e, at(String.format("2026-05-%02dT%02d:00", d, h), BERLIN)));
            }
        }
        return f;
    }

    private static Event.Builder located(EngineFixture f, String entity, String localTime, ZoneId zone, double[] where, String tz) {
        Event.Builder b = f.event(entity, at(localTime, zone)).coordinates(where[0], where[1]);
        return tz == null ? b : b.attribute(BehaviourEngine.GEO_TIME_ZONE, tz);
    }

    @Test
    void aTravellersWorkingHoursAbroadAreNotOddHoursAtHome() {
        EngineFixture f = homeWorker("ana", "bob");
        // two days later, 09:00 in Singapore = 03:00 in Berlin; 9,900 km in 40 h is a plausible journey
        List<FeatureScore> s = f.apply(located(f, "ana", "2026-05-22T09:00", SINGAPORE, SINGAPORE_AT, "Asia/Singapore"));
        assertEquals(0.0, f.raw("time_of_day"), 0.0, "09:00 where she is: her usual hours");
        assertEquals("09:00", feature(s, "time_of_day").value());
        assertTrue(feature(s, "time_of_day").reason().startsWith("activity at 09:00 local time in Asia/Singapore, where the entity is travelling"),
                feature(s, "time_of_day").reason());
        // the same event without the zone (no GeoIP city): read at home, 03:00 is far outside her hours
        f.apply(located(f, "bob", "2026-05-22T09:00", SINGAPORE, SINGAPORE_AT, null));
        assertTrue(f.raw("time_of_day") > 90, "03:00 at home: " + f.raw("time_of_day"));
        // a logon without a location two days later, 10:00 in Singapore (04:00 in Berlin): still away
        s = f.apply(f.event("ana", at("2026-05-24T10:00", SINGAPORE)));
        assertEquals(0.0, f.raw("time_of_day"), 0.0);
        assertEquals("10:00", feature(s, "time_of_day").value());
        // more than 3 days after the last event located there the entity counts as home again
        s = f.apply(f.event("ana", at("2026-05-25T11:00", SINGAPORE)));
        assertTrue(f.raw("time_of_day") > 90, "05:00 at home: " + f.raw("time_of_day"));
        assertTrue(feature(s, "time_of_day").reason().startsWith("activity at 05:00 local time;"), feature(s, "time_of_day").reason());
    }

    @Test
    void anOddHourWhereTheTravellerIsStaysOdd() {
        EngineFixture f = homeWorker("ana");
        f.apply(located(f, "ana", "2026-05-22T09:00", SINGAPORE, SINGAPORE_AT, "Asia/Singapore"));
        // 03:00 in Singapore is 21:00 in Berlin: unusual in both places, so it scores (the lower of the two)
        List<FeatureScore> s = f.apply(f.event("ana", at("2026-05-23T03:00", SINGAPORE)));
        assertTrue(f.raw("time_of_day") > 50, "03:00 there, 21:00 at home: " + f.raw("time_of_day"));
        // an event located in the home offset brings her home at once: 09:00 Singapore time is 03:00 in Berlin
        f.apply(located(f, "ana", "2026-05-24T18:00", BERLIN, BERLIN_AT, "Europe/Berlin"));
        f.apply(f.event("ana", at("2026-05-25T09:00", SINGAPORE)));
        assertTrue(f.raw("time_of_day") > 90, "03:00 at home: " + f.raw("time_of_day"));
    }

    @Test
    void anImpossibleJourneyIsNotTrustedAsWhereTheEntityIs() {
        EngineFixture f = homeWorker("eve");
        // one hour after her last located event in Berlin (17:00 local is 15:00 UTC; the sign-in at 09:00
        // was the last located one, 8 h before): 9,900 km in 1 h 00 after 16:00 local on day 20 is impossible
        f.apply(located(f, "eve", "2026-05-20T18:00", BERLIN, BERLIN_AT, "Europe/Berlin"));
        f.apply(located(f, "eve", "2026-05-21T01:00", SINGAPORE, SINGAPORE_AT, "Asia/Singapore")); // 19:00 Berlin, 1 h later
        assertTrue(f.raw("travel") > 0);
        // later events from there (now a short hop from the last location) are still read at home
        f.apply(located(f, "eve", "2026-05-21T09:00", SINGAPORE, SINGAPORE_AT, "Asia/Singapore"));
        assertEquals(0.0, f.raw("travel"), 0.0);
        assertTrue(f.raw("time_of_day") > 90, "03:00 at home: " + f.raw("time_of_day"));
    }

    @Test
    void aZoneThatIsNotAZoneIsIgnoredAndWhereaboutsSurviveASnapshot() throws IOException {
        EngineFixture f = homeWorker("ana", "bob");
        f.apply(located(f, "bob", "2026-05-22T09:00", SINGAPORE, SINGAPORE_AT, "Not/AZone"));
        assertTrue(f.raw("time_of_day") > 90, "read at home: " + f.raw("time_of_day"));
        f.apply(located(f, "ana", "2026-05-22T09:00", SINGAPORE, SINGAPORE_AT, "Asia/Singapore"));
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        ModelStateCodec.write(f.engine, saved);
        BehaviourEngine restored = ModelStateCodec.read(new ByteArrayInputStream(saved.toByteArray()), ModelConfig.DEFAULT,
                (entity, source) -> BERLIN);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ModelStateCodec.write(restored, again);
        org.junit.jupiter.api.Assertions.assertArrayEquals(saved.toByteArray(), again.toByteArray());
        Event next = f.event("ana", at("2026-05-23T10:00", SINGAPORE)).build();
        ScoredEvent a = new ScoredEvent(), b = new ScoredEvent();
        f.engine.apply(next, a);
        restored.apply(next, b);
        assertEquals(a.features(), b.features(), "the restored engine knows she is away");
        assertEquals(0.0, a.features().stream().filter(x -> x.feature().equals("time_of_day")).findFirst().orElseThrow().score(), 0.0);
        assertNull(new ScoredEvent().features().stream().findFirst().orElse(null));
    }

    static Instant utc(String t) {
        return EngineFixture.utc(t);
    }
}
