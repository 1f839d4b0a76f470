package org.openueba.replay;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringFailuresTest {

    private static String run(boolean hold, int failures) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ScoringFailures f = new ScoringFailures(err, hold);
        for (int i = 0; i < failures; i++) f.add(new IllegalStateException("scoring event e" + i + " failed"));
        assertTrue(f.held() <= ScoringFailures.LISTED, "held " + f.held());
        if (hold) assertEquals(0, bytes.size(), "held lines are printed only at the end");
        assertEquals(failures, f.count());
        f.finish();
        assertEquals(0, f.held());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstThousandAreListedAndTheRestCountedTheSameWayWhetherHeldOrNot() {
        String held = run(true, 2500), direct = run(false, 2500);
        assertEquals(held, direct);
        String[] lines = held.split("\n");
        assertEquals(ScoringFailures.LISTED + 1, lines.length);
        assertEquals("replay: scoring event e0 failed", lines[0]);
        assertEquals("replay: scoring event e999 failed", lines[ScoringFailures.LISTED - 1]);
        assertEquals("replay: 1500 more scoring failures not listed", lines[ScoringFailures.LISTED]);
    }

    @Test
    void aFewFailuresAreAllListedWithoutASummaryLine() {
        assertEquals("replay: scoring event e0 failed\nreplay: scoring event e1 failed\n", run(true, 2).replace("\r", ""));
        assertEquals("", run(false, 0));
    }
}
