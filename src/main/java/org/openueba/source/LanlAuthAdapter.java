package org.openueba.source;

import java.time.DateTimeException;
import java.time.Instant;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Outcome;

/**
 * Reads the LANL "Comprehensive, Multi-Source Cyber-Security Events" authentication records:
 * {@code auth.txt} ({@code time,src_user@domain,dst_user@domain,src_computer,dst_computer,
 * auth_type,logon_type,orientation,success}) and the 4-column {@code redteam.txt}
 * ({@code time,user@domain,src_computer,dst_computer}). {@code time} is seconds since an
 * anonymised epoch, placed after the {@code base-time} option. {@code ?} means absent.
 */
final class LanlAuthAdapter extends LineAdapter {
    static final String DEFAULT_BASE_TIME = "2015-01-01T00:00:00Z";
    private final Instant base;
    private final Columns columns = new Columns();

    LanlAuthAdapter(SourceProfile profile, AdapterLimits limits) {
        super(profile, limits);
        String b = profile.option("base-time", DEFAULT_BASE_TIME);
        try {
            base = Instant.parse(b);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("source " + profile.name() + ": option base-time must be an ISO instant such as "
                    + DEFAULT_BASE_TIME + ", was '" + b + "'");
        }
    }

    @Override
    protected Event.Builder parse(long line, String text, boolean terminated, RecordListener listener) {
        if (!columns.split(text, ",", limits.maxFields())) throw Records.tooManyFields(limits);
        int n = columns.size();
        if (n != 9 && n != 4) {
            throw new InvalidRecordException("expected 9 columns (auth.txt) or 4 (redteam.txt), found " + n);
        }
        Event.Builder b = Event.builder().kind(EventKind.AUTHENTICATION);
        long seconds = Records.parseCount("time", columns.get(0).strip());
        Instant time;
        try {
            time = base.plusSeconds(seconds);
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidRecordException("time: " + seconds + " seconds after the base time is out of range");
        }
        b.time(time);
        String srcUser = value(columns.get(1));
        if (srcUser == null) throw new InvalidRecordException("src_user: missing");
        int at = srcUser.lastIndexOf('@');
        if (at >= 0) {
            b.attribute("domain", srcUser.substring(at + 1));
            srcUser = srcUser.substring(0, at);
        }
        if (srcUser.isBlank()) throw new InvalidRecordException("src_user: missing");
        b.entity(srcUser);
        if (n == 4) {
            b.srcHost(value(columns.get(2)));
            b.dstHost(value(columns.get(3)));
            return b;
        }
        b.attribute("dst_user", value(columns.get(2)));
        b.srcHost(value(columns.get(3)));
        b.dstHost(value(columns.get(4)));
        b.attribute("auth_type", value(columns.get(5)));
        b.attribute("logon_type", value(columns.get(6)));
        b.action(value(columns.get(7)));
        String s = value(columns.get(8));
        if (s != null) {
            if (s.equalsIgnoreCase("success")) b.outcome(Outcome.SUCCESS);
            else if (s.equalsIgnoreCase("fail")) b.outcome(Outcome.FAILURE);
            else throw new InvalidRecordException("success: " + Records.quote(s) + " is not Success or Fail");
        }
        return b;
    }

    private static String value(String v) {
        String t = v.strip();
        return t.isEmpty() || t.equals("?") ? null : t;
    }
}
