package org.openueba.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openueba.source.AdapterLimits;
import org.openueba.source.TrickleReader;

/**
 * Fuzz target for directory imports (see docs/security.md "Fuzzing"): the fuzzer's bytes as the
 * body of {@code POST /api/v1/directory}, decoded as that resource decodes it, read under the
 * default limits and the smallest ones. Nothing may escape
 * the parser but its listener calls; line numbers lie within the input and never go back; reasons
 * are short; every record fits the {@code entities} table (256 characters, no NUL or other control
 * character but tab and line breaks, no unpaired surrogate, a valid zone id); and reading the same
 * bytes again, a few characters at a time, gives the same result.
 *
 * <p>Seeds: {@code src/test/resources/org/openueba/directory/DirectoryParserFuzzTestInputs/parse/}.
 */
class DirectoryParserFuzzTest {
    /** What the parser reported, in order. */
    private record Report(long line, String reason, DirectoryRecord record) {
    }

    private static List<Report> comparable(List<Report> reports) {
        return reports.stream().map(r -> r.reason() != null && r.reason().startsWith("invalid JSON")
                ? new Report(r.line(), "invalid JSON", null) : r).toList();
    }

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) throws IOException {
        for (AdapterLimits limits : List.of(AdapterLimits.DEFAULT, new AdapterLimits(64, 8, 4))) {
            check(data, limits);
        }
    }

    private static void check(byte[] data, AdapterLimits limits) throws IOException {
        List<Report> whole = read(new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.UTF_8), limits);
        String text = new String(data, StandardCharsets.UTF_8);
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        long previous = 0;
        for (Report r : whole) {
            assertTrue(r.line() >= 1 && r.line() <= lines && r.line() >= previous, () -> "line " + r.line() + " of " + lines + ": " + r);
            previous = r.line();
            if (r.reason() != null) {
                assertTrue(!r.reason().isEmpty() && r.reason().length() <= 300, () -> "reason: " + r);
                continue;
            }
            DirectoryRecord d = r.record();
            assertTrue(d.id() != null, () -> "no id: " + r);
            Stream.of(d.id(), d.displayName(), d.email(), d.department(), d.role(), d.supervisor(), d.timeZone(),
                    d.businessUnit(), d.functionalUnit(), d.team()).forEach(v -> storable(v, r));
            if (d.timeZone() != null) {
                assertTrue(d.timeZone().length() <= 64, () -> "time zone column: " + r);
                assertEquals(d.timeZone(), ZoneId.of(d.timeZone()).getId(), () -> "time zone: " + r);
            }
        }
        // the same records and rejected lines; of a JSON error only that it is one, since which of
        // several problems Jackson meets first (a syntax error, a token beyond a limit) depends on
        // how the input arrived in its buffers
        assertEquals(comparable(whole), comparable(read(new TrickleReader(text), limits)),
                "reading the same input again, in small pieces, reported something else");
    }

    private static void storable(String v, Report r) {
        if (v == null) return;
        assertTrue(!v.isBlank() && v.length() <= 256, () -> "length " + v.length() + ": " + r);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            assertTrue(c >= 0x20 || c == '\t' || c == '\n' || c == '\r', () -> "control character: " + r);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) i++;
            else assertTrue(!Character.isSurrogate(c), () -> "unpaired surrogate: " + r);
        }
    }

    private static List<Report> read(Reader in, AdapterLimits limits) throws IOException {
        List<Report> out = new ArrayList<>();
        DirectoryParser.parse(in, limits, new DirectoryParser.Listener() {
            @Override
            public void record(long line, DirectoryRecord record) {
                out.add(new Report(line, null, record));
            }

            @Override
            public void reject(long line, String reason) {
                out.add(new Report(line, reason, null));
            }
        });
        return out;
    }
}
