package org.openueba.source;

import java.io.IOException;
import java.io.Reader;

/**
 * Turns one raw log format into {@link org.openueba.event.Event} builders. An adapter instance is
 * created per input stream by {@link Adapters#create} and may keep per-stream state (a CSV header,
 * a Zeek {@code #fields} line).
 *
 * <p>A malformed record never stops the stream: it is reported through
 * {@link RecordListener#reject} with its line number and the reader moves on. Only I/O failures
 * of the underlying reader propagate (as {@link IOException}); a line longer than
 * {@link AdapterLimits#maxLineLength()} is rejected without being buffered whole.
 */
public interface RecordAdapter {
    void read(Reader input, RecordListener listener) throws IOException;
}
