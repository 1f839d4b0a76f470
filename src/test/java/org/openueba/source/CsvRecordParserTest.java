package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordParserTest {
    private final CsvRecordParser p = new CsvRecordParser(',');

    @Test
    void plainAndQuotedFields() {
        assertTrue(p.begin("a,\"b,c\",\"say \"\"hi\"\"\",,d"));
        assertEquals(List.of("a", "b,c", "say \"hi\"", "", "d"), p.fields());
    }

    @Test
    void quotedFieldSpanningLines() {
        assertFalse(p.begin("1,\"first"));
        assertTrue(p.open());
        assertFalse(p.more("second"));
        assertTrue(p.more("third\",x"));
        assertEquals(List.of("1", "first\nsecond\nthird", "x"), p.fields());
    }

    @Test
    void lenientAboutStrayQuotes() {
        assertTrue(p.begin("ab\"c,\"q\"r"));
        assertEquals(List.of("ab\"c", "qr"), p.fields());
    }

    @Test
    void tabDelimiter() {
        CsvRecordParser t = new CsvRecordParser('\t');
        assertTrue(t.begin("a\t\"b\tc\"\t"));
        assertEquals(List.of("a", "b\tc", ""), t.fields());
    }

    /** The parser's rules one character at a time, as RFC 4180 and the lenient cases above state them. */
    private static List<String> reference(char delimiter, List<String> lines) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean inQuotes = false, quoted = false;
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            if (l > 0) f.append('\n');
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inQuotes) {
                    if (c != '"') f.append(c);
                    else if (i + 1 < line.length() && line.charAt(i + 1) == '"') f.append(line.charAt(++i));
                    else inQuotes = false;
                } else if (c == delimiter) {
                    out.add(f.toString());
                    f.setLength(0);
                    quoted = false;
                } else if (c == '"' && f.length() == 0 && !quoted) {
                    inQuotes = quoted = true;
                } else {
                    f.append(c);
                }
            }
            if (!inQuotes) break;
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void anyMixOfDelimitersQuotesAndTextSplitsAsTheRulesSay() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        char[] alphabet = {'a', 'b', ',', '"', ' ', '\t'};
        for (int t = 0; t < 5000; t++) {
            char delimiter = t % 2 == 0 ? ',' : '\t';
            CsvRecordParser parser = new CsvRecordParser(delimiter);
            List<String> lines = new java.util.ArrayList<>();
            boolean complete = false;
            for (int l = 0; l < 4 && !complete; l++) {
                StringBuilder line = new StringBuilder();
                for (int i = rnd.nextInt(12); i > 0; i--) line.append(alphabet[rnd.nextInt(alphabet.length)]);
                lines.add(line.toString());
                complete = l == 0 ? parser.begin(line.toString()) : parser.more(line.toString());
            }
            if (!complete) continue; // still inside a quote after four lines
            assertEquals(reference(delimiter, lines), parser.fields(), "lines " + lines);
        }
    }
}
