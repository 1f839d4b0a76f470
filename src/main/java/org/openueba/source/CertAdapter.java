package org.openueba.source;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Outcome;

/**
 * Reads the CMU CERT insider-threat {@code logon.csv} ({@code id,date,user,pc,activity}) and
 * {@code device.csv} (r4 {@code id,date,user,pc,activity}, r6 {@code id,date,user,pc,file_tree,activity})
 * files. A header line ({@code id,date,...}) is optional; when present it fixes the column order
 * and may add a {@code device} column. Dates are {@code MM/dd/yyyy HH:mm:ss} in the profile zone.
 * A user {@code DOMAIN/USER} becomes entity {@code USER} with attribute {@code domain}.
 */
final class CertAdapter extends LineAdapter {
    private final boolean deviceFile;
    private final ZoneId zone;
    private final CsvRecordParser csv = new CsvRecordParser(',');
    private final Hours hours;
    // column indexes, -1 when absent; set from the header, or by column count without one
    private int id = -1, date = -1, user = -1, pc = -1, activity = -1, fileTree = -1, device = -1, width = -1;

    CertAdapter(SourceProfile profile, AdapterLimits limits, boolean deviceFile) {
        super(profile, limits);
        this.deviceFile = deviceFile;
        this.zone = profile.timeZone();
        this.hours = new Hours(zone);
    }

    @Override
    protected Event.Builder parse(long line, String text, boolean terminated, RecordListener listener) {
        if (!csv.begin(text)) throw new InvalidRecordException("unterminated quoted field");
        List<String> f = csv.fields();
        if (f.size() > limits.maxFields()) throw Records.tooManyFields(limits);
        if (f.size() >= 2 && f.get(0).strip().equalsIgnoreCase("id") && f.get(1).strip().equalsIgnoreCase("date")) {
            header(f);
            listener.skip(line, "header line");
            return null;
        }
        if (width < 0) {
            layoutByCount(f.size());
        } else if (f.size() != width) {
            throw new InvalidRecordException("expected " + width + " columns, found " + f.size());
        }
        Event.Builder b = Event.builder().kind(deviceFile ? EventKind.DEVICE : EventKind.AUTHENTICATION)
                .outcome(Outcome.SUCCESS);
        if (id >= 0) b.id(f.get(id).strip());
        b.time(hours.parse(f.get(date).strip()));
        String u = f.get(user).strip();
        int slash = u.indexOf('/');
        if (slash < 0) slash = u.indexOf('\\');
        if (slash >= 0) {
            b.attribute("domain", u.substring(0, slash));
            u = u.substring(slash + 1);
        }
        if (u.isEmpty()) throw new InvalidRecordException("user: missing");
        b.entity(u);
        b.dstHost(f.get(pc));
        b.action(action(f.get(activity).strip()));
        if (fileTree >= 0) b.attribute("file_tree", f.get(fileTree));
        if (device >= 0) b.device(f.get(device));
        return b;
    }

    private String action(String a) {
        if (deviceFile) {
            if (lowerEquals(a, "connect")) return "connect";
            if (lowerEquals(a, "disconnect")) return "disconnect";
            throw new InvalidRecordException("activity: " + Records.quote(a) + " is not Connect or Disconnect");
        }
        if (lowerEquals(a, "logon")) return "logon";
        if (lowerEquals(a, "logoff")) return "logoff";
        throw new InvalidRecordException("activity: " + Records.quote(a) + " is not Logon or Logoff");
    }

