package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openueba.model.EngineFixture.feature;
import static org.openueba.model.EngineFixture.utc;

/**
 * Category rarity through the engine (engine.md §3.1): a new country, the population reduction and
 * the ownership boost, checked against hand-computed values. Reference numbers from python3.
 */
class BehaviourEngineCategoryTest {

    private static String day(int d) {
        return String.format("2026-05-%02dT10:00", d);
    }

    @Test
    void aNewCountryAfterTwentyDaysInOne() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 20; d++) f.apply(f.event("anna", utc(day(d))).country("DE"));
        List<FeatureScore> s = f.apply(f.event("anna", utc(day(21))).country("FR"));
        // count 0 → c = 1; DE was used on 20 days (> 17), so H(k) = 0 in range and n = 1;
        // p = 1 − 1/21, p' = (20/21 − 0.7)/0.3 = 0.841270; min(D(8,1), D(15,1)) = 1
        // → floor(84.127) = 84, certainty(20 days) = 1
        assertEquals(84.0, f.raw("SRC.country"), 0.0);
        FeatureScore country = feature(s, "SRC.country");
        assertEquals("FR", country.value());
        assertEquals("never used in 20 days of history; usual: DE (20 days); certainty 100%", country.reason());
        // the usual country itself scores 0
        f.apply(f.event("anna", utc(day(21)).plusSeconds(60)).country("DE"));
        assertEquals(0.0, f.raw("SRC.country"), 0.0);
    }

    @Test
    void aNewCountryWhenTwoDaysAlreadyHadARareOne() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 20; d++) {
            f.apply(f.event("ben", utc(day(d))).country("DE"));
            if (d == 5 || d == 12) f.apply(f.event("ben", utc(day(d)).plusSeconds(3600)).country("AT"));
        }
        // FR: H(1) = 0, H(2..17) = 2 → n = 1 + 2·D(8,2) = 2.817350, p' = (1 − n/21 − 0.7)/0.3 = 0.552801,
        //     min(D(8,1), D(15, n) = 0.916909) → floor(50.687) = 50
        f.apply(f.event("ben", utc(day(21))).country("FR"));
        assertEquals(50.0, f.raw("SRC.country"), 0.0);
        // AT (count 2, c = 3): n = 1 + H(3) = 3, p' = (1 − 3/21 − 0.7)/0.3 = 0.523810,
        //     min(D(8,3) = 0.5, D(15,3) = 0.889302) → floor(26.190) = 26
        List<FeatureScore> s = f.apply(f.event("ben", utc(day(21)).plusSeconds(60)).country("AT"));
        assertEquals(26.0, f.raw("SRC.country"), 0.0);
        assertTrue(feature(s, "SRC.country").reason().startsWith("used on 2 of 20 days; usual: DE (20 days), AT (2 days)"),
                feature(s, "SRC.country").reason());
    }

    @Test
    void aNewCountryWithHalfCertainty() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 5; d++) f.apply(f.event("cleo", utc(day(d))).country("DE"));
        // DE on 5 days: H(5..) = 5 → n = 1 + (H(5) − H(4))·D(8,5) = 1 + 5·0.0913252 = 1.456626,
        // p' = (1 − n/6 − 0.7)/0.3 = 0.190760, D(15, n) = 0.999070 → floor(19.059) = 19; × certainty 0.5
        f.apply(f.event("cleo", utc(day(6))).country("FR"));
        assertEquals(9.5, f.raw("SRC.country"), 1e-12);
    }

    /** {@code entity} with 9 days (May 1–9) of source address {@code own}. */
    private static void nineDaysFrom(EngineFixture f, String entity, String own) {
        for (int d = 1; d <= 9; d++) f.apply(f.event(entity, utc(day(d))).srcIp(own));
    }

    @Test
    void aValueUsedByElevenOthersIsDampedByNinetyFivePercentOfCertainty() {
        EngineFixture f = new EngineFixture();
        nineDaysFrom(f, "tom", "10.0.0.1");
        for (int u = 1; u <= 11; u++) f.apply(f.event("user" + u, utc(day(3)).plusSeconds(u)).srcIp("10.0.0.99"));
        List<FeatureScore> s = f.apply(f.event("tom", utc(day(10))).srcIp("10.0.0.99"));
        // main score m: 10.0.0.1 on 9 days → H(9..) = 9, n = 1 + 9·D(8,9) = 1.09,
        //   p' = (1 − 1.09/10 − 0.7)/0.3 = 0.636667, D(15, 1.09) = 0.999996 → floor(63.667) = 63,
        //   × certainty(9 days) = 0.9 → m = 56.7
        // reverse score r = floor(100·D(10, 11 + 1)) = floor(0.731) = 0 < m
        // w = 0.95 · certainty(9 organisation days) = 0.855
        // final = r·w + m·(1 − w) = 0 + 56.7·0.145 = 8.2215
        assertEquals(8.2215, f.raw("SRC.src_ip"), 1e-9);
        assertTrue(feature(s, "SRC.src_ip").reason().contains("11 other entities use it"), feature(s, "SRC.src_ip").reason());
    }

    @Test
    void aValueUsedByFiveOthersIsDampedByHalfOfCertainty() {
        EngineFixture f = new EngineFixture();
        nineDaysFrom(f, "tina", "10.0.0.2");
        for (int u = 1; u <= 5; u++) f.apply(f.event("peer" + u, utc(day(4)).plusSeconds(u)).srcIp("10.0.0.55"));
        f.apply(f.event("tina", utc(day(10))).srcIp("10.0.0.55"));
        // m = 56.7 as above; r = floor(100·D(10, 6)) = floor(9.133) = 9 < m, r > 0 → w = 0.5·0.9 = 0.45
        // final = 9·0.45 + 56.7·0.55 = 4.05 + 31.185 = 35.235
        assertEquals(35.235, f.raw("SRC.src_ip"), 1e-9);
    }

    @Test
    void aHostUsedOnlyByOneOtherEntityBoostsTheScore() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 5; d++) f.apply(f.event("alice", utc(day(d))).dstHost("PC-ALICE"));
        for (int d = 1; d <= 20; d++) f.apply(f.event("bob", utc(day(d)).plusSeconds(60)).dstHost("PC-BOB"));
        List<FeatureScore> s = f.apply(f.event("bob", utc(day(21))).dstHost("PC-ALICE"));
        // main score: n = 1, 20 days → 84; one other entity: r = floor(100·D(10, 2)) = 95 ≥ 84, no damping;
        // alice owns it: 5 ≥ 5 days, share 5/5 = 1 ≥ 0.8 → 84 + (100 − 84)·0.5·1 = 92
        assertEquals(92.0, f.raw("SRC.dst_host"), 1e-12);
        FeatureScore host = feature(s, "SRC.dst_host");
        assertTrue(host.reason().contains("1 other entity uses it; personal to alice (5 of 5 entity-days)"), host.reason());
    }

    @Test
    void ownershipBoostIsProportionalToTheOwnersShare() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 5; d++) f.apply(f.event("alice", utc(day(d))).dstHost("PC-ALICE"));
        f.apply(f.event("carol", utc(day(3)).plusSeconds(30)).dstHost("PC-ALICE"));
        for (int d = 1; d <= 20; d++) f.apply(f.event("bob", utc(day(d)).plusSeconds(60)).dstHost("PC-BOB"));
        List<FeatureScore> s = f.apply(f.event("bob", utc(day(21))).dstHost("PC-ALICE"));
        // main 84; two others: r = floor(100·D(10, 3)) = floor(67.69) = 67 < 84, w = 0.5·certainty(20) = 0.5
        //   → 67·0.5 + 84·0.5 = 75.5
        // alice: 5 of 6 entity-days, share 0.8333 ≥ 0.8 → 75.5 + (100 − 75.5)·0.5·5/6 = 85.708333
        assertEquals(75.5 + 24.5 * 0.5 * 5 / 6, f.raw("SRC.dst_host"), 1e-9);
        assertEquals(85.70833333333333, f.raw("SRC.dst_host"), 1e-9);
        assertTrue(feature(s, "SRC.dst_host").reason().contains("personal to alice (5 of 6 entity-days)"));
    }

    @Test
    void noOwnershipBelowFiveDays() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 4; d++) f.apply(f.event("dave", utc(day(d))).dstHost("PC-DAVE"));
        for (int d = 1; d <= 20; d++) f.apply(f.event("bob", utc(day(d)).plusSeconds(60)).dstHost("PC-BOB"));
        List<FeatureScore> s = f.apply(f.event("bob", utc(day(21))).dstHost("PC-DAVE"));
        assertEquals(84.0, f.raw("SRC.dst_host"), 0.0); // r = 95 ≥ 84 and dave has only 4 days
        assertTrue(!feature(s, "SRC.dst_host").reason().contains("personal"), feature(s, "SRC.dst_host").reason());
    }

    @Test
    void anAccountThatLogsOnEverywhereDoesNotMakeAPersonalHostShared() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 5; d++) f.apply(f.event("alice", utc(day(d))).dstHost("PC-ALICE"));
        // a scanner's account: PC-ALICE and 24 servers on each of the same days, more distinct hosts than the
        // 20 its model keeps, so it roams
        for (int d = 1; d <= 5; d++) {
            f.apply(f.event("scanner", utc(day(d)).plusSeconds(10)).dstHost("PC-ALICE"));
            for (int h = 1; h <= 24; h++) f.apply(f.event("scanner", utc(day(d)).plusSeconds(10 + h)).dstHost("SRV-" + h));
        }
        for (int d = 1; d <= 20; d++) f.apply(f.event("bob", utc(day(d)).plusSeconds(60)).dstHost("PC-BOB"));
        List<FeatureScore> s = f.apply(f.event("bob", utc(day(21))).dstHost("PC-ALICE"));
        // main 84; two others (alice and the scanner): r = 67 < 84, w = 0.5 → 75.5
        // ownership without the scanner's days: alice 5 of 5 entity-days, share 1 → 75.5 + 24.5·0.5·1 = 87.75
        // (counting the scanner it would be 5 of 10, share 0.5 < 0.8: no boost, 75.5)
        assertEquals(87.75, f.raw("SRC.dst_host"), 1e-9);
        assertTrue(feature(s, "SRC.dst_host").reason().contains("2 other entities use it; personal to alice (5 of 5 entity-days)"),
                feature(s, "SRC.dst_host").reason());
        // the scanner still counts as a user of the host for the population, and it never owns a host
        f.apply(f.event("bob", utc(day(21)).plusSeconds(120)).dstHost("SRV-3"));
        assertTrue(!feature(f.apply(f.event("bob", utc(day(21)).plusSeconds(180)).dstHost("SRV-3")), "SRC.dst_host").reason()
                .contains("personal"));
    }

    @Test
    void aRoamingAccountIsNotBoostedForAHostItUsedButItsModelForgot() {
        EngineFixture f = new EngineFixture();
        for (int d = 1; d <= 20; d++) f.apply(f.event("alice", utc(day(d))).dstHost("PC-ALICE"));
        // the scanner: PC-ALICE on days 1–5, 24 servers every day; PC-ALICE (fewest days) leaves its top 20
        for (int d = 1; d <= 20; d++) {
            if (d <= 5) f.apply(f.event("scanner", utc(day(d)).plusSeconds(10)).dstHost("PC-ALICE"));
            for (int h = 1; h <= 24; h++) f.apply(f.event("scanner", utc(day(d)).plusSeconds(10 + h)).dstHost("SRV-" + h));
        }
        List<FeatureScore> s = f.apply(f.event("scanner", utc(day(21))).dstHost("PC-ALICE"));
        // its model no longer holds PC-ALICE (count 0, new hosts are ordinary for it: 0), but the organisation's
        // record has its 5 days: not "never used", so no ownership boost (it would be 100·0.5·20/25 = 40)
        assertEquals(0.0, f.raw("SRC.dst_host"), 0.0);
        assertTrue(!feature(s, "SRC.dst_host").reason().contains("personal"), feature(s, "SRC.dst_host").reason());
    }
}
