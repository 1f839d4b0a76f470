package org.openueba.event;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Parses the timestamp spellings found in security logs into an {@link Instant}:
 * <ul>
 *   <li>ISO-8601 with offset or {@code Z} ({@code 2024-04-19T10:00:00.123Z},
 *       {@code 2024-04-19 10:00:00+02:00});</li>
 *   <li>ISO-8601 local date-time without offset, read in the given zone;</li>
 *   <li>epoch seconds with an optional fraction ({@code 1713484800.123456}, Zeek) and epoch
 *       milliseconds (13 digits or more).</li>
 * </ul>
 */
public final class Timestamps {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(LOCAL)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /** Parses with UTC for local date-times. */
    public static Instant parse(String text) {
        return parse(text, ZoneOffset.UTC);
    }

    /**
     * Parses {@code text}; a date-time without offset is read in {@code zone}.
     *
     * @throws InvalidRecordException with the offending text when nothing matches
     */
    public static Instant parse(String text, ZoneId zone) {
        String t = text.strip();
        if (t.isEmpty()) throw new InvalidRecordException("time: missing");
        try {
            char c0 = t.charAt(0);
            if (isNumeric(t)) {
                return epoch(t);
            }
            if (c0 >= '0' && c0 <= '9' && t.length() >= 10 && t.charAt(4) == '-') {
                if (t.length() == 10) {
                    return LocalDate.parse(t).atStartOfDay(zone).toInstant();
                }
                var parsed = OFFSET.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
                if (parsed instanceof OffsetDateTime) return ((OffsetDateTime) parsed).toInstant();
                return ((LocalDateTime) parsed).atZone(zone).toInstant();
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            // fall through to the error below
        }
        throw new InvalidRecordException("time: '" + Texts.printable(t, 40)
                + "' is not a timestamp (expected ISO-8601 or epoch seconds/milliseconds)");
    }

    private static boolean isNumeric(String t) {
        int dots = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                if (++dots > 1) return false;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return t.charAt(0) != '.';
    }

    private static Instant epoch(String t) {
        int dot = t.indexOf('.');
        String whole = dot < 0 ? t : t.substring(0, dot);
        if (dot < 0 && whole.length() >= 13) {
            return Instant.ofEpochMilli(Long.parseLong(whole));
        }
        if (dot < 0) {
            return Instant.ofEpochSecond(Long.parseLong(whole));
        }
        BigDecimal seconds = new BigDecimal(t);
        long s = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(s)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(s, nanos);
    }

    /** Microsecond precision is what the stores keep; this truncates accordingly. */
    public static Instant toMicros(Instant t) {
        return t.with(ChronoField.NANO_OF_SECOND, (t.getNano() / 1000) * 1000L);
    }
}
