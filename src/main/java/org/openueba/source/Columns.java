package org.openueba.source;

import java.util.Arrays;

/**
 * The columns of one delimited line without quoting (LANL, Zeek TSV), split without regex into a
 * reused array. Not thread-safe; one instance per stream.
 */
final class Columns {
    private String[] values = new String[16];
    private int count;

    /**
     * Splits {@code line} at every {@code separator}. Returns false, leaving the columns
     * unusable, when there are more than {@code max} columns.
     */
    boolean split(String line, String separator, int max) {
        count = 0;
        int start = 0;
        int sepLen = separator.length();
        while (true) {
            int at = sepLen == 1 ? line.indexOf(separator.charAt(0), start) : line.indexOf(separator, start);
            if (count >= max) {
                count++;
                return false;
            }
            if (count == values.length) values = Arrays.copyOf(values, count * 2);
            if (at < 0) {
                values[count++] = line.substring(start);
                return true;
            }
            values[count++] = line.substring(start, at);
            start = at + sepLen;
        }
    }

    int size() {
        return count;
    }

    String get(int i) {
        return values[i];
    }

    /** Number of separators plus one, counted without splitting. */
    static int count(String line, char separator) {
        int n = 1;
        for (int i = 0; i < line.length(); i++) if (line.charAt(i) == separator) n++;
        return n;
    }
}
