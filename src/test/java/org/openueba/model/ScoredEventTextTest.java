package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reasons' number formatting without the Formatter gives exactly the Formatter's text. */
class ScoredEventTextTest {
    private static String format(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    @Test
    void oneDecimalIsTheFormattersHalfUpOfTheShortestDecimal() {
        double[] edges = {0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.95, 1.05, 2.45, 9.95, 99.95, 0.04999999999999999,
                0.1 + 0.2, 4.35, 1234567.85, 1e7, 1.23456789e12, 1e-5, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
                -0.04, -0.05, -2.45, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double x : edges) assertEquals(format(x), ScoredEvent.oneDecimal(x), "x = " + x);
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 5) {
                case 0 -> rnd.nextInt(100_000) / 100.0;             // two decimals: many exact halves
                case 1 -> rnd.nextDouble() * 1000;
                case 2 -> rnd.nextInt(2000) / 20.0;
                case 3 -> Math.exp(rnd.nextDouble() * 60 - 20);     // 2e-9 .. 1e17
                default -> rnd.nextInt(1000) + 0.05 + rnd.nextInt(10) / 10.0;
            };
            assertEquals(format(x), ScoredEvent.oneDecimal(x), "x = " + x);
        }
    }

    @Test
    void countTextKeepsWholeNumbersWholeAndOthersToOneDecimal() {
        assertEquals("7", ScoredEvent.countText(7));
        assertEquals("123456789012", ScoredEvent.countText(123_456_789_012.0));
        assertEquals("2.5", ScoredEvent.countText(2.45));
        assertEquals("0.1", ScoredEvent.countText(0.05));
    }
}
