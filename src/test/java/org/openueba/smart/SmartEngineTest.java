package org.openueba.smart;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.model.ScoredEvent;
import org.openueba.model.ScoredEvents;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Windows, daily maxima, the organisation prior and alert updates of {@link SmartEngine}, by hand. */
class SmartEngineTest {
    static final long DAY = 86_400;
    /** 2026-03-02 00:00 local (UTC entities): epoch day 20514. */
    static final long T0 = Instant.parse("2026-03-02T00:00:00Z").getEpochSecond();

    static Event event(String id, String entity, String source, long epochSecond) {
        return Event.builder().id(id).source(source).entity(entity).kind(EventKind.AUTHENTICATION).action("logon")
                .time(Instant.ofEpochSecond(epochSecond)).build();
    }

    /** Feeds one event at {@code t} (UTC = local) with the given scores. */
    static SmartEngine.Outcome feed(SmartEngine e, String id, String entity, long t, String... scores) {
        ScoredEvent s = ScoredEvents.of(id, entity, t, scores);
        return e.accept(event(id, entity, "json", t), s);
    }

    @Test
    void windowIdIsTheNameBasedUuidOfEntityWindowAndKey() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        for (String entity : new String[]{"u", "alice@example.org", "Ünïcode-user"}) {
            for (long key : new long[]{0, 569_700, -3}) {
                String name = entity + "\n" + e.specs.get(0) + "\n" + key;
                assertEquals(java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
                        e.windowId(entity, 0, key), entity + " " + key);
            }
        }
        assertEquals(e.windowId("u", 0, 7), e.windowId("u", 0, 7), "the reused digest starts afresh");
    }

    @Test
    void quietHistoryThenAnAlertThatIsUpdatedInPlace() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        for (int d = 0; d < 20; d++) feed(e, "h" + d, "u", T0 + d * DAY + 9 * 3600, "json.dst_host", "PC-1", "0");
        assertEquals(0.5, e.prior(), 0, "no SMART value anywhere yet: the floor");
        // day 20, 10:05: new host scoring 100 → SMART 0.5; quiet user (S = 0, k = 4) → P_org = (2.5/3)^9
        SmartEngine.Outcome o = feed(e, "a1", "u", T0 + 20 * DAY + 10 * 3600 + 300, "json.dst_host", "SRV-1", "100");
        double expected = 100 * (1 - Math.pow(2.5 / 3.0, 9));
        assertEquals(0.5, o.smartValue(), 1e-12);
        assertEquals(expected, o.score(), 1e-9); // 80.61…
        assertNotNull(o.alert());
        WindowAlert a = o.alert();
        assertEquals("hour", a.window());
        assertEquals(Instant.ofEpochSecond(T0 + 20 * DAY + 10 * 3600), a.windowStart());
        assertEquals(Instant.ofEpochSecond(T0 + 20 * DAY + 11 * 3600), a.windowEnd());
        assertEquals(Severity.LOW, a.severity());
        assertEquals(1.0, a.userPercentile(), 0, "all 20 past days at 0 ≤ 0.5");
        assertEquals("json.dst_host", a.indicators().get(0).feature());
        assertEquals(1.0, a.indicators().get(0).share(), 0);
        // a second new host in the same hour: distinct sum 200 → 0.5·2^0.4, same alert id
        SmartEngine.Outcome o2 = feed(e, "a2", "u", T0 + 20 * DAY + 10 * 3600 + 900, "json.dst_host", "SRV-2", "100");
        assertEquals(0.5 * Math.pow(2, 0.4), o2.smartValue(), 1e-12);
        assertEquals(a.id(), o2.alert().id());
        assertEquals(2, o2.alert().eventCount());
        assertEquals("a2", o2.alert().lastEventId());
        assertEquals("SRV-1, SRV-2", o2.alert().indicators().get(0).value());
        // an event of the same hour that scores nothing still updates the alert (count, last event)
        SmartEngine.Outcome o3 = feed(e, "a3", "u", T0 + 20 * DAY + 10 * 3600 + 1200, "json.dst_host", "SRV-1", "0");
        assertEquals(a.id(), o3.alert().id());
        assertEquals(3, o3.alert().eventCount());
        // the next hour is another window: no alert for a zero-score event
        SmartEngine.Outcome o4 = feed(e, "a4", "u", T0 + 20 * DAY + 11 * 3600 + 60, "json.dst_host", "SRV-1", "0");
        assertNull(o4.alert());
        assertNotEquals(a.id(), o4.windowId());
    }

    /** An admin raising the threshold: the same window (score 80.61) is no alert at 85; an alert stays one. */
    @Test
    void aRaisedThresholdAppliesToLaterCrossingsOnly() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        SmartEngine strict = new SmartEngine(SmartConfig.DEFAULT);
        strict.threshold(85);
        assertEquals(85, strict.config().threshold(), 0);
        for (int d = 0; d < 20; d++) {
            feed(e, "h" + d, "u", T0 + d * DAY + 9 * 3600, "json.dst_host", "PC-1", "0");
            feed(strict, "h" + d, "u", T0 + d * DAY + 9 * 3600, "json.dst_host", "PC-1", "0");
        }
        long t = T0 + 20 * DAY + 10 * 3600 + 300;
        assertNotNull(feed(e, "a1", "u", t, "json.dst_host", "SRV-1", "100").alert(), "80.61 ≥ 75");
        assertNull(feed(strict, "a1", "u", t, "json.dst_host", "SRV-1", "100").alert(), "80.61 < 85");
        e.threshold(99);
        assertNotNull(feed(e, "a2", "u", t + 60, "json.dst_host", "SRV-1", "0").alert(), "the crossed window stays an alert");
    }

    @Test
    void dailyMaximaBecomeHistoryAtTheNextDayAndFeedThePrior() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT.withPrior(99, 5, 0));
        feed(e, "x1", "u", T0 + 9 * 3600, "json.country", "NZ", "60");       // 0.3
        feed(e, "x2", "u", T0 + 15 * 3600, "json.country", "AU", "80");      // 0.4: day max 0.4
        feed(e, "y1", "v", T0 + 10 * 3600, "time_of_day", "03:10", "20");    // below the gate: 0
        assertEquals(0, e.prior(), 0, "day 0 is not complete yet");
        feed(e, "z1", "w", T0 + DAY + 3600, "json.country", "NZ", "0");     // the organisation reaches day 1
        // prior = 99th percentile of {0.4} (v is active with maximum 0) = 0.4; percentile table: v counts as a zero
        assertEquals(0.4, e.prior(), 1e-6);
        assertEquals(1, e.orgZeros);
        assertEquals(0.5, e.orgPercentile(0.3), 0, "v (0) ≤ 0.3, u (0.4) is not");
        feed(e, "x3", "u", T0 + DAY + 7200, "json.country", "NZ", "0");
        SmartEngine.EntityView view = e.view("u");
        assertEquals(1, view.days());
        assertEquals(1, view.k());
        assertEquals(0.4, view.sum(), 1e-6);
        assertEquals("2026-03-02", view.dailyMaxima().get(0).day());
    }

    @Test
    void priorIsThe99thPercentileOfEntityMaximaOverThirtyDays() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT.withPrior(50, 5, 0));
        // entities e0..e4 with day maxima 0.1·(i+1) on day 0; e5 on day 0 with a value 40 days earlier excluded
        for (int i = 0; i < 5; i++) feed(e, "p" + i, "e" + i, T0 + 3600, "json.country", "X", String.valueOf(20 * (i + 1)));
        feed(e, "q", "late", T0 + 7200, "json.country", "X", "0");
        feed(e, "tick", "other", T0 + DAY + 60, "json.country", "X", "0");
        // maxima 0.1 (gate: 20 < 25 → 0), 0.2, 0.3, 0.4, 0.5; zeros: e0, late → nonzero {0.2..0.5}
        // Commons Math median of 4 values: position 0.5·5 = 2.5 → 0.3 + 0.5·(0.4 − 0.3) = 0.35
        assertEquals(0.35, e.prior(), 1e-6);
        assertEquals(2, e.orgZeros);
    }

    @Test
    void groupsOfNEventsHaveIdsAndFirstAndLastEvents() {
        SmartConfig c = SmartConfig.DEFAULT.withWindows(Map.of("api", WindowSpec.events(3)), WindowSpec.HOUR).withThreshold(0.01);
        SmartEngine e = new SmartEngine(c);
        for (int d = 0; d < 12; d++) {
            ScoredEvent s = ScoredEvents.of("h" + d, "key-1", T0 + d * DAY, "api.action", "GET /a", "0");
            e.accept(event("h" + d, "key-1", "api", T0 + d * DAY), s);
        }
        // the 12 history events made groups 0..3; day 12: group 4 = events g1, g2, g3; g4 opens group 5
        WindowAlert last = null;
        for (int i = 1; i <= 4; i++) {
            long t = T0 + 12 * DAY + i * 60;
            ScoredEvent s = ScoredEvents.of("g" + i, "key-1", t, "api.action", "DELETE /admin", "90");
            SmartEngine.Outcome o = e.accept(event("g" + i, "key-1", "api", t), s);
            assertNotNull(o.alert(), "event " + i);
            if (i == 3) last = o.alert();
            if (i == 4) {
                assertEquals("key-1/events:3/5", o.alert().groupId());
                assertEquals(1, o.alert().eventCount());
            }
        }
        assertEquals("key-1/events:3/4", last.groupId());
        assertEquals("g1", last.firstEventId());
        assertEquals("g3", last.lastEventId());
        assertEquals(3, last.eventCount());
        assertEquals("events:3", last.window());
        assertEquals(Instant.ofEpochSecond(T0 + 12 * DAY + 60), last.windowStart());
        assertEquals(Instant.ofEpochSecond(T0 + 12 * DAY + 180), last.windowEnd());
    }

    @Test
    void eachSourceKeepsItsOwnWindowAndAWindowNamesEverySourceInItWhenTheyAlternate() {
        SmartConfig c = SmartConfig.DEFAULT.withWindows(Map.of("api", WindowSpec.events(3)), WindowSpec.HOUR).withThreshold(0.01);
        SmartEngine e = new SmartEngine(c);
        for (int d = 0; d < 12; d++) {
            for (String src : new String[]{"api", "json"}) {
                ScoredEvent s = ScoredEvents.of(src + d, "key-1", T0 + d * DAY, src + ".action", "x", "0");
                e.accept(event(src + d, "key-1", src, T0 + d * DAY), s);
            }
        }
        // day 12: sources alternate within one hour; api events go to groups of 3, the others to the hour
        String[] sources = {"api", "json", "api", "vpn", "json", "api", "logon", "vpn", "json"};
        WindowAlert hour = null;
        for (int i = 0; i < sources.length; i++) {
            long t = T0 + 12 * DAY + 3_600 + i * 60;
            ScoredEvent s = ScoredEvents.of("a" + i, "key-1", t, sources[i] + ".action", "DELETE /admin", "90");
            SmartEngine.Outcome o = e.accept(event("a" + i, "key-1", sources[i], t), s);
            assertNotNull(o.alert(), "event " + i);
            assertEquals(sources[i].equals("api") ? "events:3" : "hour", o.alert().window(), "event " + i + " of " + sources[i]);
            if (!sources[i].equals("api")) hour = o.alert();
        }
        assertEquals(java.util.List.of("json", "logon", "vpn"), hour.sources());
        assertEquals(6, hour.eventCount());
    }

    @Test
    void aDayCountScoresOnlyInTheWindowThatRaisesIt() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        SmartEngine.Outcome a = feed(e, "a", "u", T0 + 9 * 3600, "json.failures.day", "30", "90");
        assertEquals(0.45, a.smartValue(), 1e-12);
        // next hour, same day: the day count still scores 90 but was claimed by the 09:00 window
        SmartEngine.Outcome b = feed(e, "b", "u", T0 + 10 * 3600, "json.failures.day", "31", "90");
        assertEquals(0, b.smartValue(), 0);
        // a higher day score claims it again
        SmartEngine.Outcome c = feed(e, "c", "u", T0 + 11 * 3600, "json.failures.day", "40", "100");
        assertEquals(0.5, c.smartValue(), 1e-12);
        // the next day starts unclaimed
        SmartEngine.Outcome d = feed(e, "d", "u", T0 + DAY + 9 * 3600, "json.failures.day", "30", "90");
        assertEquals(0.45, d.smartValue(), 1e-12);
    }

    @Test
    void aSpanCountIsClaimedLikeADayCountAndWeighsOne() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        // device_connections.days has weight 1.0 by default and its own group
        SmartEngine.Outcome a = feed(e, "a", "u", T0 + 9 * 3600, "json.device_connections.days", "14", "60");
        assertEquals(0.6, a.smartValue(), 1e-12);
        SmartEngine.Outcome b = feed(e, "b", "u", T0 + 10 * 3600, "json.device_connections.days", "14", "60");
        assertEquals(0, b.smartValue(), 0); // claimed by the 09:00 window
        SmartEngine.Outcome c = feed(e, "c", "u", T0 + 11 * 3600, "json.device_connections.days", "16", "70");
        assertEquals(0.7, c.smartValue(), 1e-12);
    }

    @Test
    void anUnusualValueCountsOnceADayInHourlyWindows() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        assertEquals(0.4, feed(e, "a", "u", T0 + 3600, "vpn.country", "JP", "80").smartValue(), 1e-12);
        // the same trip four hours later: already a finding of the 01:00 window
        assertEquals(0, feed(e, "b", "u", T0 + 5 * 3600, "vpn.country", "JP", "80").smartValue(), 0);
        // another value is a new finding; the time of day always is
        assertEquals(0.45, feed(e, "c", "u", T0 + 6 * 3600, "vpn.country", "KR", "90").smartValue(), 1e-12);
        assertEquals(0.35, feed(e, "d", "u", T0 + 7 * 3600, "time_of_day", "07:00", "70").smartValue(), 1e-12);
        assertEquals(0.35, feed(e, "f", "u", T0 + 8 * 3600, "time_of_day", "08:00", "70").smartValue(), 1e-12);
        // a new day: JP counts again
        assertEquals(0.4, feed(e, "g", "u", T0 + 86_400 + 3600, "vpn.country", "JP", "80").smartValue(), 1e-12);
    }

    @Test
    void aLateEventJoinsThePreviousHourAndAnOlderOneIsScoredAlone() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        SmartEngine.Outcome h9 = feed(e, "a", "u", T0 + 9 * 3600 + 100, "json.country", "NZ", "50");
        feed(e, "b", "u", T0 + 10 * 3600 + 100, "json.country", "NZ", "0");
        SmartEngine.Outcome late = feed(e, "c", "u", T0 + 9 * 3600 + 200, "json.dst_host", "PC-9", "60");
        assertEquals(h9.windowId(), late.windowId());
        assertEquals(0.25 + 0.3, late.smartValue(), 1e-12, "09:00 window: country 50 + host 60");
        feed(e, "d", "u", T0 + 11 * 3600 + 100, "json.country", "NZ", "0");
        SmartEngine.Outcome older = feed(e, "f", "u", T0 + 9 * 3600 + 300, "json.dst_host", "PC-8", "60");
        assertEquals(0.3, older.smartValue(), 1e-12, "09:00 is no longer open: scored alone");
        assertEquals(1, e.tooLate());
    }

    @Test
    void allowedLatenessKeepsWindowsOpenLonger() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT.withAllowedLateness(3 * 3600));
        SmartEngine.Outcome h9 = feed(e, "a", "u", T0 + 9 * 3600 + 100, "json.country", "NZ", "50");
        feed(e, "b", "u", T0 + 12 * 3600 + 100, "json.country", "NZ", "0");
        // 09:00 window ended at 10:00; 10:00 + 3 h > 12:01: still open
        SmartEngine.Outcome late = feed(e, "c", "u", T0 + 9 * 3600 + 200, "json.dst_host", "PC-9", "60");
        assertEquals(h9.windowId(), late.windowId());
        assertEquals(0.55, late.smartValue(), 1e-12);
        // a window in between that never had an event opens late too
        SmartEngine.Outcome between = feed(e, "d", "u", T0 + 11 * 3600, "json.dst_host", "PC-7", "60");
        assertEquals(0.3, between.smartValue(), 1e-12);
        assertEquals(0, e.tooLate());
        feed(e, "f", "u", T0 + 13 * 3600 + 1, "json.country", "NZ", "0");
        assertEquals(0.3, feed(e, "g", "u", T0 + 9 * 3600 + 300, "json.dst_host", "PC-8", "60").smartValue(), 1e-12);
        assertEquals(1, e.tooLate());
    }

    @Test
    void priorLeavesOutTheFewMaximaFarAboveTheRest() {
        // 38 values 0.01..0.38 and two far above: 2.0, 3.0 (n = 40, ascending)
        double[] m = new double[40];
        for (int i = 0; i < 38; i++) m[i] = (i + 1) / 100.0;
        m[38] = 2.0;
        m[39] = 3.0;
        // Commons Math positions p·(n+1)/100: Q1 at 10.25 → 0.10 + 0.25·0.01 = 0.1025; Q3 at 30.75 → 0.3075;
        // fence = 0.3075 + 3·0.205 = 0.9225: both far values go (2 ≤ 5 % of 40)
        double[] f = SmartEngine.fenced(m, 3);
        assertEquals(38, f.length);
        assertEquals(0.38, f[37], 0);
        // the 99th percentile: position 0.99·39 = 38.61 ≥ 38 → the largest kept value
        assertEquals(0.38, SmartEngine.percentile(f, 99), 1e-12);
        assertEquals(3.0, SmartEngine.percentile(m, 99), 1e-12, "without the fence: position 40.59 → the largest value");
        // at most 5 % go: with 20 values only one may, however many are beyond the fence
        double[] twenty = new double[20];
        for (int i = 0; i < 18; i++) twenty[i] = (i + 1) / 100.0;
        twenty[18] = 2.0;
        twenty[19] = 3.0;
        assertEquals(19, SmartEngine.fenced(twenty, 3).length);
        assertEquals(2.0, SmartEngine.fenced(twenty, 3)[18], 0);
        // unchanged: k = 0, fewer than 20 values, no spread between the quartiles
        assertEquals(40, SmartEngine.fenced(m, 0).length);
        assertEquals(19, SmartEngine.fenced(java.util.Arrays.copyOf(m, 19), 3).length);
        double[] flat = new double[30];
        java.util.Arrays.fill(flat, 0.5);
        flat[29] = 4;
        assertEquals(30, SmartEngine.fenced(flat, 3).length);
        // a noisy organisation (all maxima high and spread) keeps its far values: nothing is beyond the fence
        double[] noisy = new double[40];
        for (int i = 0; i < 40; i++) noisy[i] = 1 + i * 0.05;
        assertEquals(40, SmartEngine.fenced(noisy, 3).length);
    }

    @Test
    void organisationPriorThroughTheEngineUsesTheFence() {
        // without the floor of 0.5, so that the fenced prior shows
        SmartEngine fenced = new SmartEngine(SmartConfig.DEFAULT.withPrior(99, 5, 0));
        SmartEngine plain = new SmartEngine(SmartConfig.DEFAULT.withPrior(99, 5, 0).withPriorFence(0));
        for (SmartEngine e : new SmartEngine[]{fenced, plain}) {
            // e0..e37: one country score 26..63 (weight 0.5: values 0.13..0.315); e38, e39: travel 100 (weight 1: 1.0)
            for (int i = 0; i < 38; i++) feed(e, "c" + i, "e" + i, T0 + 3600, "json.country", "X", String.valueOf(26 + i));
            for (int i = 38; i < 40; i++) feed(e, "t" + i, "e" + i, T0 + 3600, "travel", "Lagos, NG", "100");
            feed(e, "tick", "other", T0 + DAY + 60, "json.country", "X", "0");
        }
        // 40 maxima; Q1 at position 10.25: 0.175 + 0.25·0.005 = 0.17625, Q3 at 30.75: 0.275 + 0.75·0.005 = 0.27875,
        // fence 0.27875 + 3·0.1025 = 0.58625 → the two 1.0 go; 99th percentile of the other 38 = the largest, 0.315
        assertEquals(0.315, fenced.prior(), 1e-9);
        assertEquals(1.0, plain.prior(), 1e-9);
        assertEquals(38.0 / 40, fenced.orgPercentile(0.315), 1e-12, "the percentiles shown still rank among all entities");
        SmartEngine.EntityView v = fenced.view("e0");
        assertEquals(0.315, v.prior(), 1e-9);
        assertEquals(2, v.priorLeftOut(), "the entity view says how many maxima the fence left out");
        assertEquals(1.0, v.priorWithAll(), 1e-9);
        assertEquals(0, plain.view("e0").priorLeftOut());
    }

    @Test
    void firstUseOfAKindOfActivityIsWeightedByItsKind() {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        // activity.device has weight 1 by default, any other kind the activity feature's 0.5
        assertEquals(0.4, feed(e, "a", "u", T0 + 9 * 3600, "activity", "usb/device", "40").smartValue(), 1e-12);
        assertEquals(0.3, feed(e, "b", "v", T0 + 9 * 3600, "activity", "vpn/authentication", "60").smartValue(), 1e-12);
        // both kinds in one window: the larger weighted term counts (0.5·0.6 = 0.3 < 1·0.4), whatever came first
        assertEquals(0.4, feed(e, "c", "v", T0 + 9 * 3600 + 60, "activity", "usb/device", "40").smartValue(), 1e-12);
        assertEquals(0.4, feed(e, "d", "v", T0 + 9 * 3600 + 120, "activity", "vpn/authentication", "70").smartValue(), 1e-12);
        assertEquals(0.45, feed(e, "f", "v", T0 + 9 * 3600 + 180, "activity", "vpn/authentication", "90").smartValue(), 1e-12);
        // the weight is configurable per kind
        SmartEngine w = new SmartEngine(SmartConfig.DEFAULT.withWeights(Map.of("activity.authentication", 2.0)));
        assertEquals(1.0, feed(w, "g", "u", T0 + 9 * 3600, "activity", "vpn/authentication", "50").smartValue(), 1e-12);
        assertEquals(0.2, feed(w, "h", "v", T0 + 9 * 3600, "activity", "usb/device", "40").smartValue(), 1e-12,
                "withWeights replaces the defaults: device falls back to the default weight 0.5");
    }

    @Test
    void aRestoredWindowKeepsItsKindWeight() throws java.io.IOException {
        SmartEngine e = new SmartEngine(SmartConfig.DEFAULT);
        feed(e, "a", "u", T0 + 9 * 3600, "activity", "usb/device", "40");
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        SmartStateCodec.write(e, b);
        SmartEngine r = SmartStateCodec.read(new java.io.ByteArrayInputStream(b.toByteArray()), SmartConfig.DEFAULT);
        // 1·0.4 already in the window beats 0.5·0.7 = 0.35: the window stays at 0.4 in both
        assertEquals(0.4, feed(e, "b", "u", T0 + 9 * 3600 + 60, "activity", "vpn/authentication", "70").smartValue(), 1e-12);
        assertEquals(0.4, feed(r, "b", "u", T0 + 9 * 3600 + 60, "activity", "vpn/authentication", "70").smartValue(), 1e-12);
    }
}
