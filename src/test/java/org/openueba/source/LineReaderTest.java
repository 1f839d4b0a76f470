package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static List<String> lines(String input, int max) throws IOException {
        LineReader r = new LineReader(new StringReader(input), max);
        List<String> out = new ArrayList<>();
        while (r.next()) out.add(r.lineNumber() + ":" + (r.tooLong() ? "<long>" : r.line()) + (r.terminated() ? "" : "$"));
        return out;
    }

    @Test
    void splitsLfAndCrlfAndKeepsEmptyLines() throws IOException {
        assertEquals(List.of("1:a", "2:b", "3:", "4:c$"), lines("a\r\nb\n\nc", 100));
    }

    @Test
    void noLineAfterFinalTerminator() throws IOException {
        assertEquals(List.of("1:a", "2:b"), lines("a\nb\n", 100));
        assertEquals(List.of(), lines("", 100));
    }

    @Test
    void stripsBomOnlyAtStart() throws IOException {
        assertEquals(List.of("1:x", "2:\uFEFFy"), lines("\uFEFFx\n\uFEFFy\n", 100));
        // found by AdapterFuzzTest: an input of only a BOM was one empty line
        assertEquals(List.of(), lines("\uFEFF", 100));
        assertEquals(List.of("1:"), lines("\uFEFF\n", 100));
    }

    @Test
    void loneCarriageReturnIsData() throws IOException {
        assertEquals(List.of("1:a\rb"), lines("a\rb\n", 100));
    }

    @Test
    void overLongLineIsFlaggedAndReadingContinues() throws IOException {
        assertEquals(List.of("1:abcd", "2:<long>", "3:ok"), lines("abcd\nabcde\nok\n", 4));
        // CR of a CRLF does not count towards the limit
        assertEquals(List.of("1:abcd", "2:<long>$"), lines("abcd\r\nabcdef", 4));
    }

    @Test
    void overLongLineIsNotBufferedWhole() throws IOException {
        long huge = 50_000_000L;
        Reader endless = new Reader() {
            long served;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (served >= huge + 3) return -1;
                int n = 0;
                while (n < len && served < huge + 3) {
                    cbuf[off + n++] = served == huge ? '\n' : served > huge ? 'z' : 'x';
                    served++;
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        LineReader r = new LineReader(endless, 64);
        assertTrue(r.next());
        assertTrue(r.tooLong());
        assertNull(r.line());
        assertTrue(r.next());
        assertEquals("zz", r.line());
        assertFalse(r.next());
    }

    @Test
    void linesSpanningBufferBoundaries() throws IOException {
        String a = "a".repeat(10_000);
        String b = "b".repeat(8191);
        assertEquals(List.of("1:" + a, "2:" + b), lines(a + "\r\n" + b + "\r\n", 20_000));
    }

    @Test
    void firstLineOffset() throws IOException {
        LineReader r = new LineReader(new StringReader("x\n"), 64, 5);
        assertTrue(r.next());
        assertEquals(5, r.lineNumber());
    }
}
