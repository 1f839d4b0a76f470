package org.openueba.model;

/**
 * The days on which an owner (an entity, or an entity's source) was active: a {@link DayRing} kept in
 * two fields of the owner instead of a two-word array of its own (16 bytes instead of 32). Not
 * thread-safe.
 */
abstract class ActiveDays {
    long days0, days1;

    /** Marks {@code day} active. */
    final void markDay(int day) {
        int s = DayRing.slot(day);
        if (s < 64) days0 |= 1L << s;
        else days1 |= 1L << (s - 64);
    }

    /** Active days in the ring, not counting the days of the two-word mask {@code t0, t1}. */
    final int countDays(long t0, long t1) {
        return Long.bitCount(days0 & ~t0) + Long.bitCount(days1 & ~t1);
    }

    /** Clears the days of the two-word {@code mask} (days that left the window). */
    final void clearDays(long[] mask) {
        days0 &= ~mask[0];
        days1 &= ~mask[1];
    }

    /** The ring's two words, as the snapshots store them. */
    final long[] daysArray() {
        return new long[]{days0, days1};
    }

    /** Replaces the ring with stored words. */
    final void loadDays(long[] words) {
        days0 = words[0];
        days1 = words[1];
    }
}
