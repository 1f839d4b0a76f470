package org.openueba.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.IpAddresses;
import org.openueba.event.Outcome;

/**
 * Reads Apache/Nginx access logs in the combined
 * ({@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"}) and common
 * ({@code %h %l %u %t "%r" %>s %b}) formats, with hand-written scanning. Quoted fields may
 * contain {@code \"} and {@code \\}; anything after the user agent is ignored. A request line that
 * is not {@code METHOD TARGET PROTOCOL} (such as {@code "-"} or binary junk) is kept in
 * attribute {@code request}.
 */
final class AccessLogAdapter extends LineAdapter {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private final boolean entityIsUser;
    private final StringBuilder quoted = new StringBuilder();
    private int pos;

    AccessLogAdapter(SourceProfile profile, AdapterLimits limits) {
        super(profile, limits);
        entityIsUser = choice("entity", "client", "client", "user").equals("user");
    }

    @Override
    protected Event.Builder parse(long line, String s, boolean terminated, RecordListener listener) {
        pos = 0;
        String host = token(s, "host");
        token(s, "ident");
        String user = token(s, "user");
        Instant time = time(s);
        expect(s, ' ', "request");
        String request = quoted(s, "request", false);
        expect(s, ' ', "status");
        String statusText = token(s, "status");
        if (statusText.length() != 3) throw new InvalidRecordException("status: " + Records.quote(statusText) + " is not a 3-digit HTTP status");
        long status = Records.parseCount("status", statusText);
        String bytesText = pos < s.length() ? token(s, "bytes") : null;
        if (bytesText == null) throw new InvalidRecordException("bytes: missing");
        String referrer = null;
        String agent = null;
        if (pos < s.length()) {
            referrer = quoted(s, "referrer", false);
            if (pos < s.length()) {
                expect(s, ' ', "user agent");
                agent = quoted(s, "user agent", true);
            }
        }

        Event.Builder b = Event.builder().kind(EventKind.WEB_REQUEST).time(time);
        boolean hasUser = !user.equals("-");
        if (entityIsUser) {
            if (!hasUser) {
                listener.skip(line, "no authenticated user (%u is '-') and the entity is the user");
                return null;
            }
            b.entity(user);
        } else {
            b.entity(host);
        }
        if (isIp(host)) b.srcIp(host);
        else b.srcHost(host);
        if (hasUser) b.attribute("user", user);
        request(b, request);
        b.attribute("status", statusText);
        b.outcome(status < 400 ? Outcome.SUCCESS : Outcome.FAILURE);
        if (!bytesText.equals("-")) b.bytes(Records.parseCount("bytes", bytesText));
        if (referrer != null && !referrer.equals("-")) b.attribute("referrer", referrer);
        if (agent != null && !agent.equals("-")) b.userAgent(agent);
        return b;
    }

    private static boolean isIp(String host) {
        char c = host.charAt(0);
        if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '[')) return false;
        try {
            IpAddresses.parse("host", host);
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    /** METHOD TARGET [PROTOCOL] when it looks like one, else the whole text as attribute request. */
    private static void request(Event.Builder b, String r) {
        int sp1 = r.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : r.indexOf(' ', sp1 + 1);
        boolean methodOk = sp1 > 0 && sp1 <= 20;
        for (int i = 0; methodOk && i < sp1; i++) {
            char c = r.charAt(i);
            methodOk = (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
        }
        String target = !methodOk ? null : sp2 < 0 ? r.substring(sp1 + 1) : r.substring(sp1 + 1, sp2);
        String protocol = sp2 < 0 ? null : r.substring(sp2 + 1);
        boolean protoOk = protocol == null || (protocol.startsWith("HTTP/") && protocol.indexOf(' ') < 0);
        if (methodOk && protoOk && !target.isEmpty() && target.indexOf(' ') < 0) {
            b.action(r.substring(0, sp1));
            b.attribute("url", target);
            b.attribute("protocol", protocol);
        } else {
            b.attribute("request", r.length() > 1024 ? r.substring(0, 1024) : r);
        }
    }

    private String token(String s, String field) {
        int start = pos;
        int end = s.indexOf(' ', start);
        if (end < 0) end = s.length();
        if (end == start) throw new InvalidRecordException(field + ": missing");
        pos = end < s.length() ? end + 1 : end;
        return s.substring(start, end);
    }

    private void expect(String s, char c, String field) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return;
        }
        throw new InvalidRecordException(field + ": missing");
    }

    /**
     * A quoted string starting at {@code pos}. With {@code toEnd}, a missing closing quote (seen
     * in real logs, where the user agent is the cut-off last field) takes the rest of the line.
     */
    private String quoted(String s, String field, boolean toEnd) {
        if (pos >= s.length() || s.charAt(pos) != '"') throw new InvalidRecordException(field + ": expected a quoted string");
        quoted.setLength(0);
        for (int i = pos + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                quoted.append(s.charAt(++i));
            } else if (c == '"') {
                pos = i + 1;
                return quoted.toString();
            } else {
                quoted.append(c);
            }
        }
        if (toEnd) {
            pos = s.length();
            return quoted.toString();
        }
        throw new InvalidRecordException(field + ": closing quote missing");
    }

    /** {@code [dd/MMM/yyyy:HH:mm:ss +hhmm]} followed by nothing or a space (consumed by the caller). */
    private Instant time(String s) {
        int start = pos;
        int end = s.indexOf(']', start);
        if (start >= s.length() || s.charAt(start) != '[' || end < 0) {
            throw new InvalidRecordException("time: expected [dd/MMM/yyyy:HH:mm:ss +zzzz]");
        }
        String t = s.substring(start + 1, end);
        pos = end + 1;
        try {
            if (t.length() != 26 || t.charAt(2) != '/' || t.charAt(6) != '/' || t.charAt(11) != ':' || t.charAt(14) != ':'
                    || t.charAt(17) != ':' || t.charAt(20) != ' ') {
                throw new DateTimeException("layout");
            }
            int day = num(t, 0, 2);
            int month = month(t.substring(3, 6));
            int year = num(t, 7, 11);
            LocalDateTime local = LocalDateTime.of(year, month, day, num(t, 12, 14), num(t, 15, 17), num(t, 18, 20));
            char sign = t.charAt(21);
            if (sign != '+' && sign != '-') throw new DateTimeException("offset");
            int minutes = num(t, 22, 24) * 60 + num(t, 24, 26);
            ZoneOffset off = ZoneOffset.ofTotalSeconds((sign == '-' ? -minutes : minutes) * 60);
            return local.toInstant(off);
        } catch (DateTimeException e) {
            throw new InvalidRecordException("time: " + Records.quote(t) + " is not dd/MMM/yyyy:HH:mm:ss +zzzz");
        }
    }

    private static int num(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') throw new DateTimeException("digit");
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int month(String m) {
        String l = m.toLowerCase(Locale.ROOT);
        for (int i = 0; i < 12; i++) if (MONTHS[i].equals(l)) return i + 1;
        throw new DateTimeException("month");
    }

    static int monthNumber(String m) {
        try {
            return month(m);
        } catch (DateTimeException e) {
            return -1;
        }
    }
}
