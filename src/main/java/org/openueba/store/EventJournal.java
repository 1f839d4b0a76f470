package org.openueba.store;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead event journal: the point where an accepted event becomes durable. Events are
 * appended in batches to segment files ({@code <first seq, 20 digits>.seg}); each record is framed
 * as {@code [int length][int crc32c][long seq][payload]}, where the checksum covers seq and
 * payload. {@link #append} returns only after the batch is written and, with {@code fsync},
 * forced to the device, so an acknowledged event survives a killed process (and, with fsync, a
 * power loss). Sequence numbers increase by one per record and never repeat.
 *
 * <p>On {@link #open}, the tail of the last segment is checked record by record and cut at the
 * first incomplete or corrupt frame: such a frame belongs to a batch whose append never returned,
 * so it was never acknowledged.
 *
 * <p>Appends are serialised (one writer); {@link #read} may run concurrently with appends and sees
 * every record up to {@link #lastSeq()} as read before it started. Pure Java.
 */
public final class EventJournal implements Closeable {
    static final int HEADER = 16;
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final boolean fsync;
    private final long segmentBytes;
    private FileChannel active;
    private volatile long lastSeq;

    private EventJournal(Path dir, boolean fsync, long segmentBytes) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}.
     *
     * @param nextSeqAtLeast the first sequence number to use when the journal is empty (one past the
     *                       highest sequence ever indexed, since indexed segments are deleted)
     * @param segmentBytes   size after which a new segment file is started, at least 1 MiB
     */
    public static EventJournal open(Path dir, long nextSeqAtLeast, boolean fsync, long segmentBytes) throws IOException {
        if (segmentBytes < (1 << 20)) throw new IllegalArgumentException("segmentBytes must be >= 1 MiB");
        Files.createDirectories(dir);
        EventJournal j = new EventJournal(dir, fsync, segmentBytes);
        List<Path> segments = j.segments();
        long last = Math.max(0, nextSeqAtLeast - 1);
        if (!segments.isEmpty()) {
            Path tail = segments.get(segments.size() - 1);
            long tailLast = recover(tail, firstSeq(tail));
            last = Math.max(last, tailLast);
            if (tailLast >= firstSeq(tail)) {
                j.active = FileChannel.open(tail, StandardOpenOption.WRITE, StandardOpenOption.READ);
                j.active.position(j.active.size());
            } else {
                Files.delete(tail); // nothing valid in it
            }
        }
        j.lastSeq = last;
        return j;
    }

    /** The highest sequence number appended (or indexed before the journal was emptied); 0 when none. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * Appends every payload of {@code batch} as one record each, durably.
     *
     * @return the sequence number of the first record (the others follow consecutively)
     */
    public synchronized long append(Batch batch) throws IOException {
        if (batch.count() == 0) return lastSeq + 1;
        long first = lastSeq + 1;
        if (active == null || active.size() >= segmentBytes) roll(first);
        ByteBuffer out = ByteBuffer.allocate(batch.bytes() + HEADER * batch.count());
        byte[] data = batch.buffer();
        CRC32C crc = new CRC32C();
        int start = 0;
        for (int i = 0; i < batch.count(); i++) {
            int end = batch.end(i);
            int len = end - start;
            long seq = first + i;
            crc.reset();
            crc.update(ByteBuffer.allocate(8).putLong(0, seq).array(), 0, 8);
            crc.update(data, start, len);
            out.putInt(len).putInt((int) crc.getValue()).putLong(seq).put(data, start, len);
            start = end;
        }
        out.flip();
        while (out.hasRemaining()) active.write(out);
        if (fsync) active.force(false);
        lastSeq = first + batch.count() - 1;
        return first;
    }

    /** Receives records in sequence order. */
    public interface RecordConsumer {
        /** @return false to stop reading */
        boolean accept(long seq, ByteBuffer payload) throws IOException;
    }

    /**
     * Reads records with {@code seq >= fromSeq} up to the {@link #lastSeq()} seen at the start, in
     * order, until the consumer returns false.
     */
    public void read(long fromSeq, RecordConsumer consumer) throws IOException {
        read(fromSeq, Long.MAX_VALUE, null, consumer);
    }

    /**
     * Where a reader that reads the journal in order stopped, so that its next {@link #read} starts
     * there instead of scanning the segment's frames from its beginning. One per reading thread.
     */
    public static final class Cursor {
        private Path segment;
        private long pos;
        private long nextSeq = -1;
    }

    /**
     * Reads records with {@code fromSeq <= seq <= toSeq} (and up to the {@link #lastSeq()} seen at
     * the start), in order, until the consumer returns false. With a {@code cursor} that ended at
     * {@code fromSeq - 1}, reading starts where it stopped; the cursor is moved past every record
     * given to the consumer.
     */
    public void read(long fromSeq, long toSeq, Cursor cursor, RecordConsumer consumer) throws IOException {
        long upTo = Math.min(lastSeq, toSeq);
        if (fromSeq > upTo) return;
        List<Path> segments = segments();
        int start = 0;
        long startPos = 0;
        boolean resume = cursor != null && cursor.nextSeq == fromSeq && cursor.segment != null;
        for (int s = 0; s < segments.size(); s++) {
            if (resume && segments.get(s).equals(cursor.segment)) {
                start = s;
                startPos = cursor.pos;
                break;
            }
            if (s + 1 < segments.size() && firstSeq(segments.get(s + 1)) <= fromSeq) start = s + 1;
        }
        for (int s = start; s < segments.size(); s++) {
            try (FileChannel ch = FileChannel.open(segments.get(s), StandardOpenOption.READ)) {
                long pos = s == start ? startPos : 0;
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (true) {
                    header.clear();
                    if (readFully(ch, header, pos) < HEADER) break;
                    int len = header.getInt(0);
                    long seq = header.getLong(8);
                    if (seq > upTo) return;
                    if (seq >= fromSeq) {
                        ByteBuffer payload = ByteBuffer.allocate(len);
                        if (readFully(ch, payload, pos + HEADER) < len) break;
                        payload.flip();
                        boolean more = consumer.accept(seq, payload);
                        if (cursor != null) {
                            cursor.segment = segments.get(s);
                            cursor.pos = pos + HEADER + len;
                            cursor.nextSeq = seq + 1;
                        }
                        if (!more) return;
                    }
                    pos += HEADER + len;
                }
            }
        }
    }

    /** Whether {@link #deleteUpTo} would delete a segment: one before the active one has only {@code seq <= indexedSeq}. */
    public synchronized boolean canDeleteUpTo(long indexedSeq) throws IOException {
        List<Path> segments = segments();
        return segments.size() > 1 && firstSeq(segments.get(1)) - 1 <= indexedSeq;
    }

    /** The sequence number of the oldest record kept, or {@code lastSeq() + 1} when the journal holds none. */
    public synchronized long firstSeq() throws IOException {
        List<Path> segments = segments();
        return segments.isEmpty() ? lastSeq + 1 : firstSeq(segments.get(0));
    }

    /** Deletes whole segments whose records all have {@code seq <= indexedSeq}; never the active one. */
    public synchronized void deleteUpTo(long indexedSeq) throws IOException {
        List<Path> segments = segments();
        for (int s = 0; s + 1 < segments.size(); s++) {
            long nextFirst = firstSeq(segments.get(s + 1));
            if (nextFirst - 1 <= indexedSeq) Files.deleteIfExists(segments.get(s));
        }
    }

    /** Number of segment files (for tests and metrics). */
    public int segmentCount() throws IOException {
        return segments().size();
    }

    @Override
    public synchronized void close() throws IOException {
        if (active != null) {
            active.close();
            active = null;
        }
    }

    private void roll(long first) throws IOException {
        if (active != null) {
            active.force(true);
            active.close();
        }
        Path p = dir.resolve(String.format("%020d", first) + SUFFIX);
        active = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (fsync) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // make the new file's directory entry durable
            } catch (IOException ignored) {
                // some file systems cannot open directories; the data itself is still forced
            }
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    private static long firstSeq(Path segment) {
        String n = segment.getFileName().toString();
        return Long.parseLong(n.substring(0, n.length() - SUFFIX.length()));
    }

    /** Validates the frames of {@code segment}, truncates after the last good one, returns its seq. */
    private static long recover(Path segment, long first) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = 0, expected = first, size = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            CRC32C crc = new CRC32C();
            while (pos + HEADER <= size) {
                header.clear();
                readFully(ch, header, pos);
                int len = header.getInt(0);
                int sum = header.getInt(4);
                long seq = header.getLong(8);
                if (len < 0 || seq != expected || pos + HEADER + len > size) break;
                ByteBuffer payload = ByteBuffer.allocate(len);
                readFully(ch, payload, pos + HEADER);
                crc.reset();
                crc.update(ByteBuffer.allocate(8).putLong(0, seq).array(), 0, 8);
                crc.update(payload.array(), 0, len);
                if ((int) crc.getValue() != sum) break;
                pos += HEADER + len;
                expected++;
            }
            if (pos < size) {
                ch.truncate(pos);
                ch.force(true);
            }
            return expected - 1;
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) break;
            total += n;
        }
        return total;
    }

    /** Encoded events waiting to be appended: one growable buffer and the end offset of each record. */
    public static final class Batch {
        private final Buffer buf = new Buffer();
        private int[] ends = new int[256];
        private int count;

        /** Adds one encoded event, stamped with the time it was accepted. */
        public void add(org.openueba.event.Event e, java.time.Instant ingestedAt) {
            EventCodec.writeLong(buf, ingestedAt.toEpochMilli());
            EventCodec.encode(e, buf);
            if (count == ends.length) ends = java.util.Arrays.copyOf(ends, count * 2);
            ends[count++] = buf.size();
        }

        public int count() {
            return count;
        }

        int bytes() {
            return buf.size();
        }

        int end(int i) {
            return ends[i];
        }

        byte[] buffer() {
            return buf.raw();
        }

        /** A ByteArrayOutputStream that exposes its array without copying. */
        private static final class Buffer extends ByteArrayOutputStream {
            Buffer() {
                super(1 << 16);
            }

            byte[] raw() {
                return buf;
            }
        }
    }

    /** One journal record decoded: the event, its sequence number and when it was accepted. */
    public record Entry(long seq, org.openueba.event.Event event, java.time.Instant ingestedAt) {
        /** Decodes a payload given to a {@link RecordConsumer}. */
        public static Entry decode(long seq, ByteBuffer payload) {
            java.time.Instant at = java.time.Instant.ofEpochMilli(payload.getLong());
            return new Entry(seq, EventCodec.decode(payload), at);
        }
    }

    /** Decodes every record from {@code fromSeq} (for tests and small tails). */
    public List<Entry> readAll(long fromSeq) throws IOException {
        List<Entry> out = new ArrayList<>();
        read(fromSeq, (seq, p) -> out.add(Entry.decode(seq, p)));
        return out;
    }
}
