package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 128-day rings of {@link DayRing}: slots, today masks and the expiry masks of a sliding window. */
class DayRingTest {

    @Test
    void setGetAndCountWithATodayMask() {
        long[] a = new long[4]; // two rings: [0,1] and [2,3]
        // 2026-03-28 = epoch day 20540; 20540 mod 128 = 60, so 20540..20542 are bits 60..62 of word 0
        DayRing.set(a, 2, 20540);
        DayRing.set(a, 2, 20541);
        DayRing.set(a, 2, 20541); // a day counts once
        DayRing.set(a, 2, 20542);
        assertEquals((1L << 60) | (1L << 61) | (1L << 62), a[2]);
        assertEquals(0L, a[3]);
        assertEquals(0L, a[0]); // the other ring is untouched
        assertEquals(0L, a[1]);
        assertTrue(DayRing.get(a, 2, 20541));
        assertFalse(DayRing.get(a, 2, 20543));
        assertFalse(DayRing.get(a, 0, 20541));

        assertEquals(3, DayRing.count(a, 2, 0, 0));
        long[] today = DayRing.maskOf(20542);
        assertEquals(1L << 62, today[0]);
        assertEquals(0L, today[1]);
        assertEquals(2, DayRing.count(a, 2, today[0], today[1])); // today masked out
        long[] notInRing = DayRing.maskOf(20543);
        assertEquals(3, DayRing.count(a, 2, notInRing[0], notInRing[1]));
        // a ring only knows slots: the day 128 later shares slot 60
        assertTrue(DayRing.get(a, 2, 20540 + 128));
    }

    @Test
    void slotsWrapAtMultiplesOf128AndForNegativeDays() {
        assertEquals(0, DayRing.slot(0));
        assertEquals(127, DayRing.slot(127));
        assertEquals(0, DayRing.slot(128));
        assertEquals(127, DayRing.slot(255));
        assertEquals(0, DayRing.slot(256));
        assertEquals(127, DayRing.slot(-1));
        assertEquals(0, DayRing.slot(-128));
        assertEquals(127, DayRing.slot(-129));

        long[] a = new long[2];
        DayRing.set(a, 0, 127); // slot 127: word 1, bit 63
        DayRing.set(a, 0, 128); // slot 0: word 0, bit 0
        assertEquals(1L, a[0]);
        assertEquals(Long.MIN_VALUE, a[1]);
        DayRing.set(a, 0, 63);  // word 0, bit 63
        DayRing.set(a, 0, 64);  // word 1, bit 0
        assertEquals(1L | Long.MIN_VALUE, a[0]);
        assertEquals(1L | Long.MIN_VALUE, a[1]);
        assertEquals(4, DayRing.count(a, 0, 0, 0));
        DayRing.clear(a, 0, DayRing.maskOf(127));
        assertEquals(1L, a[1]);
    }

    @Test
    void expiryMaskCoversTheDaysThatLeaveTheWindowAcrossTheWrap() {
        // window 128, current day 250 → 260: days (250−128, 260−128] = 123..132 leave,
        // i.e. slots 123..127 (word 1, bits 59..63) and 0..4 (word 0, bits 0..4)
        long[] m = DayRing.expiryMask(250, 260, 128);
        assertEquals(0b11111L, m[0]);
        assertEquals(0b11111L << 59, m[1]);

        // window 90, 200 → 201: day 111 leaves, slot 111 = word 1, bit 47
        m = DayRing.expiryMask(200, 201, 90);
        assertEquals(0L, m[0]);
        assertEquals(1L << 47, m[1]);

        // window 30, 256 → 258: days 227 and 228 leave, slots 99 and 100 = word 1, bits 35 and 36
        m = DayRing.expiryMask(256, 258, 30);
        assertEquals(0L, m[0]);
        assertEquals((1L << 35) | (1L << 36), m[1]);

        // negative epoch days: window 7, −1 → 1: days −7 and −6 leave, slots 121 and 122
        m = DayRing.expiryMask(-1, 1, 7);
        assertEquals(0L, m[0]);
        assertEquals((1L << 57) | (1L << 58), m[1]);

        // the day did not move forward: nothing leaves
        m = DayRing.expiryMask(260, 260, 90);
        assertEquals(0L, m[0] | m[1]);
        m = DayRing.expiryMask(260, 250, 90);
        assertEquals(0L, m[0] | m[1]);
    }

    @Test
    void jumpsOfAtLeastTheWindowClearEverything() {
        long[] m = DayRing.expiryMask(100, 190, 90);
        assertEquals(-1L, m[0]);
        assertEquals(-1L, m[1]);
        m = DayRing.expiryMask(0, 128, 128);
        assertEquals(-1L, m[0]);
        assertEquals(-1L, m[1]);
        m = DayRing.expiryMask(5, 10_000, 1);
        assertEquals(-1L, m[0]);
        assertEquals(-1L, m[1]);
        // one day short of the window: days 11..99 leave (89 days) and day 100 stays
        m = DayRing.expiryMask(100, 189, 90);
        assertEquals(89, Long.bitCount(m[0]) + Long.bitCount(m[1]));
        assertFalse(DayRing.get(m, 0, 100));
        // window 128, one day short: days −127..−1 leave, slot 0 (day 0) stays
        m = DayRing.expiryMask(0, 127, 128);
        assertEquals(-2L, m[0]);
        assertEquals(-1L, m[1]);
    }

    @Test
    void aSlidingWindowHoldsExactlyTheActiveDaysOfTheWindow() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int window : new int[]{1, 7, 90, 127, 128}) {
            long[] ring = new long[2];
            boolean[] active = new boolean[4000];
            int day = 120; // starts just below a multiple of 128
            for (int step = 0; step < 400; step++) {
                // mostly one day, sometimes a jump, sometimes a jump of a whole window or more
                int next = day + (step % 50 == 49 ? window + rnd.nextInt(3) : 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(40) : 0));
                if (next >= active.length) break;
                DayRing.clear(ring, 0, DayRing.expiryMask(day, next, window));
                day = next;
                if (rnd.nextInt(3) > 0) {
                    DayRing.set(ring, 0, day);
                    active[day] = true;
                }
                int expected = 0;
                for (int d = Math.max(0, day - window + 1); d <= day; d++) if (active[d]) expected++;
                assertEquals(expected, DayRing.count(ring, 0, 0, 0), "window " + window + ", day " + day);
                // every slot is either a day of the window or empty
                for (int d = day - DayRing.CAPACITY + 1; d <= day; d++) {
                    boolean in = d > day - window && d >= 0 && active[d];
                    assertEquals(in, DayRing.get(ring, 0, d), "window " + window + ", day " + day + ", d " + d);
                }
            }
        }
    }
}
