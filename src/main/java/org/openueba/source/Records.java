package org.openueba.source;

import org.openueba.event.Event;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Texts;

/** Reject reasons and record checks shared by the adapters. */
final class Records {
    private Records() {
    }

    static String tooLong(AdapterLimits limits) {
        return "line longer than " + limits.maxLineLength() + " characters";
    }

    /** Longest reject reason, in characters: a reason quotes at most short pieces of the record. */
    static final int MAX_REASON = 300;

    /**
     * The message of {@code e} as a reject reason: control characters replaced and at most
     * {@value #MAX_REASON} characters (with the ellipsis of a cut), whatever untrusted text (a JSON
     * key, a value) it quotes.
     */
    static String reason(InvalidRecordException e) {
        return Texts.printable(e.getMessage(), MAX_REASON - 1);
    }

    static String unexpected() {
        return "malformed record: it could not be parsed";
    }

    static InvalidRecordException tooManyFields(AdapterLimits limits) {
        return new InvalidRecordException("record has more than " + limits.maxFields() + " fields (the limit)");
    }

    /** A quoted, printable, shortened rendering of untrusted text for a reason. */
    static String quote(String s) {
        return "'" + Texts.printable(s, 60) + "'";
    }

    /**
     * Throws naming the first of time, entity, kind that is missing, or lat/lon when only one of
     * them is set. The entity may be missing when the profile names an {@code entityField}: the
     * pipeline fills it from that field.
     */
    static void requireCore(Event.Builder b, SourceProfile profile) {
        if (b.time() == null) throw new InvalidRecordException("time: missing");
        // with an entityField the normaliser takes the entity from that field (or rejects the record)
        if (b.entity() == null && profile.entityField() == null) throw new InvalidRecordException("entity: missing");
        if (b.kind() == null) throw new InvalidRecordException("kind: missing");
        b.checkCoordinates();
    }

    /** Whole non-negative number or an exception naming {@code field}. */
    static long parseCount(String field, String text) {
        int n = text.length();
        if (n == 0 || n > 18) throw notWhole(field, text);
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw notWhole(field, text);
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static InvalidRecordException notWhole(String field, String text) {
        return new InvalidRecordException(field + ": " + quote(text) + " is not a whole number");
    }

    /** A finite decimal number or an exception naming {@code field}. */
    static double parseNumber(String field, String text) {
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRecordException(field + ": " + quote(text) + " is not a number");
    }
}
