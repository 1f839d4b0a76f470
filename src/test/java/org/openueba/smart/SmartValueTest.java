package org.openueba.smart;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SMART values against hand-computed sums (engine.md §3.5, default weight 0.5). */
class SmartValueTest {
    final SmartConfig c = SmartConfig.DEFAULT.withWeights(Map.of("day_type", 0.1));

    SmartEngine.Acc acc(String feature, String type, double max) {
        SmartEngine.Acc a = new SmartEngine.Acc(feature, type, c);
        a.max = max;
        return a;
    }

    @Test
    void compressionIsIdentityUpToOneThenPowerPointFour() {
        assertEquals(0.7, SmartValue.compress(0.7), 1e-12);
        assertEquals(1.0, SmartValue.compress(1.0), 1e-12);
        assertEquals(Math.pow(13.5, 0.4), SmartValue.compress(13.5), 1e-12); // 2.8322…
        assertEquals(2.8322, SmartValue.compress(13.5), 1e-4);
    }

    @Test
    void nothingCountsBelowTheGate() {
        // 24 + 24 + 24: no feature reaches 25 → 0
        assertEquals(0, SmartValue.compute(List.of(acc("a.dst_host", "x1", 24), acc("b", "x2", 24), acc("c", "x3", 24)), c).value(), 0);
    }

    @Test
    void sumOfWeightedScoresOnceAFeatureReachesTheGate() {
        // 0.5·0.8 + 0.5·0.1 + 0.1·0.6 (day_type weight 0.1) = 0.4 + 0.05 + 0.06 = 0.51
        SmartValue.Result r = SmartValue.compute(List.of(acc("vpn.action", "action", 80), acc("x", "activity", 10),
                acc("day_type", "day_type", 60)), c.withWeights(Map.of("day_type", 0.1)).withThreshold(75));
        // day_type shares a group with time_of_day, alone here
        assertEquals(0.51, r.value(), 1e-12);
        assertEquals("vpn.action", r.parts().get(0).acc().feature);
    }

    @Test
    void onlyTheTopMemberOfACorrelationGroupCounts() {
        // country 100, city 90, asn 100, travel 70: one location group → 0.5·1.0; plus time_of_day 50 → 0.25
        SmartValue.Result r = SmartValue.compute(List.of(acc("vpn.country", "country", 100), acc("vpn.city", "city", 90),
                acc("vpn.asn", "asn", 100), acc("travel", "travel", 70), acc("time_of_day", "time_of_day", 50)), c);
        assertEquals(0.75, r.value(), 1e-12);
        long counted = r.parts().stream().filter(p -> p.contribution() > 0).count();
        assertEquals(2, counted);
        // ties go to the smaller feature name: vpn.asn before vpn.country
        assertEquals("vpn.asn", r.parts().get(0).acc().feature);
    }

    @Test
    void distinctSumAddsEachNewHostAndCompresses() {
        // 15 new hosts at 90 each: s = 1350 → x = 13.5 → 0.5 · 13.5^0.4 = 1.41610…
        SmartEngine.Acc hosts = acc("cert-logon.dst_host", "dst_host", 90);
        hosts.perValue = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 15; i++) hosts.perValue.put("PC-" + i, 90.0);
        SmartValue.Result r = SmartValue.compute(List.of(hosts), c);
        assertEquals(0.5 * Math.pow(13.5, 0.4), r.value(), 1e-12);
        assertEquals(1.4161, r.value(), 1e-4);
    }

    @Test
    void weightZeroSwitchesAFeatureOff() {
        SmartConfig off = c.withWeights(Map.of("country", 0.0));
        SmartEngine.Acc a = new SmartEngine.Acc("vpn.country", "country", off);
        a.max = 100;
        assertEquals(0, SmartValue.compute(List.of(a), off).value(), 0);
    }
}
