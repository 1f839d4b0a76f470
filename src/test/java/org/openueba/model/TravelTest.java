package org.openueba.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Great-circle distance and the impossible-travel score. */
class TravelTest {

    @Test
    void parisToNewYork() {
        // haversine, R = 6371 km (python3): 5837.2409 km; the usual published figure is ≈ 5837 km
        double km = Travel.distanceKm(48.8566, 2.3522, 40.7128, -74.0060);
        assertEquals(5837, km, 10);
        assertEquals(5837.240903825839, km, 1e-6);
        assertEquals(km, Travel.distanceKm(40.7128, -74.0060, 48.8566, 2.3522), 1e-9);
        assertEquals(0.0, Travel.distanceKm(48.8566, 2.3522, 48.8566, 2.3522), 0.0);
        // along the equator the distance is R·Δλ: 3000 km is 3000/6371 rad = 26.9796° of longitude
        assertEquals(3000.0, Travel.distanceKm(0, 0, 0, 26.979648177561916), 1e-9);
        // antipodes: π·R
        assertEquals(Math.PI * 6371, Travel.distanceKm(0, 0, 0, 180), 1e-9);
    }

    @Test
    void scoreIsZeroUpToTheLimitSixtyJustAboveAndHundredAtTwice() {
        // limit 1000 km/h, slack 200 km, m = 60: speed = max(0, km − 200)/hours, score = 60 + 40·log2(v/limit)
        assertEquals(0.0, Travel.score(1000, 1, 1000, 200, 60), 0.0);   // 800 km/h
        assertEquals(0.0, Travel.score(1200, 1, 1000, 200, 60), 0.0);   // exactly the limit
        assertEquals(0.0, Travel.score(150, 0.01, 1000, 200, 60), 0.0); // inside the slack
        assertEquals(60.0, Travel.score(1200.001, 1, 1000, 200, 60), 1e-3); // 60 + 40·log2(1.000001)
        assertEquals(83.39850002884625, Travel.score(1700, 1, 1000, 200, 60), 1e-9); // 60 + 40·0.5849625
        assertEquals(100.0, Travel.score(2200, 1, 1000, 200, 60), 1e-9); // twice the limit
        assertEquals(100.0, Travel.score(20_000, 1, 1000, 200, 60), 0.0); // capped
        // 3000 km in 2 h: (3000 − 200)/2 = 1400 km/h → 60 + 40·log2(1.4) = 79.4171
        assertEquals(79.41707308680966, Travel.score(3000, 2, 1000, 200, 60), 1e-9);
        // 3000 km in 1 h: 60 + 40·log2(2.8) = 119.42 before the cap → 100
        assertEquals(100.0, Travel.score(3000, 1, 1000, 200, 60), 0.0);
        // the first version's m = 50: 50 + 50·log2(1.5) = 79.25, 50 + 50·log2(1.4) = 74.2713
        assertEquals(79.24812503605781, Travel.score(1700, 1, 1000, 200, 50), 1e-9);
        assertEquals(74.27134135851207, Travel.score(3000, 2, 1000, 200, 50), 1e-9);
        assertEquals(60.0, ModelConfig.DEFAULT.travelMinScore(), 0);
    }

    @Test
    void timesUnderAMinuteCountAsOneMinute() {
        assertEquals(60_000.0, Travel.speed(1200, 0, 200), 1e-9);
        assertEquals(60_000.0, Travel.speed(1200, 0.001, 200), 1e-9);
        assertEquals(0.0, Travel.speed(100, 0, 200), 0.0);
    }
}