    /**
     * Whether {@code a} in lower case ({@link Locale#ROOT}) is {@code lower}, an ASCII lower-case word,
     * without making the lower-case string (one per record): only ASCII letters lower-case to ASCII
     * letters other than k (the Kelvin sign), which none of the words has.
     */
    static boolean lowerEquals(String a, String lower) {
        if (a.length() != lower.length()) return false;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != lower.charAt(i)) return false;
        }
        return true;
    }

    private void header(List<String> f) {
        id = date = user = pc = activity = fileTree = device = -1;
        for (int i = 0; i < f.size(); i++) {
            switch (f.get(i).strip().toLowerCase(Locale.ROOT)) {
                case "id": id = i; break;
                case "date": date = i; break;
                case "user": user = i; break;
                case "pc": pc = i; break;
                case "activity": activity = i; break;
                case "file_tree": fileTree = i; break;
                case "device": device = i; break;
                default: break;
            }
        }
        width = f.size();
        if (date < 0 || user < 0 || pc < 0 || activity < 0) {
            width = -1;
            throw new InvalidRecordException("header: needs the columns date, user, pc and activity");
        }
    }

    private void layoutByCount(int n) {
        if (n == 5) {
            id = 0; date = 1; user = 2; pc = 3; activity = 4; fileTree = -1;
        } else if (n == 6 && deviceFile) {
            id = 0; date = 1; user = 2; pc = 3; fileTree = 4; activity = 5;
        } else {
            throw new InvalidRecordException("expected " + (deviceFile ? "5 or 6" : "5") + " columns, found " + n);
        }
        device = -1;
    }

    /** Parses {@code MM/dd/yyyy HH:mm:ss} (single-digit month, day and hour accepted) in {@code zone}. */
    static java.time.Instant parseDate(String t, ZoneId zone) {
        return localTime(t, fields(t)).atZone(zone).toInstant();
    }

    /** The date-time of {@link #fields}, or the reason it is none. */
    private static LocalDateTime localTime(String t, int[] v) {
        try {
            return LocalDateTime.of(v[2], v[0], v[1], v[3], v[4], v[5]);
        } catch (DateTimeException e) {
            throw badDate(t);
        }
    }

    /**
     * {@link #parseDate} with the start of the last local hour remembered: a CERT file is in time order,
     * so most records fall in the hour of the record before, and their instant is that hour's start plus
     * the minutes and seconds, without asking the zone's rules again (the look-up and the date-time
     * objects were a tenth of the reader's time). Only an hour whose last second falls 3,599 seconds after
     * its first in the zone is remembered (then every second of it has the same offset, or the same shift
     * over a gap); an hour that a DST change cuts is read by the rules for every record. Not thread-safe;
     * one per adapter.
     */
    static final class Hours {
        private final ZoneId zone;
        private long key = -1, start;

        Hours(ZoneId zone) {
            this.zone = zone;
        }

        java.time.Instant parse(String t) {
            int[] v = fields(t);
            // one key per hour only within the ranges (month ≤ 12, day ≤ 31, hour ≤ 23): "01/01 30:00" is not "01/02 06:00"
            long k = v[0] <= 12 && v[1] <= 31 && v[3] <= 23 ? (((long) v[2] * 13 + v[0]) * 32 + v[1]) * 24 + v[3] : -2;
            if (k == key && v[4] <= 59 && v[5] <= 59) return java.time.Instant.ofEpochSecond(start + v[4] * 60L + v[5]);
            LocalDateTime local = localTime(t, v); // validates the date and time, throws with the reason
            LocalDateTime hour = local.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            long from = hour.atZone(zone).toEpochSecond();
            key = hour.plusSeconds(3_599).atZone(zone).toEpochSecond() - from == 3_599 ? k : -1;
            start = from;
            return local.atZone(zone).toInstant();
        }
    }

    /** The six numbers of {@code MM/dd/yyyy HH:mm:ss}: month, day, year, hour, minute, second. */
    private static int[] fields(String t) {
        int[] v = new int[6];
        int part = 0, digits = 0;
        char[] seps = {'/', '/', ' ', ':', ':'};
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : 0;
            if (c >= '0' && c <= '9' && digits < 4) {
                v[part] = v[part] * 10 + (c - '0');
                digits++;
            } else if (digits > 0 && ((part < 5 && c == seps[part]) || (part == 5 && i == t.length()))) {
                part++;
                digits = 0;
                if (part == 6) break;
            } else {
                throw badDate(t);
            }
        }
        if (part != 6) throw badDate(t);
        return v;
    }

    private static InvalidRecordException badDate(String t) {
        return new InvalidRecordException("date: " + Records.quote(t) + " is not MM/dd/yyyy HH:mm:ss");
    }
}
