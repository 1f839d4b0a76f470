package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Inputs too big for the fuzzer (it writes at most 4 KB): every predefined profile's adapter must
 * read them in bounded time and memory, reject what is over a limit with its line number, and go on
 * reading after it. The inputs are generated while they are read, so the test holds none of them.
 */
class HostileInputTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String VALID_JSON = "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"alice\",\"kind\":\"web\"}";

    /** A reader serving {@code length} characters given by {@code at}, allocating nothing per character. */
    private static Reader generated(long length, LongFunction<Character> at) {
        return new Reader() {
            private long served;

            @Override
            public int read(char[] buf, int off, int len) {
                if (served >= length) return -1;
                int n = (int) Math.min(len, length - served);
                for (int i = 0; i < n; i++) buf[off + i] = at.apply(served++);
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    /** {@code head}, then {@code middle} repeated up to {@code length} characters in all, then {@code tail}. */
    private static Reader generated(String head, String middle, long length, String tail) {
        long body = length - head.length() - tail.length();
        return generated(length, i -> i < head.length() ? head.charAt((int) i)
                : i - head.length() < body ? middle.charAt((int) ((i - head.length()) % middle.length()))
                : tail.charAt((int) (i - head.length() - body)));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static Collected read(RecordAdapter adapter, Reader in) {
        return read(adapter, in, new long[1]);
    }

    /** Reads within {@link #BOUND}; {@code allocated[0]} is set to the bytes the reading thread allocated. */
    private static Collected read(RecordAdapter adapter, Reader in, long[] allocated) {
        Collected c = new Collected();
        assertTimeoutPreemptively(BOUND, () -> {
            long before = allocatedBytes();
            adapter.read(in, c);
            allocated[0] = allocatedBytes() - before;
        });
        return c;
    }

    @Test
    void aHugeLineIsRejectedAndReadingGoesOnForEveryAdapter() {
        for (SourceProfile p : PredefinedProfiles.all()) {
            // 8 million characters without a line break (16 MB as a string), then one more line
            long[] allocated = new long[1];
            Collected c = read(Adapters.create(p, AdapterLimits.DEFAULT), generated("x", "y", 8_000_000, "\nz\n"), allocated);
            assertTrue(allocated[0] < 8L << 20, p.name() + ": allocated " + (allocated[0] >> 20) + " MB");
            assertEquals("line longer than 65536 characters", c.reason(0), p.name());
            assertEquals(1L, c.rejectLines().get(0), p.name());
            assertTrue(c.rejectLines().size() + c.skipLines().size() + c.records.size() == 2, p.name() + ": " + c);
        }
    }

    @Test
    void manyBadLinesAreEachRejectedInBoundedTime() {
        for (SourceProfile p : PredefinedProfiles.all()) {
            Collected c = read(Adapters.create(p, AdapterLimits.DEFAULT), generated("", "\u0000,{[\t\\x\u00ff\n", 900_000, ""));
            assertEquals(100_000, c.rejects.size() + c.skips.size() + c.records.size(), p.name());
        }
    }

    @Test
    void aHugeJsonArrayElementIsSkippedWithoutBuildingIt() {
        // 40 MB of small numbers in one element: as a tree, five million nodes
        long[] allocated = new long[1];
        Collected c = read(Adapters.create(SourceProfile.of("json", "json"), AdapterLimits.DEFAULT),
                generated("[{\"a\":[", "1234567,", 40_000_000, "1]},\n" + VALID_JSON + "]"), allocated);
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals("array element longer than 65536 characters", c.reason(0));
        assertEquals(List.of(2L), c.recordLines());
        assertTrue(allocated[0] < 32L << 20, "allocated " + (allocated[0] >> 20) + " MB");
    }

    @Test
    void aHugeStringInAJsonArrayEndsTheArrayWithoutBeingRead() {
        Collected c = read(Adapters.create(SourceProfile.of("json", "json"), AdapterLimits.DEFAULT),
                generated("[" + VALID_JSON + ",\n{\"a\":\"", "s", 30_000_000, "\"}]"));
        assertEquals(List.of(1L), c.recordLines());
        assertEquals(List.of(2L), c.rejectLines());
        assertTrue(c.reason(0).startsWith("invalid JSON in array: " + JsonValues.LIMITS), c.reason(0));
    }

    @Test
    void deepJsonIsRejectedPerRecord() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        String deeper = "[".repeat(5000) + "]".repeat(5000);
        Collected c = Collected.read(SourceProfile.of("json", "json"), deep + "\n" + deeper + "\n" + VALID_JSON + "\n");
        assertEquals(List.of(3L), c.recordLines());
        assertEquals("record nests deeper than 32 levels (the limit)", c.reason(0));
        assertTrue(c.reason(1).startsWith("invalid JSON: " + JsonValues.LIMITS), c.reason(1));
        c = Collected.read(SourceProfile.of("json", "json"), "[" + deep + ",\n" + VALID_JSON + "]");
        assertEquals(List.of(2L), c.recordLines());
        assertEquals("record nests deeper than 32 levels (the limit)", c.reason(0));
        AdapterLimits shallow = new AdapterLimits(65_536, 256, 4);
        c = Collected.read(Adapters.create(SourceProfile.of("json", "json"), shallow),
                "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"web\",\"attributes\":{\"x\":{\"y\":{\"z\":{}}}}}\n");
        assertEquals("record nests deeper than 4 levels (the limit)", c.reason(0));
    }

    @Test
    void csvRecordsAreLimitedAcrossLines() {
        SourceProfile rba = PredefinedProfiles.byName("rba-login").orElseThrow();
        String header = "Login Timestamp,User ID,IP Address,Country,City,ASN,User Agent String,Login Successful,Device Type,"
                + "Browser Name and Version,OS Name and Version\n";
        // a quote opened and never closed: the record grows line by line until the limit
        Collected c = read(Adapters.create(rba, AdapterLimits.DEFAULT), generated(header + "\"", "open\n", 5_000_000, ""));
        assertEquals(2L, c.rejectLines().get(0));
        assertEquals("record longer than 65536 characters", c.reason(0));
        // 60,000 columns in one line
        c = Collected.read(rba, header + ",".repeat(60_000) + "\n");
        assertEquals("record has more than 256 fields (the limit)", c.reason(0));
    }

    @Test
    void aLongZeekSeparatorIsRefused() {
        // found in review: a separator as long as a line makes every split quadratic
        SourceProfile zeek = SourceProfile.of("zeek-conn", "zeek-conn");
        String sep = "\\x41".repeat(20);
        Collected c = Collected.read(zeek, "#separator " + sep + "\n#fields\tts\tid.orig_h\n1713484795\t10.0.0.1\n");
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals("#separator: longer than 8 characters", c.reason(0));
        assertEquals(List.of(3L), c.recordLines());
    }
}
