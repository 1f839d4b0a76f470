package org.openueba.source;

import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Field;
import org.openueba.event.InvalidRecordException;

/**
 * Generic CSV/TSV with a column mapping from the profile (target field → column name). RFC 4180
 * quoting; a quoted field may span lines (the record's line number is its first line). A mapping
 * that names a column missing from the header makes every record of the stream be rejected with
 * a reason naming the column. Options are documented in docs/sources.md.
 */
final class CsvAdapter implements RecordAdapter {
    private final SourceProfile profile;
    private final AdapterLimits limits;
    private final ZoneId zone;
    private final char delimiter;
    private final boolean header;
    private final List<String> fixedColumns;
    private final DateTimeFormatter timeFormat;
    private final EventKind defaultKind;
    private final Set<String> nulls = new HashSet<>();
    private final boolean extraAsAttributes;
    private final Map<MappingTarget, String> mapping = new java.util.LinkedHashMap<>();

    CsvAdapter(SourceProfile profile, AdapterLimits limits) {
        this.profile = profile;
        this.limits = limits;
        this.zone = profile.timeZone();
        String d = profile.option("delimiter", ",");
        if (d.equals("\\t") || d.equalsIgnoreCase("tab") || d.equals("\t")) delimiter = '\t';
        else if (d.length() == 1 && d.charAt(0) != '"') delimiter = d.charAt(0);
        else throw bad("delimiter", "a single character, \\t or tab", d);
        String h = profile.option("header", "true");
        if (!h.equals("true") && !h.equals("false")) throw bad("header", "true or false", h);
        header = h.equals("true");
        String cols = profile.option("columns", null);
        fixedColumns = cols == null ? null : List.of(cols.split(",", -1)).stream().map(String::strip).toList();
        if (!header && fixedColumns == null) throw bad("columns", "a comma list of column names when header=false", "absent");
        String tf = profile.option("time-format", null);
        try {
            timeFormat = tf == null ? null : DateTimeFormatter.ofPattern(tf, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw bad("time-format", "a java.time DateTimeFormatter pattern", tf);
        }
        String k = profile.option("kind", null);
        try {
            defaultKind = k == null ? null : EventKind.parse(k);
        } catch (IllegalArgumentException e) {
            throw bad("kind", "an event kind", k);
        }
        for (Map.Entry<String, String> m : new TreeMap<>(profile.mapping()).entrySet()) {
            mapping.put(MappingTarget.parse(profile.name(), m.getKey()), m.getValue());
        }
        boolean kindMapped = mapping.keySet().stream().anyMatch(t -> t.field() == Field.KIND);
        if (defaultKind == null && !kindMapped) throw bad("kind", "an event kind (or a mapping for kind)", "absent");
        String nv = profile.option("null-values", "-");
        for (String v : nv.split(",", -1)) nulls.add(v.strip());
        nulls.add("");
        String extra = profile.option("extra-columns", "ignore");
        if (!extra.equals("ignore") && !extra.equals("attributes")) throw bad("extra-columns", "ignore or attributes", extra);
        extraAsAttributes = extra.equals("attributes");
    }

    private IllegalArgumentException bad(String option, String expected, String was) {
        return new IllegalArgumentException("source " + profile.name() + ": option " + option + " must be " + expected + ", was '" + was + "'");
    }

    @Override
    public void read(Reader input, RecordListener listener) throws IOException {
        LineReader lines = new LineReader(input, limits.maxLineLength());
        CsvRecordParser csv = new CsvRecordParser(delimiter);
        List<String> names = fixedColumns;
        Map<String, Integer> index = names == null ? null : index(names);
        String mappingError = names == null ? null : checkMapping(index);
        StringBuilder raw = new StringBuilder();
        while (lines.next()) {
            long first = lines.lineNumber();
            if (lines.tooLong()) {
                listener.reject(first, Records.tooLong(limits));
                continue;
            }
            String text = lines.line();
            if (text.isBlank()) {
                listener.skip(first, "blank line");
                continue;
            }
            raw.setLength(0);
            raw.append(text);
            boolean complete = csv.begin(text);
            String failure = null;
            while (!complete) {
                if (!lines.next()) {
                    failure = "unterminated quoted field at the end of the input";
                    break;
                }
                if (lines.tooLong() || raw.length() + lines.line().length() + 1 > limits.maxLineLength()) {
                    failure = "record longer than " + limits.maxLineLength() + " characters";
                    // resynchronise at the next line; the rest of this record may be rejected as well
                    break;
                }
                raw.append('\n').append(lines.line());
                complete = csv.more(lines.line());
            }
            if (failure != null) {
                listener.reject(first, failure);
                continue;
            }
            List<String> f = csv.fields();
            if (f.size() > limits.maxFields()) {
                listener.reject(first, Records.tooManyFields(limits).getMessage());
                continue;
            }
            if (names == null) {
                names = new ArrayList<>(f.size());
                for (String n : f) names.add(n.strip());
                index = index(names);
                mappingError = checkMapping(index);
                listener.skip(first, "header line");
                continue;
            }
            if (mappingError != null) {
                listener.reject(first, mappingError);
                continue;
            }
            if (f.size() != names.size()) {
                listener.reject(first, "expected " + names.size() + " columns, found " + f.size());
                continue;
            }
            Event.Builder b;
            try {
                b = map(f, names, index);
                Records.requireCore(b, profile);
            } catch (InvalidRecordException e) {
                listener.reject(first, Records.reason(e));
                continue;
            } catch (RuntimeException e) {
                listener.reject(first, Records.unexpected());
                continue;
            }
            listener.record(first, raw.toString(), b);
        }
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) m.putIfAbsent(names.get(i), i);
        return m;
    }

