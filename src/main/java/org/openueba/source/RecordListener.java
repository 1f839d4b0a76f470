package org.openueba.source;

import org.openueba.event.Event;

/**
 * Receives what an adapter reads, in input order. Line numbers are 1-based physical line numbers
 * of the input (for a JSON array, the line on which the element starts).
 */
public interface RecordListener {
    /**
     * A record that parsed. {@code raw} is the record's text as received (for a JSON element, its
     * compact JSON form); it is used to derive a stable event id when the record has none.
     * The builder has at least time and kind set, and the entity unless the profile names an
     * {@code entityField}; source and id may be missing.
     */
    void record(long line, String raw, Event.Builder event);

    /**
     * A parsed JSON element, whose compact text is made only when {@code raw.get()} asks for it (making it
     * costs about as much as parsing; most records carry their own id and never need it);
     * {@code replacement}: whether that text holds U+FFFD, the mark of a byte that was not UTF-8 (every
     * name and string of the element checked). {@code raw.get()} throws {@link
     * org.openueba.event.InvalidRecordException} if the element cannot be written. By default: the text is
     * made and passed to {@link #record(long, String, Event.Builder)}.
     */
    default void record(long line, java.util.function.Supplier<String> raw, boolean replacement, Event.Builder event) {
        String text;
        try {
            text = raw.get();
        } catch (org.openueba.event.InvalidRecordException e) {
            reject(line, e.getMessage());
            return;
        }
        record(line, text, event);
    }

    /** A record that could not be used, with a reason for the sender (no stack traces). */
    void reject(long line, String reason);

    /**
     * A well-formed line that carries no event for this source (a comment or header line, a CRON
     * line in an sshd log, a Zeek {@code #close} line). Counted, not reported as an error.
     */
    default void skip(long line, String why) {
    }
}
