package org.openueba.model;

import java.util.Arrays;

/**
 * Interns the values of the categorical features (host names, IP addresses, countries…) as small
 * integers, once for the whole organisation, so that per-entity state holds 4-byte ids instead of
 * strings. Ids are dense and assigned in first-seen order, which the deterministic event order makes
 * reproducible. Not thread-safe (the engine is single-threaded).
 *
 * <p>An open-addressing table (linear probing, at most half full) of (hash, id + 1) pairs in one
 * {@code int[]}, and the values by id: about 20 bytes per value besides the string itself, and a
 * look-up reads the table slot and the stored string only (no map node, no boxed id). Values can be
 * looked up by any {@link CharSequence} with the same characters (a derived value such as "city,
 * country" is then built only when it is new).
 */
public final class ValueDictionary {
    private String[] values = new String[8];
    private int size;
    /** Slot i: table[2i] = the value's hash, table[2i + 1] = id + 1 (0 = empty). */
    private int[] table = new int[32];

    /** The id of {@code value}, assigning the next one when it is new. */
    public int intern(String value) {
        int h = value.hashCode();
        int mask = (table.length >> 1) - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int id = table[2 * i + 1] - 1;
            if (id < 0) return add(value, h, i);
            if (table[2 * i] == h && values[id].equals(value)) return id;
        }
    }

    /** {@link #intern(String)} of {@code value.toString()}, without building the string unless it is new. */
    public int intern(CharSequence value) {
        int h = hash(value);
        int mask = (table.length >> 1) - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int id = table[2 * i + 1] - 1;
            if (id < 0) return add(value.toString(), h, i);
            if (table[2 * i] == h && values[id].contentEquals(value)) return id;
        }
    }

    /** {@link #intern(String)} of {@code a + sep + b}, without building the string unless it is new. */
    public int intern(String a, String sep, String b) {
        // String.hashCode of the concatenation from the parts' (cached) hashes: h(xy) = h(x)·31^|y| + h(y)
        int h = (a.hashCode() * pow31(sep.length()) + sep.hashCode()) * pow31(b.length()) + b.hashCode();
        int len = a.length() + sep.length() + b.length();
        int mask = (table.length >> 1) - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int id = table[2 * i + 1] - 1;
            if (id < 0) return add(a + sep + b, h, i);
            if (table[2 * i] == h) {
                String v = values[id];
                if (v.length() == len && v.startsWith(a) && v.startsWith(sep, a.length()) && v.endsWith(b)) return id;
            }
        }
    }

    /** 31^n for n below {@link #POW31}'s length, wrapping as {@code int} arithmetic does (most values are shorter). */
    private static final int[] POW31 = new int[128];

    static {
        POW31[0] = 1;
        for (int i = 1; i < POW31.length; i++) POW31[i] = POW31[i - 1] * 31;
    }

    /** 31^n in {@code int} arithmetic (what String.hashCode's recurrence multiplies by over n characters). */
    static int pow31(int n) {
        if (n < POW31.length) return POW31[n];
        int p = 1, b = 31; // square and multiply: longer values
        for (int e = n; e != 0; e >>>= 1, b *= b) if ((e & 1) != 0) p *= b;
        return p;
    }

    /** The id of {@code value}, or -1 when it was never interned. */
    public int find(String value) {
        int h = value.hashCode();
        int mask = (table.length >> 1) - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int id = table[2 * i + 1] - 1;
            if (id < 0) return -1;
            if (table[2 * i] == h && values[id].equals(value)) return id;
        }
    }

    public String value(int id) {
        if (id < 0 || id >= size) throw new IndexOutOfBoundsException("no value " + id + " (size " + size + ")");
        return values[id];
    }

    public int size() {
        return size;
    }

    /** String.hashCode of the characters. */
    static int hash(CharSequence s) {
        int h = 0;
        for (int i = 0, n = s.length(); i < n; i++) h = 31 * h + s.charAt(i);
        return h;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    private int add(String value, int h, int slot) {
        int id = size++;
        if (id == values.length) values = Arrays.copyOf(values, id + (id >> 1) + 1);
        values[id] = value;
        table[2 * slot] = h;
        table[2 * slot + 1] = id + 1;
        if (2 * size > table.length >> 1) rehash();
        return id;
    }

    private void rehash() {
        int[] old = table;
        table = new int[old.length * 2];
        int mask = (table.length >> 1) - 1;
        for (int j = 0; j < old.length; j += 2) {
            if (old[j + 1] == 0) continue;
            int i = spread(old[j]) & mask;
            while (table[2 * i + 1] != 0) i = (i + 1) & mask;
            table[2 * i] = old[j];
            table[2 * i + 1] = old[j + 1];
        }
    }
}
