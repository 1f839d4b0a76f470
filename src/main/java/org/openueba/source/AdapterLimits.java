package org.openueba.source;

/**
 * Per-record limits applied while reading.
 *
 * @param maxLineLength longest accepted physical line (or JSON element), in characters; at least 64
 * @param maxFields     most fields (columns, JSON members, attributes) one record may have; at least 8
 * @param maxDepth      deepest nesting of objects and arrays in one JSON record (a flat object is 1);
 *                      at least 4 (ECS nests {@code source.geo.location} four deep)
 */
public record AdapterLimits(int maxLineLength, int maxFields, int maxDepth) {
    /** Default nesting limit: far beyond any real event format, far below what would cost anything. */
    public static final int DEFAULT_MAX_DEPTH = 32;
    public static final AdapterLimits DEFAULT = new AdapterLimits(65_536, 256);

    public AdapterLimits {
        if (maxLineLength < 64) throw new IllegalArgumentException("maxLineLength must be >= 64, was " + maxLineLength);
        if (maxFields < 8) throw new IllegalArgumentException("maxFields must be >= 8, was " + maxFields);
        if (maxDepth < 4) throw new IllegalArgumentException("maxDepth must be >= 4, was " + maxDepth);
    }

    /** Limits with the default nesting depth {@value #DEFAULT_MAX_DEPTH}. */
    public AdapterLimits(int maxLineLength, int maxFields) {
        this(maxLineLength, maxFields, DEFAULT_MAX_DEPTH);
    }
}
