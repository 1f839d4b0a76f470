package org.openueba.source;

import java.io.IOException;
import java.io.Reader;
import org.openueba.event.Event;
import org.openueba.event.InvalidRecordException;

/**
 * Base of the adapters whose records are single physical lines. It reads lines with
 * {@link LineReader}, rejects over-long lines, turns {@link InvalidRecordException} and any other
 * parsing failure into a reject of that line, skips blank lines, checks that time, entity and kind
 * are set, and hands the builder to the listener.
 */
abstract class LineAdapter implements RecordAdapter {
    protected final SourceProfile profile;
    protected final AdapterLimits limits;

    LineAdapter(SourceProfile profile, AdapterLimits limits) {
        this.profile = profile;
        this.limits = limits;
    }

    @Override
    public final void read(Reader input, RecordListener listener) throws IOException {
        forEachLine(new LineReader(input, limits.maxLineLength()), limits, listener, (n, text, terminated) -> {
            Event.Builder b;
            try {
                b = parse(n, text, terminated, listener);
                if (b != null) Records.requireCore(b, profile);
            } catch (InvalidRecordException e) {
                listener.reject(n, Records.reason(e));
                return;
            } catch (RuntimeException e) {
                listener.reject(n, Records.unexpected());
                return;
            }
            if (b != null) listener.record(n, text, b);
        });
    }

    /** Handles one non-blank line of acceptable length. */
    @FunctionalInterface
    interface LineHandler {
        void line(long number, String text, boolean terminated);
    }

    /**
     * The loop every line-per-record reader shares: over-long lines are rejected, blank lines
     * skipped, every other line goes to {@code handler}.
     */
    static void forEachLine(LineReader lines, AdapterLimits limits, RecordListener listener, LineHandler handler)
            throws IOException {
        while (lines.next()) {
            long n = lines.lineNumber();
            if (lines.tooLong()) {
                listener.reject(n, Records.tooLong(limits));
                continue;
            }
            String text = lines.line();
            if (text.isBlank()) {
                listener.skip(n, "blank line");
                continue;
            }
            handler.line(n, text, lines.terminated());
        }
    }

    /**
     * The value of option {@code key} (default {@code fallback}), which must be one of {@code allowed}.
     *
     * @throws IllegalArgumentException naming the source, the option and the allowed values
     */
    protected final String choice(String key, String fallback, String... allowed) {
        String v = profile.option(key, fallback);
        if (!java.util.Arrays.asList(allowed).contains(v)) {
            throw new IllegalArgumentException("source " + profile.name() + ": option " + key + " must be "
                    + String.join(" or ", allowed) + ", was '" + v + "'");
        }
        return v;
    }

    /**
     * Parses one (non-blank) line. Returns the builder of a record, or null after having called
     * {@link RecordListener#skip} or {@link RecordListener#reject} itself. May throw
     * {@link InvalidRecordException}, whose message becomes the reject reason.
     *
     * @param terminated false when this is a last line without a line terminator (possibly cut off)
     */
    protected abstract Event.Builder parse(long line, String text, boolean terminated, RecordListener listener);
}
