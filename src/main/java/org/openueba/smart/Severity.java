package org.openueba.smart;

/** Alert severity by SMART score bands (engine.md §3.6) and its points in the entity risk score. */
public enum Severity {
    LOW(5), MEDIUM(10), HIGH(15), CRITICAL(20);

    private final int points;

    Severity(int points) {
        this.points = points;
    }

    /** Points of one alert of this severity in the entity risk score (20/15/10/5). */
    public int points() {
        return points;
    }

    /** Lower-case name used in the API. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a wire name, case-insensitive. */
    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("severity must be one of low, medium, high, critical, was '" + s + "'");
        }
    }
}