    private String checkMapping(Map<String, Integer> index) {
        for (Map.Entry<MappingTarget, String> m : mapping.entrySet()) {
            if (!index.containsKey(m.getValue())) {
                return "mapping: column '" + m.getValue() + "' (for " + m.getKey().name() + ") is not in the header";
            }
        }
        return null;
    }

    private Event.Builder map(List<String> f, List<String> names, Map<String, Integer> index) {
        Event.Builder b = Event.builder();
        Set<Integer> used = extraAsAttributes ? new HashSet<>() : null;
        for (Map.Entry<MappingTarget, String> m : mapping.entrySet()) {
            int i = index.get(m.getValue());
            if (used != null) used.add(i);
            String v = flat(f.get(i));
            if (nulls.contains(v)) continue;
            MappingTarget t = m.getKey();
            if (t.field() == Field.TIME && timeFormat != null) b.time(time(m.getValue(), v));
            else {
                try {
                    t.apply(b, v, zone);
                } catch (InvalidRecordException e) {
                    throw new InvalidRecordException("column '" + m.getValue() + "': " + e.getMessage());
                }
            }
        }
        if (used != null) {
            for (int i = 0; i < f.size(); i++) {
                String v = flat(f.get(i));
                if (!used.contains(i) && !nulls.contains(v) && names.get(i).matches("[A-Za-z0-9_.:-]{1,64}")) b.attribute(names.get(i), v);
            }
        }
        if (b.kind() == null) b.kind(defaultKind);
        return b;
    }

    /** Stripped, with the line breaks of a multi-line quoted field turned into spaces (events hold no control characters). */
    private static String flat(String v) {
        return v.indexOf('\n') < 0 ? v.strip() : v.replace('\n', ' ').strip();
    }

    private Instant time(String column, String v) {
        try {
            TemporalAccessor t = timeFormat.parse(v);
            if (t.isSupported(ChronoField.OFFSET_SECONDS) || t.query(java.time.temporal.TemporalQueries.zoneId()) != null) {
                return Instant.from(t);
            }
            if (t.isSupported(ChronoField.HOUR_OF_DAY)) return LocalDateTime.from(t).atZone(zone).toInstant();
            return LocalDate.from(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidRecordException("time: column '" + column + "' value " + Records.quote(v) + " does not match the time-format");
        }
    }
}
