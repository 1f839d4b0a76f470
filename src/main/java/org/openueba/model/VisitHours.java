package org.openueba.model;


/**
 * The hours of an entity's logons to workstations personal to other entities (docs/algorithms.md,
 * "Hours of visits to others' workstations"): 24 hourly counters of its local time, decayed with a
 * half-life of {@code halfLifeDays}, so an IT administrator who visits colleagues' PCs all day but
 * never at night is unusual at 23:00 on a colleague's PC even if he often works late at his own.
 *
 * <p>For a visit at local hour h on day d, with c the counters decayed to d by f = 0.5^((d − d₀)/H):
 * <pre>
 *   s = ½·c[h−1] + c[h] + ½·c[h+1]    (circular)           the visits around h
 *   N = Σ c                                                 all visits
 *   q = (s + a·π) / (N + a)                                 {@link HoursScorer#share}, π the organisation's hours prior
 *   score = HoursScorer.score(q) · min(1, N / n₀)           n₀ = {@link #CERTAIN_VISITS}
 * </pre>
 * An entity with few visits on record scores little: the hour alone is the time-of-day model's business.
 * 24 floats and a day: 136 bytes with the object and array headers, held only by entities that visited
 * someone else's workstation.
 * Not thread-safe.
 */
final class VisitHours {
    /** n₀: visits on record from which the score is fully certain. */
    static final double CERTAIN_VISITS = 10;
    static final int HOURS = 24;

    final float[] counts;
    /** The day the counters are decayed to. */
    int day;

    VisitHours(int day) {
        this(new float[HOURS], day);
    }

    VisitHours(float[] counts, int day) {
        if (counts.length != HOURS) throw new IllegalArgumentException("visit hours have " + counts.length + " counters, expected 24");
        this.counts = counts;
        this.day = day;
    }

    /** f = 0.5^((d − d₀)/H) for a later day, 1 otherwise. */
    double factor(int d, double halfLifeDays) {
        return d > day ? Math.pow(0.5, (d - day) / halfLifeDays) : 1;
    }

    /** Counts a visit at local hour {@code hour} of day {@code d} (not before {@link #day}). */
    void record(int d, int hour, double halfLifeDays) {
        if (d > day) {
            float f = (float) factor(d, halfLifeDays);
            for (int h = 0; h < HOURS; h++) counts[h] *= f;
            day = d;
        }
        counts[hour] += 1;
    }

    /** N: the visits on record, decayed to day {@code d}. */
    double total(int d, double halfLifeDays) {
        return sum() * factor(d, halfLifeDays);
    }

    /** s: the visits around {@code hour} (half weight for the neighbouring hours), decayed to day {@code d}. */
    double around(int hour, int d, double halfLifeDays) {
        return around(hour) * factor(d, halfLifeDays);
    }

    /** Σ c as recorded (decayed to {@link #day}). */
    private double sum() {
        double n = 0;
        for (float c : counts) n += c;
        return n;
    }

    /** s as recorded (decayed to {@link #day}). */
    private double around(int hour) {
        return 0.5 * counts[(hour + HOURS - 1) % HOURS] + counts[hour] + 0.5 * counts[(hour + 1) % HOURS];
    }

    /** q = (s + a·π)/(N + a); π itself when there is neither a visit nor a prior weight. */
    double share(int hour, int d, double halfLifeDays, double prior, HoursScorer scorer) {
        double a = scorer.priorDays(), den = total(d, halfLifeDays) + a;
        return den == 0 ? prior : (around(hour, d, halfLifeDays) + a * prior) / den;
    }

    /** min(1, N/n₀). */
    static double certainty(double visits) {
        return Math.min(1, visits / CERTAIN_VISITS);
    }

    /** The hours holding at least 10 % of the visits, as ranges ("09:00–17:00"); null when none. */
    String usual() {
        double n = sum(); // a common decay factor does not change which hours hold 10 %
        if (n <= 0) return null;
        String ranges = TimeOfDayModel.hourRanges(h -> around(h) >= 0.1 * n);
        return ranges.isEmpty() ? null : ranges;
    }

    long bytes() {
        return 16 + 4 + 4 + 16 + 4L * HOURS;
    }
}
