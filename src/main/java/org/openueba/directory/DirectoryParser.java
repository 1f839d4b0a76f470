package org.openueba.directory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Texts;
import org.openueba.source.AdapterLimits;
import org.openueba.source.CsvRecordParser;
import org.openueba.source.JsonElements;
import org.openueba.source.LineReader;
import org.openueba.source.NewlineCounter;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads directory exports: CSV with a header (the CERT insider-threat LDAP layout
 * {@code employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor},
 * or any header naming the columns below), a JSON array, or JSON lines. Column and member names
 * are matched case-insensitively, ignoring {@code _}, {@code -} and spaces:
 * <pre>
 * id            user_id | userid | id | entity | username | user | samaccountname
 * displayName   display_name | employee_name | name | full_name
 * email         email | mail
 * department, role, supervisor (or manager), team, business_unit, functional_unit
 * timeZone      time_zone | timezone | tz        (an IANA id such as Europe/Berlin)
 * </pre>
 * Pure Java; no I/O beyond the given reader.
 */
public final class DirectoryParser {
    private static final Map<String, String> ALIASES = new HashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader ELEMENT = JSON.readerFor(JsonNode.class);

    static {
        for (String a : List.of("userid", "id", "entity", "username", "user", "samaccountname")) ALIASES.put(a, "id");
        for (String a : List.of("displayname", "employeename", "name", "fullname")) ALIASES.put(a, "displayName");
        for (String a : List.of("email", "mail")) ALIASES.put(a, "email");
        ALIASES.put("department", "department");
        ALIASES.put("role", "role");
        ALIASES.put("title", "role");
        ALIASES.put("supervisor", "supervisor");
        ALIASES.put("manager", "supervisor");
        for (String a : List.of("timezone", "tz")) ALIASES.put(a, "timeZone");
        ALIASES.put("businessunit", "businessUnit");
        ALIASES.put("functionalunit", "functionalUnit");
        ALIASES.put("team", "team");
    }

    /** Receives parsed records and rejected lines. */
    public interface Listener {
        void record(long line, DirectoryRecord record);

        void reject(long line, String reason);
    }

    private DirectoryParser() {
    }

    /** Parses {@code in} with the default limits (see {@link #parse(Reader, AdapterLimits, Listener)}). */
    public static void parse(Reader in, Listener out) throws IOException {
        parse(in, AdapterLimits.DEFAULT, out);
    }

