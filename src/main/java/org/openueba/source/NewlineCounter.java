package org.openueba.source;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Remembers where the {@code '\n'} characters read through it are, to turn the character offsets
 * the JSON parser reports into line numbers. Offsets must be asked in increasing order; only the
 * newlines not yet passed are kept (those in the parser's read-ahead buffer). Used where a JSON
 * parser reads a stream, so that its line numbers agree with {@link LineReader}'s (Jackson also
 * ends a line at a lone {@code '\r'}). Not thread-safe.
 */
public final class NewlineCounter extends FilterReader {
    private long[] pending = new long[64];
    private int head;
    private int tail;
    private long offset;
    private long passed;
    private long newlines;
    private boolean afterNewline = true;

    public NewlineCounter(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c == '\n') remember(offset);
        if (c >= 0) {
            offset++;
            afterNewline = c == '\n';
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = 0; i < n; i++) if (buf[off + i] == '\n') remember(offset + i);
        if (n > 0) {
            offset += n;
            afterNewline = buf[off + n - 1] == '\n';
        }
        return n;
    }

    private void remember(long at) {
        if (tail == pending.length) {
            if (head > 0) {
                System.arraycopy(pending, head, pending, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                pending = Arrays.copyOf(pending, pending.length * 2);
            }
        }
        pending[tail++] = at;
        newlines++;
    }

    /**
     * The lines of what was read so far, counted as {@link LineReader} counts them (a line feed at
     * the very end starts no further line). An error reported at the end of the input lies on the
     * last of them, not on the line after the final line feed.
     */
    public long lines() {
        return newlines + (afterNewline ? 0 : 1);
    }

    /** The number of newlines read before character {@code at} (0-based, counted from the first read). */
    public long newlinesBefore(long at) {
        while (head < tail && pending[head] < at) {
            head++;
            passed++;
        }
        return passed;
    }
}
