package org.openueba.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV records per RFC 4180: fields separated by a delimiter, optionally enclosed in double
 * quotes; inside quotes the delimiter and line breaks are data and {@code ""} is one quote. A
 * quoted field may span physical lines: {@link #begin} returns false while a quote is open and
 * the caller feeds further lines with {@link #more}. Lenient where RFC 4180 is silent: a quote
 * inside an unquoted field and text after a closing quote are kept as data.
 * Not thread-safe; one instance per stream.
 */
public final class CsvRecordParser {
    private final char delimiter;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean inQuotes;
    private boolean quoted;

    public CsvRecordParser(char delimiter) {
        this.delimiter = delimiter;
    }

    /** Starts a record with its first line; true when the record is complete. */
    public boolean begin(String line) {
        fields.clear();
        field.setLength(0);
        inQuotes = false;
        quoted = false;
        return scan(line);
    }

    /** Adds the next physical line to a record whose quoted field is still open. */
    public boolean more(String line) {
        field.append('\n');
        return scan(line);
    }

    /** Whether the record ended inside a quoted field. */
    public boolean open() {
        return inQuotes;
    }

    /** The fields of the completed record (a reused list). */
    public List<String> fields() {
        return fields;
    }

    private boolean scan(String line) {
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                quoted = false;
            } else if (c == '"' && field.length() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else {
                // unquoted data (a quote here is data too): everything up to the next delimiter at once
                int j = line.indexOf(delimiter, i + 1);
                if (j < 0) j = n;
                field.append(line, i, j);
                i = j - 1;
            }
        }
        if (inQuotes) return false;
        fields.add(field.toString());
        field.setLength(0);
        return true;
    }
}
