package org.openueba.source;

import java.io.Reader;

/**
 * Serves a text a few characters per read (1 to 7, in a fixed pattern), so that a parser reading
 * it meets every buffer boundary a network stream could produce. Fuzz tests read each input once
 * whole and once through this reader and expect the same result.
 */
public final class TrickleReader extends Reader {
    private final String text;
    private int pos;
    private int turn;

    public TrickleReader(String text) {
        this.text = text;
    }

    @Override
    public int read(char[] buf, int off, int len) {
        if (len == 0) return 0;
        if (pos >= text.length()) return -1;
        int n = Math.min(Math.min(len, 1 + (turn++ * 5) % 7), text.length() - pos);
        text.getChars(pos, pos + n, buf, off);
        pos += n;
        return n;
    }

    @Override
    public void close() {
    }
}
