package org.openueba.directory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openueba.event.Texts;
import org.openueba.source.CsvRecordParser;

import java.io.BufferedReader;
import java.io.IOException;
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

    /** Parses {@code in}, detecting JSON (first character {@code [} or {@code {}) or CSV. */
    public static void parse(Reader in, Listener out) throws IOException {
        BufferedReader r = new BufferedReader(in);
        r.mark(4096);
        int c;
        do {
            c = r.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF');
        r.reset();
        if (c == '[' || c == '{') parseJson(r, out);
        else parseCsv(r, out);
    }

    private static void parseCsv(BufferedReader r, Listener out) throws IOException {
        String header = r.readLine();
        if (header == null) return;
        if (header.startsWith("\uFEFF")) header = header.substring(1);
        CsvRecordParser csv = new CsvRecordParser(',');
        if (!csv.begin(header)) {
            out.reject(1, "header: unterminated quoted field");
            return;
        }
        List<String> names = List.copyOf(csv.fields());
        String[] keys = new String[names.size()];
        boolean hasId = false;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ALIASES.get(normaliseName(names.get(i)));
            hasId |= "id".equals(keys[i]);
        }
        if (!hasId) {
            out.reject(1, "header names no id column (user_id, id, entity, username…): "
                    + Texts.printable(header, 120));
            return;
        }
        String line;
        long no = 1;
        while ((line = r.readLine()) != null) {
            long start = ++no;
            if (line.isBlank()) continue;
            boolean complete = csv.begin(line);
            while (!complete && (line = r.readLine()) != null) { // a quoted field spanning lines
                no++;
                complete = csv.more(line);
            }
            if (!complete) {
                out.reject(start, "unterminated quoted field");
                return;
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

    private static void parseJson(BufferedReader r, Listener out) throws IOException {
        JsonParser p = JSON.getFactory().createParser(r);
        JsonToken first = p.nextToken();
        boolean array = first == JsonToken.START_ARRAY;
        JsonToken t = array ? p.nextToken() : first;
        while (t != null && t != JsonToken.END_ARRAY) {
            long line = p.currentTokenLocation().getLineNr();
            JsonNode node;
            try {
                node = p.readValueAsTree();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                out.reject(line, "invalid JSON: " + Texts.printable(e.getOriginalMessage(), 120));
                return;
            }
            if (node == null || !node.isObject()) {
                out.reject(line, "expected a JSON object");
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
    }

    private static void emit(long line, Map<String, String> v, Listener out) {
        String id = clean(v.get("id"));
        if (id == null) {
            out.reject(line, "id: missing");
            return;
        }
        if (id.length() > 256) {
            out.reject(line, "id: longer than 256 characters");
            return;
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

    private static String clean(String s) {
        if (s == null) return null;
        String t = s.strip();
        if (t.isEmpty()) return null;
        return t.length() > 256 ? t.substring(0, 256) : t;
    }

    private static String normaliseName(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c != '_' && c != '-' && c != ' ') b.append(c);
        }
        return b.toString();
    }
}
