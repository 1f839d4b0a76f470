package org.openueba.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJournalTest {
    static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    static Event event(int i) {
        return Event.builder().id("e" + i).source("json").entity("user" + (i % 3)).kind(EventKind.AUTHENTICATION)
                .time(Instant.parse("2026-11-01T08:00:00.123456Z").plusSeconds(i)).build();
    }

    static EventJournal.Batch batch(int from, int to) {
        EventJournal.Batch b = new EventJournal.Batch();
        for (int i = from; i < to; i++) b.add(event(i), AT);
        return b;
    }

    @Test
    void codecRoundTripsEveryField() {
        Event full = Event.builder().id("cert-logon:{A-1}").source("cert-logon").entity("p.abc").kind(EventKind.DEVICE)
                .time(Instant.parse("2026-11-01T08:00:00.123456789Z")).action("connect").outcome(Outcome.FAILURE)
                .srcHost("PC-1").dstHost("SRV-2").srcIp("81.2.69.160").dstIp("2001:db8::1").country("GB")
                .city("Zürich ☃").coordinates(51.7095, -1.3614).asn(20712L).asOrg("A&A").device("USB-9")
                .userAgent("Mozilla/5.0").bytes(123456789012L).attribute("file_tree", "C:\\x;D:\\y")
                .metric("duration", 0.25).metric("geo_accuracy_km", 100).build();
        EventJournal.Batch b = new EventJournal.Batch();
        b.add(full, AT);
        ByteBuffer payload = ByteBuffer.wrap(java.util.Arrays.copyOf(b.buffer(), b.bytes()));
        EventJournal.Entry e = EventJournal.Entry.decode(7, payload);
        assertEquals(full, e.event());
        assertEquals(AT, e.ingestedAt());
        assertEquals(7, e.seq());
        assertEquals(0, payload.remaining());
    }

    /** Reads {@code from..to} with the cursor in chunks of at most {@code max}, returning the seqs read. */
    private static List<Long> readChunk(EventJournal j, long from, long to, EventJournal.Cursor c, int max) throws IOException {
        List<Long> seqs = new java.util.ArrayList<>();
        j.read(from, to, c, (seq, p) -> {
            assertEquals(event((int) seq - 1), EventJournal.Entry.decode(seq, p).event());
            seqs.add(seq);
            return seqs.size() < max;
        });
        return seqs;
    }

    @Test
    void aCursorResumesWhereItStoppedAcrossSegmentsAndAnUpperBoundStopsReading(@TempDir Path dir) throws IOException {
        // events of ~150 B in 1 MiB segments: 20,000 events span several segments
        try (EventJournal j = EventJournal.open(dir, 1, false, 1 << 20)) {
            for (int i = 0; i < 20_000; i += 1_000) j.append(batch(i, i + 1_000));
            assertTrue(j.segmentCount() >= 2, "segments: " + j.segmentCount());
            EventJournal.Cursor c = new EventJournal.Cursor();
            long next = 1;
            int chunks = 0;
            while (next <= 20_000) {
                // chunks of 997 up to a moving bound (as the indexer reads up to the alerted position)
                long bound = Math.min(20_000, next + 1_500);
                List<Long> seqs = readChunk(j, next, bound, c, 997);
                assertEquals(Math.min(997, bound - next + 1), seqs.size(), "chunk at " + next);
                assertEquals(next, seqs.get(0));
                for (int k = 1; k < seqs.size(); k++) assertEquals(seqs.get(k - 1) + 1, seqs.get(k));
                assertTrue(seqs.get(seqs.size() - 1) <= bound);
                next = seqs.get(seqs.size() - 1) + 1;
                chunks++;
            }
            assertEquals(21, chunks);
            // appended after the cursor reached the end: read from there
            j.append(batch(20_000, 20_010));
            assertEquals(List.of(20_001L, 20_002L, 20_003L), readChunk(j, 20_001, Long.MAX_VALUE, c, 3));
            // a read from another position (a retried chunk) ignores the cursor and then follows it
            assertEquals(List.of(5L, 6L), readChunk(j, 5, 6, c, 10));
            assertEquals(List.of(7L, 8L), readChunk(j, 7, 8, c, 10));
            // the cursor's segment deleted (indexed): the read finds the position by the segments' names
            j.deleteUpTo(15_000);
            List<Long> tail = readChunk(j, 17_000, Long.MAX_VALUE, new EventJournal.Cursor(), 100_000);
            assertEquals(3_011, tail.size()); // 17,000 … 20,010
            assertEquals(17_000L, tail.get(0));
        }
    }

    @Test
    void appendsReadsAndContinuesSequenceAfterReopen(@TempDir Path dir) throws IOException {
        try (EventJournal j = EventJournal.open(dir, 1, true, 1 << 20)) {
            assertEquals(1, j.append(batch(0, 10)));
            assertEquals(11, j.append(batch(10, 15)));
            assertEquals(15, j.lastSeq());
            List<EventJournal.Entry> tail = j.readAll(12);
            assertEquals(4, tail.size());
            assertEquals(12, tail.get(0).seq());
            assertEquals(event(11), tail.get(0).event());
        }
        try (EventJournal j = EventJournal.open(dir, 1, true, 1 << 20)) {
            assertEquals(15, j.lastSeq());
            assertEquals(16, j.append(batch(15, 16)));
            assertEquals(16, j.readAll(1).size());
        }
    }

    @Test
    void anEmptyJournalContinuesAfterTheIndexedPosition(@TempDir Path dir) throws IOException {
        try (EventJournal j = EventJournal.open(dir, 501, true, 1 << 20)) {
            assertEquals(500, j.lastSeq());
            assertEquals(501, j.append(batch(0, 1)));
        }
    }

    @Test
    void cutsATornOrCorruptTailOnOpen(@TempDir Path dir) throws IOException {
        try (EventJournal j = EventJournal.open(dir, 1, true, 1 << 20)) {
            j.append(batch(0, 5));
        }
        Path seg = segments(dir).get(0);
        long goodSize = Files.size(seg);
        // an append that never completed: half a frame at the end
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[]{0, 0, 0, 40, 1, 2, 3}));
        }
        try (EventJournal j = EventJournal.open(dir, 1, true, 1 << 20)) {
            assertEquals(5, j.lastSeq());
            assertEquals(goodSize, Files.size(seg));
            assertEquals(6, j.append(batch(5, 6)));
        }
        // flip one payload byte of the last record: its checksum fails, it is dropped
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, ch.size() - 1);
            one.put(0, (byte) (one.get(0) ^ 0x55)).rewind();
            ch.write(one, ch.size() - 1);
        }
        try (EventJournal j = EventJournal.open(dir, 1, true, 1 << 20)) {
            assertEquals(5, j.lastSeq());
            assertEquals(5, j.readAll(1).size());
        }
    }

    @Test
    void rollsSegmentsAndDeletesIndexedOnes(@TempDir Path dir) throws IOException {
        try (EventJournal j = EventJournal.open(dir, 1, false, 1 << 20)) {
            for (int i = 0; i < 40; i++) j.append(batch(i * 1000, i * 1000 + 1000)); // ~60 bytes each: several MiB
            int segments = j.segmentCount();
            assertTrue(segments > 1, "rolled: " + segments);
            assertEquals(40_000, j.readAll(1).size());
            assertEquals(event(39_999), j.readAll(40_000).get(0).event());
            j.deleteUpTo(j.lastSeq());
            assertEquals(1, j.segmentCount()); // the active segment stays
            assertEquals(40_001, j.append(batch(0, 1)));
        }
    }

    @Test
    void saysWhetherIndexingAPositionFreesASegment(@TempDir Path dir) throws IOException {
        try (EventJournal j = EventJournal.open(dir, 1, false, 1 << 20)) {
            assertEquals(1, j.firstSeq()); // empty
            for (int i = 0; i < 40; i++) j.append(batch(i * 1000, i * 1000 + 1000));
            List<Path> files = segments(dir);
            long secondFirst = Long.parseLong(files.get(1).getFileName().toString().replace(".seg", ""));
            assertEquals(1, j.firstSeq());
            assertTrue(!j.canDeleteUpTo(secondFirst - 2), "the first segment still has an unindexed event");
            assertTrue(j.canDeleteUpTo(secondFirst - 1));
            j.deleteUpTo(secondFirst - 1);
            assertEquals(secondFirst, j.firstSeq());
            assertEquals(files.size() - 1, j.segmentCount());
            j.deleteUpTo(j.lastSeq());
            assertTrue(!j.canDeleteUpTo(j.lastSeq()), "only the active segment is left");
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
