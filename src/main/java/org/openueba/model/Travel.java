package org.openueba.model;

/**
 * Impossible travel between an entity's consecutive located events:
 * <pre>
 *   d = great-circle distance (haversine, R = 6371 km),  effective = max(0, d − slack)
 *   speed = effective / max(Δt, 1 minute)
 *   score = 0 when speed ≤ limit, else min(100, m + (100 − m)·log2(speed / limit))
 * </pre>
 * so travel just over the limit scores m (default 60; the first version had 50) and twice the limit
 * scores 100. The slack (default 200 km) absorbs city-level GeoIP error, so anything over the limit
 * is already impossible for a traveller: docs/algorithms.md, "Impossible travel". Pure and thread-safe.
 */
public final class Travel {
    static final double EARTH_RADIUS_KM = 6371.0;

    private Travel() {
    }

    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    public static double speed(double km, double hours, double slackKm) {
        return Math.max(0, km - slackKm) / Math.max(hours, 1 / 60.0);
    }

    public static double score(double km, double hours, double limitKmh, double slackKm, double minScore) {
        double v = speed(km, hours, slackKm);
        if (v <= limitKmh) return 0;
        return Math.min(100, minScore + (100 - minScore) * Math.log(v / limitKmh) / Math.log(2));
    }
}
