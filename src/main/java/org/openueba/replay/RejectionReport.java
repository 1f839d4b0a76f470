package org.openueba.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the inputs' rejected records as {@code FILE:LINE: rejected (SOURCE): reason} in one fixed
 * order whatever the threads that read them: every listed rejection of the first input in line
 * order, then the second input's, and so on — the order of reading the inputs one after the other.
 * An input's lines are printed as they come once every earlier input is finished, and held until
 * then (at most {@link InputReader.Settings#maxListed} per input, the listing limit, so the held
 * lines are bounded).
 *
 * <p>When the inputs are read again ({@link #restart}: the streaming merge starting over, or falling
 * back to the in-memory merge), each input reports the same rejections in the same order, and those
 * already printed are not printed again: the report reads as if the inputs had been read once.
 * Pure Java; thread-safe.
 */
final class RejectionReport {
    private final List<ReplayArguments.Input> inputs;
    private final PrintStream err;
    /** Lines printed per input, over every reading. */
    private final long[] printed;
    /** Rejections listed per input in the current reading. */
    private long[] listed;
    private List<List<String>> held;
    private boolean[] finished;
    /** The first input not finished: its lines are printed at once, later inputs' are held. */
    private int current;

    RejectionReport(List<ReplayArguments.Input> inputs, PrintStream err) {
        this.inputs = List.copyOf(inputs);
        this.err = err;
        this.printed = new long[inputs.size()];
        restart();
    }

    /** A new reading of all inputs begins; what an earlier reading held but did not print is forgotten. */
    synchronized void restart() {
        int n = inputs.size();
        listed = new long[n];
        held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) held.add(new ArrayList<>());
        finished = new boolean[n];
        current = 0;
    }

    /** Where input {@code index} (position in the inputs, not the file: a file may be given twice) reports. */
    InputReader.Rejections of(int index) {
        return (in, line, reason) -> rejected(index, line, reason);
    }

    private synchronized void rejected(int index, long line, String reason) {
        if (listed[index]++ < printed[index]) return; // printed by an earlier reading
        ReplayArguments.Input in = inputs.get(index);
        String text = in.file() + ":" + line + ": rejected (" + in.source() + "): " + reason;
        if (index == current) {
            err.println(text);
            printed[index]++;
        } else {
            held.get(index).add(text);
        }
    }

    /** Input {@code index} is read to its end: the held lines of the inputs after it may follow. */
    synchronized void finished(int index) {
        finished[index] = true;
        while (current < finished.length && finished[current]) {
            current++;
            if (current < finished.length) {
                for (String text : held.get(current)) {
                    err.println(text);
                    printed[current]++;
                }
                held.get(current).clear();
            }
        }
    }
}
