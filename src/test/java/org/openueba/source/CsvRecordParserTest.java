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
}
