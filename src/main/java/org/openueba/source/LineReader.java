package org.openueba.source;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads physical lines from a {@link Reader} for the line-oriented adapters.
 *
 * <p>Lines end at {@code \n}; a {@code \r} right before it is dropped, so both LF and CRLF input
 * work (a lone {@code \r} is not a line end). A UTF-8 byte order mark at the very start of the
 * input is skipped. A line longer than the limit is not buffered: its characters are discarded up
 * to the line end and {@link #tooLong()} reports it, so the caller can reject it and continue.
 * Line numbers are 1-based. Not thread-safe; one instance per stream. Public for the directory
 * import, which reads CSV the same way.
 */
public final class LineReader {
    private final Reader in;
    private final int maxLineLength;
    private final char[] buf = new char[8192];
    private final StringBuilder line = new StringBuilder(256);
    private int pos;
    private int len;
    private boolean eof;
    private boolean started;
    private long lineNumber;
    private boolean tooLong;
    private boolean terminated;

    public LineReader(Reader in, int maxLineLength) {
        this(in, maxLineLength, 1);
    }

    /** A reader whose first line is numbered {@code firstLine} (for input whose start was consumed). */
    public LineReader(Reader in, int maxLineLength, long firstLine) {
        this.in = in;
        this.maxLineLength = maxLineLength;
        this.lineNumber = firstLine - 1;
    }

    /** Advances to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        line.setLength(0);
        tooLong = false;
        terminated = false;
        boolean any = false;
        while (true) {
            if (pos >= len) {
                if (eof || !fill()) {
                    eof = true;
                    if (!any) return false;
                    break;
                }
            }
            int start = pos;
            int end = start;
            while (end < len && buf[end] != '\n') end++;
            // a chunk holding only the byte order mark is no line (an input of just a BOM has none)
            if (end > start || end < len) any = true;
            if (!tooLong) {
                // one extra character of room for a '\r' that is dropped below
                if (line.length() + (end - start) <= maxLineLength + 1) {
                    line.append(buf, start, end - start);
                } else {
                    tooLong = true;
                    line.setLength(0);
                }
            }
            if (end < len) {
                pos = end + 1;
                terminated = true;
                break;
            }
            pos = len;
        }
        lineNumber++;
        if (!tooLong) {
            int n = line.length();
            if (terminated && n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
            if (line.length() > maxLineLength) {
                tooLong = true;
                line.setLength(0);
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        len = n;
        if (!started) {
            started = true;
            if (buf[0] == '\uFEFF') pos = 1;
        }
        return true;
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The current line without its terminator, or null when it was too long. */
    public String line() {
        return tooLong ? null : line.toString();
    }

    /** Whether the current line exceeded the limit (its text was discarded). */
    public boolean tooLong() {
        return tooLong;
    }

    /** Whether the current line ended with a line terminator (false only for a last, cut-off line). */
    public boolean terminated() {
        return terminated;
    }

    public int maxLineLength() {
        return maxLineLength;
    }
}
