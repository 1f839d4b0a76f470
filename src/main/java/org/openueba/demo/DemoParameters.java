package org.openueba.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;

/**
 * The knobs of the seeded demo organisation. Equal parameters give byte-identical output.
 *
 * @param seed  master seed of every random choice (default {@value #DEFAULT_SEED})
 * @param users number of human users, 20 … 20,000 (default {@value #DEFAULT_USERS}); a handful of
 *              service accounts come on top
 * @param weeks length of the span in weeks, 1 … 52 (default {@value #DEFAULT_WEEKS})
 * @param start first day of the span (UTC midnight); default 2026-09-07, a Monday; with the default 9 weeks the
 *              span (to 2026-11-09) crosses the European (2026-10-25) and US (2026-11-01) DST changes
 */
public record DemoParameters(long seed, int users, int weeks, LocalDate start) {
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default number of human users. */
    public static final int DEFAULT_USERS = 300;
    /** Default span in weeks. */
    public static final int DEFAULT_WEEKS = 9;
    /** Default first day. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 9, 7);

    /** Checks the ranges; throws {@link IllegalArgumentException} naming the parameter. */
    public DemoParameters {
        if (users < 20 || users > 20_000) {
            throw new IllegalArgumentException("users: " + users + " is outside 20 .. 20000");
        }
        if (weeks < 1 || weeks > 52) {
            throw new IllegalArgumentException("weeks: " + weeks + " is outside 1 .. 52");
        }
        if (start == null) {
            throw new IllegalArgumentException("start: must be given");
        }
        if (start.getYear() < 2000 || start.getYear() > 2090) {
            throw new IllegalArgumentException("start: " + start + " is outside 2000 .. 2090");
        }
    }

    /** The defaults: seed 42, 300 users, 9 weeks from Monday 2026-09-07. */
    public static DemoParameters defaults() {
        return new DemoParameters(DEFAULT_SEED, DEFAULT_USERS, DEFAULT_WEEKS, DEFAULT_START);
    }

    /** Number of days in the span. */
    public int days() {
        return weeks * 7;
    }

    /** Inclusive start of the span: {@code start} at 00:00 UTC. */
    public Instant spanStart() {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Exclusive end of the span: {@code start + 7·weeks} days at 00:00 UTC. */
    public Instant spanEnd() {
        return start.plusDays(days()).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether the start is a Monday (not required; weeks then start on another day). */
    public boolean startsOnMonday() {
        return start.getDayOfWeek() == DayOfWeek.MONDAY;
    }
}
