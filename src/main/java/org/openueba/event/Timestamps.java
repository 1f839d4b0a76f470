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
                Instant fast = common(t, zone);
                return fast != null ? fast : iso(t, zone);
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            // fall through to the error below
        }
        throw new InvalidRecordException("time: '" + Texts.printable(t, 40)
                + "' is not a timestamp (expected ISO-8601 or epoch seconds/milliseconds)");
    }

    /** ISO-8601 by the formatters: every spelling they accept. */
    static Instant iso(String t, ZoneId zone) {
        var parsed = OFFSET.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
        if (parsed instanceof OffsetDateTime) return ((OffsetDateTime) parsed).toInstant();
        return ((LocalDateTime) parsed).atZone(zone).toInstant();
    }

    /**
     * The spellings nearly every log uses, read by hand ({@link #iso}'s formatters cost about a
     * microsecond an event): {@code yyyy-MM-dd}, {@code T} or a space, {@code HH:mm}, optionally {@code :ss}
     * and a fraction of 1 to 9 digits, then {@code Z}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH} or no
     * offset. A valid date and time only (hour 0..23, a day the month has, an offset up to 18 hours); null
     * for anything else, which {@link #iso} then reads or rejects as before. Tested to agree with it.
     */
    static Instant common(String t, ZoneId zone) {
        int n = t.length();
        if (n < 16 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':') return null;
        char sep = t.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') return null;
        int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
        int hour = digits(t, 11, 2), minute = digits(t, 14, 2);
        if ((year | month | day | hour | minute) < 0 || hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1
                || day > java.time.Month.of(month).length(java.time.Year.isLeap(year))) {
            return null;
        }
        int i = 16, second = 0, nano = 0;
        if (i < n && t.charAt(i) == ':') {
            if (i + 3 > n || (second = digits(t, i + 1, 2)) < 0 || second > 59) return null;
            i += 3;
            if (i < n && t.charAt(i) == '.') {
                int from = ++i;
                while (i < n && i - from < 9 && t.charAt(i) >= '0' && t.charAt(i) <= '9') nano = nano * 10 + (t.charAt(i++) - '0');
                if (i == from || (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9')) return null;
                for (int k = i - from; k < 9; k++) nano *= 10;
            }
        }
        long local = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        if (i == n) {
            if (zone instanceof ZoneOffset o) return Instant.ofEpochSecond(local - o.getTotalSeconds(), nano);
            return LocalDateTime.of(year, month, day, hour, minute, second, nano).atZone(zone).toInstant();
        }
        char c = t.charAt(i);
        int offset;
        if ((c == 'Z' || c == 'z') && i + 1 == n) {
            offset = 0;
        } else if (c == '+' || c == '-') {
            int rest = n - i - 1, oh = rest >= 2 ? digits(t, i + 1, 2) : -1, om = 0;
            if (rest == 5 && t.charAt(i + 3) == ':') om = digits(t, i + 4, 2);
            else if (rest == 4) om = digits(t, i + 3, 2);
            else if (rest != 2) return null;
            if (oh < 0 || om < 0 || om > 59 || oh > 18 || (oh == 18 && om > 0)) return null;
            offset = (c == '-' ? -1 : 1) * (oh * 3_600 + om * 60);
        } else {
            return null;
        }
        return Instant.ofEpochSecond(local - offset, nano);
    }

    /** The {@code count} decimal digits at {@code from} as a number, or −1 when one is not a digit. */
    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
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
