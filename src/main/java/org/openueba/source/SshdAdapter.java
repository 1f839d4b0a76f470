package org.openueba.source;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.IpAddresses;
import org.openueba.event.Outcome;
import org.openueba.event.Timestamps;

/**
 * Reads OpenSSH login events from syslog lines ({@code auth.log}, {@code secure}).
 *
 * <p>Header: a BSD timestamp {@code Mmm dd HH:mm:ss} (the year comes from option {@code year};
 * without it the current UTC year is used, or the previous one when that would put the event more
 * than two days in the future, so replays of old logs must set {@code year}), or an ISO-8601
 * timestamp; an optional {@code <PRI>} and RFC 5424 version {@code 1} are skipped; then host and
 * {@code program[pid]:}. Events: {@code Accepted}, {@code Failed} (also for an invalid user) and
 * {@code Invalid user}, also inside {@code message repeated N times: [ ... ]}. Every other syslog
 * line is skipped; a line that is not syslog is rejected, except a cut-off last line without a
 * line terminator, which is skipped.
 */
final class SshdAdapter extends LineAdapter {
    private static final Duration FUTURE_SLACK = Duration.ofDays(2);
    private final ZoneId zone;
    private final Integer year;
    private final Clock clock;
    private final boolean entityIsIp;
    private int pos;

