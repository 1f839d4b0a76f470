package org.openueba.source;

/**
 * Per-record limits applied while reading.
 *
 * @param maxLineLength longest accepted physical line (or JSON element), in characters; at least 64
 * @param maxFields     most fields (columns, JSON members, attributes) one record may have; at least 8
 */
public record AdapterLimits(int maxLineLength, int maxFields) {
    public static final AdapterLimits DEFAULT = new AdapterLimits(65_536, 256);

    public AdapterLimits {
        if (maxLineLength < 64) throw new IllegalArgumentException("maxLineLength must be >= 64, was " + maxLineLength);
        if (maxFields < 8) throw new IllegalArgumentException("maxFields must be >= 8, was " + maxFields);
    }
}
