package org.openueba.model;

/**
 * Sets of days as 128-bit rings stored in two {@code long}s of a shared array. Day {@code d}
 * (an epoch day number in the entity's local time zone) lives in bit {@code floorMod(d, 128)}, so a
 * ring can hold any window of at most {@link #CAPACITY} consecutive days. The owner keeps the
 * invariant that only days inside its window are set: when its current day advances it clears
 * the slots of the days that left the window with {@link #expiryMask}. A day set costs 16 bytes
 * whatever it holds, which is why the models count "distinct days" with it (justified in
 * docs/algorithms.md). Pure static functions; thread-safety is the caller's.
 */
public final class DayRing {
    /** Longest window a ring can represent, in days. */
    public static final int CAPACITY = 128;

    private DayRing() {
    }

    static int slot(int day) {
        return Math.floorMod(day, CAPACITY);
    }

    /** Sets day {@code day} in the ring at {@code a[off], a[off+1]}. */
    static void set(long[] a, int off, int day) {
        int s = slot(day);
        a[off + (s >>> 6)] |= 1L << (s & 63);
    }

    static boolean get(long[] a, int off, int day) {
        int s = slot(day);
        return (a[off + (s >>> 6)] & (1L << (s & 63))) != 0;
    }

    /** Number of days in the ring, not counting the days in {@code mask} (two words). */
    static int count(long[] a, int off, long mask0, long mask1) {
        return Long.bitCount(a[off] & ~mask0) + Long.bitCount(a[off + 1] & ~mask1);
    }

    /** The two-word mask of one day. */
    static long[] maskOf(int day) {
        long[] m = new long[2];
        set(m, 0, day);
        return m;
    }

    /**
     * The two-word mask of the slots to clear when the current day moves from {@code oldDay} to
     * {@code newDay} with a window of {@code window} days: days (oldDay − window, newDay − window].
     */
    static long[] expiryMask(int oldDay, int newDay, int window) {
        long[] m = new long[2];
        if (newDay <= oldDay) return m;
        if (newDay - oldDay >= window) {
            m[0] = -1L;
            m[1] = -1L;
            return m;
        }
        for (int d = oldDay - window + 1; d <= newDay - window; d++) set(m, 0, d);
        return m;
    }

    /** Clears the days of {@code mask} from the ring at {@code off}. */
    static void clear(long[] a, int off, long[] mask) {
        a[off] &= ~mask[0];
        a[off + 1] &= ~mask[1];
    }
}
