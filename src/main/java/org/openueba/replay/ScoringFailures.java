package org.openueba.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The scoring failures of one replay, as stderr lines: the first {@link #LISTED} are listed, the rest
 * only counted ({@link #finish} prints how many), so that a defect that fails every event cannot fill
 * the memory (the streaming merge holds the lines until the merge ends) or flood the terminal. Both merges
 * print the same lines. Thread-safe.
 */
final class ScoringFailures {
    /** Failures listed one by one; later ones are counted. */
    static final int LISTED = 1000;

    private final PrintStream err;
    private final boolean hold;
    private final List<String> held = new ArrayList<>();
    private long count;

    /** @param hold keep the lines until {@link #finish} instead of printing them at once */
    ScoringFailures(PrintStream err, boolean hold) {
        this.err = err;
        this.hold = hold;
    }

    synchronized void add(RuntimeException e) {
        if (count++ >= LISTED) return;
        String line = "replay: " + e.getMessage();
        if (hold) {
            held.add(line);
        } else {
            synchronized (err) {
                err.println(line);
            }
        }
    }

    /** Prints what was held and, when there were more than {@link #LISTED}, how many were not listed. */
    synchronized void finish() {
        synchronized (err) {
            for (String line : held) err.println(line);
            if (count > LISTED) err.println("replay: " + (count - LISTED) + " more scoring failures not listed");
        }
        held.clear();
    }

    synchronized long count() {
        return count;
    }

    /** Lines held so far (at most {@link #LISTED}). */
    synchronized int held() {
        return held.size();
    }
}