    SshdAdapter(SourceProfile profile, AdapterLimits limits, Clock clock) {
        super(profile, limits);
        this.zone = profile.timeZone();
        this.clock = clock;
        String y = profile.option("year", null);
        try {
            year = y == null ? null : Integer.valueOf(y.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("source " + profile.name() + ": option year must be a year such as 2015, was '" + y + "'");
        }
        entityIsIp = choice("entity", "user", "user", "srcIp").equals("srcIp");
    }

    @Override
    protected Event.Builder parse(long line, String s, boolean terminated, RecordListener listener) {
        pos = 0;
        Instant time;
        String host;
        String program;
        try {
            time = header(s);
            host = word(s);
            String tag = word(s);
            if (host == null || tag == null || !tag.endsWith(":")) throw new DateTimeException("tag");
            int bracket = tag.indexOf('[');
            program = tag.substring(0, bracket < 0 ? tag.length() - 1 : bracket);
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            if (!terminated) {
                listener.skip(line, "incomplete last line (no line terminator)");
                return null;
            }
            throw new InvalidRecordException("line: not a syslog line (expected 'Mmm dd HH:mm:ss host program[pid]: message')");
        }
        if (!program.equals("sshd") && !program.startsWith("sshd-")) {
            listener.skip(line, "not an sshd message (" + program + ")");
            return null;
        }
        String msg = s.substring(Math.min(pos, s.length()));
        long repeated = 0;
        String repeatedPrefix = "message repeated ";
        if (msg.startsWith(repeatedPrefix)) {
            // searched after the prefix: in "message repeated times: [" it would end before the count starts
            int times = msg.indexOf(" times: [", repeatedPrefix.length());
            if (times > 0) {
                repeated = Records.parseCount("repeated", msg.substring(repeatedPrefix.length(), times));
                msg = msg.substring(times + " times: [".length()).strip();
                if (msg.endsWith("]")) msg = msg.substring(0, msg.length() - 1).strip();
            }
        }
        Event.Builder b = event(msg);
        if (b == null) {
            listener.skip(line, "sshd message without a login event");
            return null;
        }
        b.time(time).dstHost(host).kind(EventKind.AUTHENTICATION);
        if (repeated > 0) b.metric("repeated", repeated);
        return b;
    }

    /** The event of an sshd message, or null when it is not a login event. */
    private Event.Builder event(String m) {
        String method = null;
        String rest;
        String action;
        Outcome outcome;
        boolean invalid = false;
        if (m.startsWith("Accepted ") || m.startsWith("Failed ")) {
            boolean ok = m.charAt(0) == 'A';
            int methodStart = ok ? 9 : 7;
            int forAt = m.indexOf(" for ", methodStart);
            if (forAt <= methodStart) return null;
            method = m.substring(methodStart, forAt);
            if (method.indexOf(' ') >= 0) return null;
            rest = m.substring(forAt + 5);
            if (rest.startsWith("invalid user ")) {
                invalid = true;
                rest = rest.substring("invalid user ".length());
            }
            action = ok ? "accepted" : "failed";
            outcome = ok ? Outcome.SUCCESS : Outcome.FAILURE;
        } else if (m.startsWith("Invalid user ")) {
            rest = m.substring("Invalid user ".length());
            invalid = true;
            action = "invalid user";
            outcome = Outcome.FAILURE;
        } else {
            return null;
        }
        // rest = "USER from ADDRESS[ port N[ ...]]"; the user may be empty or contain spaces
        int from = rest.lastIndexOf(" from ");
        String user;
        if (from >= 0) {
            user = rest.substring(0, from).strip();
        } else if (rest.startsWith("from ")) {
            user = "";
            from = -1;
        } else {
            return null;
        }
        String tail = rest.substring(from + 6);
        int sp = tail.indexOf(' ');
        String address = sp < 0 ? tail : tail.substring(0, sp);
        if (address.isEmpty()) return null;
        String port = null;
        if (sp >= 0 && tail.startsWith("port ", sp + 1)) {
            int p0 = sp + 6;
            int p1 = p0;
            while (p1 < tail.length() && Character.isDigit(tail.charAt(p1))) p1++;
            if (p1 > p0) port = tail.substring(p0, p1);
        }
        Event.Builder b = Event.builder().action(action).outcome(outcome);
        boolean ip = isIp(address);
        if (ip) b.srcIp(address);
        else b.srcHost(address);
        if (entityIsIp || user.isEmpty()) {
            b.entity(ip ? b.get(org.openueba.event.Field.SRC_IP) : address);
            if (user.isEmpty()) b.attribute("empty_user", "true");
        } else {
            b.entity(user);
        }
        b.attribute("user", user);
        b.attribute("method", method);
        b.attribute("port", port);
        if (invalid) b.attribute("invalid_user", "true");
        return b;
    }

    private static boolean isIp(String a) {
        try {
            IpAddresses.parse("address", a);
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    private Instant header(String s) {
        if (s.charAt(0) == '<') {
            int gt = s.indexOf('>');
            if (gt < 2 || gt > 4) throw new DateTimeException("pri");
            pos = gt + 1;
            if (s.startsWith("1 ", pos)) pos += 2;
        }
        char c = s.charAt(pos);
        if (c >= '0' && c <= '9') {
            String ts = word(s);
            try {
                return Timestamps.parse(ts, zone);
            } catch (InvalidRecordException e) {
                throw new DateTimeException("iso");
            }
        }
        int month = AccessLogAdapter.monthNumber(s.substring(pos, pos + 3));
        if (month < 0 || s.charAt(pos + 3) != ' ') throw new DateTimeException("month");
        pos += 4;
        if (s.charAt(pos) == ' ') pos++;
        int day = 0;
        int digits = 0;
        while (Character.isDigit(s.charAt(pos)) && digits < 2) {
            day = day * 10 + (s.charAt(pos++) - '0');
            digits++;
        }
        if (digits == 0 || s.charAt(pos) != ' ') throw new DateTimeException("day");
        pos++;
        if (s.length() < pos + 9 || s.charAt(pos + 2) != ':' || s.charAt(pos + 5) != ':' || s.charAt(pos + 8) != ' ') {
            throw new DateTimeException("time");
        }
        int h = two(s, pos), mi = two(s, pos + 3), se = two(s, pos + 6);
        pos += 9;
        if (year != null) {
            return LocalDateTime.of(year, month, day, h, mi, se).atZone(zone).toInstant();
        }
        Instant now = clock.instant();
        int y = now.atZone(ZoneOffset.UTC).getYear();
        Instant t;
        try {
            t = LocalDateTime.of(y, month, day, h, mi, se).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            t = null; // 29 February in a non-leap year: try the previous year below
        }
        if (t == null || t.isAfter(now.plus(FUTURE_SLACK))) {
            t = LocalDateTime.of(y - 1, month, day, h, mi, se).atZone(zone).toInstant();
        }
        return t;
    }

    private static int two(String s, int at) {
        char a = s.charAt(at), b = s.charAt(at + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') throw new DateTimeException("digit");
        return (a - '0') * 10 + (b - '0');
    }

    /** The next space-delimited word, or null at the end of the line. */
    private String word(String s) {
        if (pos >= s.length()) return null;
        int end = s.indexOf(' ', pos);
        if (end < 0) end = s.length();
        String w = s.substring(pos, end);
        pos = Math.min(end + 1, s.length());
        return w.isEmpty() ? null : w;
    }
}
