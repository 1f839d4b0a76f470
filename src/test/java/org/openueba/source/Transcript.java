package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openueba.event.Event;
import org.openueba.event.EventInvariants;

/**
 * Everything an adapter reported for one input, in order, and the checks of the adapter contract
 * the fuzz tests apply to it: only rejects (never an exception) for bad records, line numbers
 * within the input and in order, one report per physical line for the line-per-record formats,
 * a record's raw text being its line(s), reject reasons short and printable, and every record an
 * event that satisfies {@link EventInvariants}.
 */
final class Transcript implements RecordListener {
    /** How the records of a format relate to the physical lines of the input. */
    enum Layout {
        /** One report (record, reject or skip) per physical line; the raw text is the line. */
        LINE,
        /** A record may span lines (CSV quoting): strictly increasing lines, raw text is those lines. */
        MULTI_LINE,
        /** JSON: one report per line for JSON lines, several elements may share a line in an array. */
        JSON
    }

    /** One report: kind R(ecord), X (reject) or S(kip), its line, its raw text or reason, its event. */
    record Entry(char kind, long line, String text, Event event) {
    }

    final List<Entry> entries = new ArrayList<>();

    /**
     * Decodes {@code data} the way ingestion does (UTF-8, malformed input replaced), so that tests
     * see the same text as the adapters behind {@code POST /api/v1/events}.
     */
    static String decode(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(data)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads {@code text} with {@code adapter}, in one piece or in small pieces of varying size. */
    static Transcript read(RecordAdapter adapter, String text, boolean trickle) {
        Transcript t = new Transcript();
        try {
            adapter.read(trickle ? new TrickleReader(text) : new StringReader(text), t);
        } catch (IOException e) {
            throw new AssertionError("an in-memory reader cannot fail", e);
        }
        return t;
    }

    @Override
    public void record(long line, String raw, Event.Builder event) {
        event.source("fuzz");
        if (event.id() == null) event.id("line-" + line);
        // build() throws when a required field is missing: the adapter must not report such a record
        entries.add(new Entry('R', line, raw, event.build()));
    }

    @Override
    public void reject(long line, String reason) {
        entries.add(new Entry('X', line, reason, null));
    }

    @Override
    public void skip(long line, String why) {
        entries.add(new Entry('S', line, why, null));
    }

    /** Checks the contract for what was reported reading {@code text} under {@code limits}. */
    void check(String text, Layout layout, AdapterLimits limits) {
        List<String> lines = physicalLines(text);
        long previous = 0;
        for (Entry e : entries) {
            assertTrue(e.line() >= 1 && e.line() <= lines.size(), () -> "line " + e.line() + " of " + lines.size() + ": " + e);
            if (layout == Layout.JSON && !jsonLines(text)) {
                assertTrue(e.line() >= previous, () -> "lines out of order at " + e);
            } else {
                assertTrue(e.line() > previous, () -> "lines out of order at " + e);
            }
            previous = e.line();
            switch (e.kind()) {
                case 'X':
                    assertTrue(!e.text().isEmpty() && e.text().length() <= Records.MAX_REASON, () -> "reason length: " + e);
                    assertTrue(e.text().chars().noneMatch(c -> c < 0x20 || c == 0x7f), () -> "reason not printable: " + e);
                    assertNotEquals(Records.unexpected(), e.text(), () -> "a parser failed with an unexpected exception on line "
                            + e.line() + ": " + Records.quote(lines.get((int) e.line() - 1)));
                    break;
                case 'S':
                    assertTrue(!e.text().isEmpty(), () -> "skip without a reason: " + e);
                    break;
                default:
                    EventInvariants.check(e.event(), e);
                    String line = lines.get((int) e.line() - 1);
                    if (layout == Layout.LINE) {
                        assertEquals(line, e.text(), "raw text is not the record's line");
                    } else if (layout == Layout.MULTI_LINE) {
                        assertTrue(e.text().length() <= limits.maxLineLength(), () -> "record longer than the limit: " + e);
                        assertTrue(String.join("\n", lines.subList((int) e.line() - 1, lines.size())).startsWith(e.text())
                                && e.text().startsWith(line), () -> "raw text is not the record's lines: " + e);
                    } else {
                        assertTrue(!line.isBlank() && e.text().length() <= 2 * limits.maxLineLength(), () -> "raw JSON: " + e);
                    }
                    if (layout == Layout.LINE) {
                        assertTrue(line.length() <= limits.maxLineLength(), () -> "line longer than the limit: " + e);
                    }
                    break;
            }
        }
        if (layout == Layout.LINE || (layout == Layout.JSON && jsonLines(text))) {
            assertEquals(lines.size(), entries.size(), "not exactly one report per physical line");
        }
    }

    /** The physical lines as {@link LineReader} defines them: LF or CRLF ends, a leading BOM dropped. */
    static List<String> physicalLines(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < t.length()) {
            int nl = t.indexOf('\n', start);
            if (nl < 0) {
                out.add(t.substring(start));
                break;
            }
            String line = t.substring(start, nl);
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            start = nl + 1;
        }
        return out;
    }

    /** Whether the JSON adapter reads {@code text} as JSON lines (its first non-blank character is not '['). */
    private static boolean jsonLines(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (i == 0 && c == '\uFEFF') continue;
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c != '[';
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transcript && ((Transcript) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
