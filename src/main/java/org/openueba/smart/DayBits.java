package org.openueba.smart;

/**
 * A set of days within the last {@link #CAPACITY} days, as 128 bits in two longs: day {@code d} is
 * bit {@code floorMod(d, 128)}. The owner clears days that leave its window before the slot is
 * reused ({@link #expire}). 16 bytes per entity for "days of activity".
 */
final class DayBits {
    static final int CAPACITY = 128;
    long lo, hi;

    void add(int day) {
        int s = Math.floorMod(day, CAPACITY);
        if (s < 64) lo |= 1L << s;
        else hi |= 1L << (s - 64);
    }

    boolean contains(int day) {
        int s = Math.floorMod(day, CAPACITY);
        return s < 64 ? (lo & (1L << s)) != 0 : (hi & (1L << (s - 64))) != 0;
    }

    int count() {
        return Long.bitCount(lo) + Long.bitCount(hi);
    }

    /**
     * Keeps only days in {@code [newest − window + 1, newest]}, given that every day in the set was at
     * most {@code previousNewest} and at least {@code previousNewest − window + 1}.
     */
    void expire(int previousNewest, int newest, int window) {
        if (newest - previousNewest >= window) {
            lo = 0;
            hi = 0;
            return;
        }
        for (int d = previousNewest - window + 1; d <= newest - window; d++) {
            int s = Math.floorMod(d, CAPACITY);
            if (s < 64) lo &= ~(1L << s);
            else hi &= ~(1L << (s - 64));
        }
    }
}
