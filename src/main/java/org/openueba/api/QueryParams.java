package org.openueba.api;

import org.openueba.event.InvalidRecordException;
import org.openueba.event.Texts;
import org.openueba.event.Timestamps;

import java.time.Instant;

/** Parsing of query parameters shared by the API resources; bad values become 400 problems naming the parameter. */
public final class QueryParams {
    private QueryParams() {
    }

    /** Null for a missing or blank parameter, else the value. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * An ISO-8601 time or epoch seconds; null when missing or blank.
     *
     * @throws ProblemException 400 naming {@code name} when the value is not a time
     */
    public static Instant time(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Timestamps.parse(value);
        } catch (InvalidRecordException e) {
            throw ProblemException.badRequest(name + ": '" + Texts.printable(value, 40)
                    + "' is not an ISO-8601 time or epoch seconds");
        }
    }
}
