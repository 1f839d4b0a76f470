package org.openueba.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The event ids the streaming merge has handed on, each with the input it came from: an exact set
 * (ids are compared character by character, never by hash alone) kept compactly, because it grows
 * with every distinct id of the replay. Each id's characters are copied into large byte arrays
 * (one byte per character when all are below U+0100, else two) behind a 3-byte header (input,
 * length and width), 8-byte aligned; an open-addressing table of longs (hash in the high 32 bits,
 * position in the low 32, at most three quarters full) finds them. About 40 bytes per id of 30-40
 * ASCII characters plus 11 to 21 bytes of table, against some 130 for a {@code HashMap<String, Integer>} that keeps the id strings
 * and a node per entry — and no object per id, so nothing for the garbage collector to copy.
 * Not thread-safe. Pure Java.
 */
final class SeenIds {
    /** The most inputs: the input is stored in one byte. */
    static final int MAX_INPUTS = 256;
    /** The longest id: its length and width are stored in 15 bits and a flag. */
    static final int MAX_LENGTH = 0x7fff;

    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int HEADER = 3;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk;
    /** Where the next record goes, as a position (chunk index << CHUNK_BITS | offset), always a multiple of 8. */
    private long next;
    private long[] table = new long[1 << 10];
    private int size;

    SeenIds() {
        chunk = new byte[CHUNK];
        chunks.add(chunk);
        next = 8; // position 0 stays unused: a table slot of 0 is empty
    }

    /** Ids held. */
    int size() {
        return size;
    }

    /** Bytes held by the arrays (ids and table). */
    long bytes() {
        return (long) chunks.size() * CHUNK + 8L * table.length;
    }

    /**
     * Adds {@code id} as coming from {@code input} unless it is held already.
     *
     * @return -1 when added, else the input the id was first added with
     */
    int putIfAbsent(String id, int input) {
        if (input < 0 || input >= MAX_INPUTS) throw new IllegalArgumentException("input " + input + " is not 0.." + (MAX_INPUTS - 1));
        int hash = id.hashCode();
        int mask = table.length - 1;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == 0) break;
            if ((int) (slot >>> 32) == hash) {
                long at = (slot & 0xffffffffL) << 3;
                if (matches(at, id)) return chunks.get((int) (at >>> CHUNK_BITS))[(int) (at & (CHUNK - 1))] & 0xff;
            }
        }
        long at = append(id, input);
        insert(((long) hash << 32) | (at >>> 3));
        if (++size > table.length / 4 * 3) grow();
        return -1;
    }

    private static int mix(int h) {
        h *= 0x9e3779b9;
        return h ^ (h >>> 16);
    }

    private boolean matches(long at, String id) {
        byte[] c = chunks.get((int) (at >>> CHUNK_BITS));
        int o = (int) (at & (CHUNK - 1));
        int header = (c[o + 1] & 0xff) << 8 | c[o + 2] & 0xff;
        int length = header & MAX_LENGTH;
        if (length != id.length()) return false;
        o += HEADER;
        if ((header & 0x8000) == 0) {
            for (int k = 0; k < length; k++) {
                if ((c[o + k] & 0xff) != id.charAt(k)) return false;
            }
        } else {
            for (int k = 0; k < length; k++) {
                if ((char) ((c[o + 2 * k] & 0xff) << 8 | c[o + 2 * k + 1] & 0xff) != id.charAt(k)) return false;
            }
        }
        return true;
    }

    /** Copies the record into the arrays; returns its position. */
    private long append(String id, int input) {
        int length = id.length();
        if (length > MAX_LENGTH) throw new IllegalArgumentException("an id longer than " + MAX_LENGTH + " characters");
        boolean wide = false;
        for (int k = 0; k < length && !wide; k++) wide = id.charAt(k) > 0xff;
        int bytes = HEADER + (wide ? 2 * length : length);
        int o = (int) (next & (CHUNK - 1));
        if ((next >>> CHUNK_BITS) != chunks.size() - 1 || o + bytes > CHUNK) { // the chunk is full, or exactly
            chunk = new byte[CHUNK];
            chunks.add(chunk);
            next = (long) (chunks.size() - 1) << CHUNK_BITS;
            o = 0;
        }
        long at = next;
        chunk[o] = (byte) input;
        int header = length | (wide ? 0x8000 : 0);
        chunk[o + 1] = (byte) (header >>> 8);
        chunk[o + 2] = (byte) header;
        o += HEADER;
        if (!wide) {
            for (int k = 0; k < length; k++) chunk[o + k] = (byte) id.charAt(k);
        } else {
            for (int k = 0; k < length; k++) {
                char ch = id.charAt(k);
                chunk[o + 2 * k] = (byte) (ch >>> 8);
                chunk[o + 2 * k + 1] = (byte) ch;
            }
        }
        next = at + ((bytes + 7) & ~7);
        if ((next >>> 3) > 0xffffffffL) throw new IllegalStateException("more ids than the set can hold (32 GB)");
        return at;
    }

    private void insert(long slot) {
        int mask = table.length - 1;
        int i = mix((int) (slot >>> 32)) & mask;
        while (table[i] != 0) i = (i + 1) & mask;
        table[i] = slot;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        for (long slot : old) {
            if (slot != 0) insert(slot);
        }
    }
}