    /**
     * Parses {@code in}, detecting JSON (first non-blank character {@code [} or {@code {}) or CSV.
     * Line numbers count line feeds, as the event adapters do. A CSV line or record, or a JSON
     * element, longer than {@code limits.maxLineLength()}, and a record with more than
     * {@code limits.maxFields()} columns or members, is rejected; so is a record whose values hold
     * a control character (but tab and line breaks) or an unpaired surrogate, which the database
     * cannot store as given. Invalid JSON ends the import with a reject at its line. Only I/O
     * failures of {@code in} propagate.
     */
    public static void parse(Reader in, AdapterLimits limits, Listener out) throws IOException {
        PushbackReader r = new PushbackReader(in, 1);
        long line = 1;
        int c = r.read();
        if (c == '\uFEFF') c = r.read();
        while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (c == '\n') line++;
            c = r.read();
        }
        if (c < 0) return;
        r.unread(c);
        if (c == '[' || c == '{') parseJson(r, line, limits, out);
        else parseCsv(r, line, limits, out);
    }

    private static void parseCsv(Reader r, long first, AdapterLimits limits, Listener out) throws IOException {
        LineReader lines = new LineReader(r, limits.maxLineLength(), first);
        CsvRecordParser csv = new CsvRecordParser(',');
        String[] keys = null;
        while (lines.next()) {
            long start = lines.lineNumber();
            String failure = null;
            boolean complete = true;
            if (lines.tooLong()) {
                failure = "line longer than " + limits.maxLineLength() + " characters";
            } else if (lines.line().isBlank()) {
                continue;
            } else {
                complete = csv.begin(lines.line());
                long length = lines.line().length();
                while (!complete && failure == null) { // a quoted field spanning lines
                    if (!lines.next()) break;
                    if (lines.tooLong() || (length += lines.line().length() + 1) > limits.maxLineLength()) {
                        failure = "record longer than " + limits.maxLineLength() + " characters";
                    } else {
                        complete = csv.more(lines.line());
                    }
                }
                if (failure == null && !complete) failure = "unterminated quoted field";
                if (failure == null && csv.fields().size() > limits.maxFields()) {
                    failure = "record has more than " + limits.maxFields() + " columns (the limit)";
                }
            }
            if (keys == null) {
                if (failure != null) {
                    out.reject(start, "header: " + failure);
                    return;
                }
                List<String> names = csv.fields();
                keys = new String[names.size()];
                boolean hasId = false;
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = ALIASES.get(normaliseName(names.get(i)));
                    hasId |= "id".equals(keys[i]);
                }
                if (!hasId) {
                    out.reject(start, "header names no id column (user_id, id, entity, username…): "
                            + Texts.printable(String.join(",", names), 120));
                    return;
                }
                continue;
            }
            if (failure != null) {
                out.reject(start, failure);
                continue;
            }
            List<String> cells = csv.fields();
            if (cells.size() != keys.length) {
                out.reject(start, "expected " + keys.length + " columns, found " + cells.size());
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) values.put(keys[i], cells.get(i));
            }
            emit(start, values, out);
        }
    }

    private static void parseJson(Reader r, long first, AdapterLimits limits, Listener out) throws IOException {
        NewlineCounter in = new NewlineCounter(r);
        long line = first;
        try (JsonParser p = JsonElements.parser(JSON.getFactory(), in, limits)) {
            JsonToken t = p.nextToken();
            boolean array = t == JsonToken.START_ARRAY;
            if (array) t = p.nextToken();
            while (t != null && t != JsonToken.END_ARRAY) {
                line = first + in.newlinesBefore(p.currentTokenLocation().getCharOffset());
                JsonNode node;
                try {
                    node = JsonElements.read(p, limits.maxLineLength(), ELEMENT, "element"); // never all of a huge one
                } catch (InvalidRecordException e) {
                    out.reject(line, e.getMessage());
                    t = p.nextToken();
                    continue;
                }
                if (node == null || !node.isObject()) {
                    out.reject(line, "expected a JSON object");
                } else if (node.size() > limits.maxFields()) {
                    out.reject(line, "record has more than " + limits.maxFields() + " members (the limit)");
                } else {
                    Map<String, String> values = new HashMap<>();
                    node.fields().forEachRemaining(f -> {
                        String key = ALIASES.get(normaliseName(f.getKey()));
                        if (key != null && f.getValue().isValueNode() && !f.getValue().isNull()) {
                            values.put(key, f.getValue().asText());
                        }
                    });
                    emit(line, values, out);
                }
                t = p.nextToken();
            }
            if (array && t != null && p.nextToken() != null) {
                out.reject(first + in.newlinesBefore(p.currentTokenLocation().getCharOffset()),
                        "unexpected content after the end of the JSON array");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long l = at == null || at.getCharOffset() < 0 ? line
                    : Math.min(first + in.newlinesBefore(at.getCharOffset()), first + Math.max(in.lines(), 1) - 1);
            // the limit Jackson hits first depends on its buffers: one reason for all of them
            String why = e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                    ? org.openueba.source.JsonValues.LIMITS : Texts.printable(e.getOriginalMessage(), 120);
            out.reject(l, "invalid JSON: " + why + "; the rest was not read");
        }
    }

    private static void emit(long line, Map<String, String> v, Listener out) {
        String id = v.get("id") == null ? null : v.get("id").strip();
        if (id == null || id.isEmpty()) {
            out.reject(line, "id: missing");
            return;
        }
        if (id.length() > 256) { // not cut like the other values: two long ids would become one entity
            out.reject(line, "id: longer than 256 characters");
            return;
        }
        for (Map.Entry<String, String> e : v.entrySet()) {
            String problem = unstorable(clean(e.getValue()));
            if (problem != null) {
                out.reject(line, e.getKey() + ": " + problem);
                return;
            }
        }
        String tz = clean(v.get("timeZone"));
        if (tz != null) {
            try {
                ZoneId zone = ZoneId.of(tz);
                tz = zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
            } catch (DateTimeException e) {
                out.reject(line, "time_zone: '" + Texts.printable(tz, 40) + "' is not an IANA time zone id");
                return;
            }
        }
        out.record(line, new DirectoryRecord(id, clean(v.get("displayName")), clean(v.get("email")),
                clean(v.get("department")), clean(v.get("role")), clean(v.get("supervisor")), tz,
                clean(v.get("businessUnit")), clean(v.get("functionalUnit")), clean(v.get("team"))));
    }

    /** Why the database cannot store {@code s} as given (NUL and other control characters, lone surrogates), or null. */
    private static String unstorable(String s) {
        if (s == null) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "contains a control character";
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (not Unicode text)";
            }
        }
        return null;
    }

    /** Stripped, null when blank, cut at 256 characters (never between the two halves of a surrogate pair). */
    private static String clean(String s) {
        if (s == null) return null;
        String t = s.strip();
        if (t.isEmpty()) return null;
        if (t.length() <= 256) return t;
        return t.substring(0, Character.isHighSurrogate(t.charAt(255)) ? 255 : 256);
    }

    private static String normaliseName(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c != '_' && c != '-' && c != ' ') b.append(c);
        }
        return b.toString();
    }
}
