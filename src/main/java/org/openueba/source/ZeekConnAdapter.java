package org.openueba.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.time.ZoneId;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Field;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Outcome;
import org.openueba.event.Timestamps;

/**
 * Reads Zeek {@code conn.log} files, as TSV with {@code #} header lines ({@code #separator},
 * {@code #set_separator}, {@code #empty_field}, {@code #unset_field}, {@code #fields}; a new
 * {@code #fields} switches the layout) or as JSON lines ({@code {"ts":..,"uid":..}}), which may be
 * mixed in one stream. See docs/sources.md for the field mapping.
 *
 * <p>Outcome from {@code conn_state}: SUCCESS when a connection was established (SF, S1, S2, S3,
 * RSTO, RSTR), FAILURE when it was refused or never completed its handshake (REJ, S0, RSTOS0,
 * RSTRH, SH, SHR), UNKNOWN for OTH (mid-stream traffic, no handshake seen) and anything else.
 */
final class ZeekConnAdapter extends LineAdapter {
    /** Standard conn.log columns that carry nothing the models use; other unknown columns become attributes. */
    private static final Set<String> DROPPED = Set.of("missed_bytes", "orig_ip_bytes", "resp_ip_bytes", "tunnel_parents",
            "ip_proto", "orig_l2_addr", "resp_l2_addr", "vlan", "inner_vlan");
    private static final Set<String> MAPPED = Set.of("ts", "uid", "id.orig_h", "id.resp_h", "id.orig_p", "id.resp_p", "proto",
            "service", "conn_state", "history", "local_orig", "local_resp", "_node_name", "duration", "orig_bytes",
            "resp_bytes", "orig_pkts", "resp_pkts");
    private static final String[] METRICS = {"duration", "orig_bytes", "resp_bytes", "orig_pkts", "resp_pkts"};
    /** Longest accepted {@code #separator}, in characters. */
    static final int MAX_SEPARATOR = 8;

    private final ZoneId zone;
    private final Columns columns = new Columns();
    private final Map<String, String> values = new HashMap<>();
    private String separator = "\t";
    private String unset = "-";
    private String empty = "(empty)";
    private String[] fields;

    ZeekConnAdapter(SourceProfile profile, AdapterLimits limits) {
        super(profile, limits);
        this.zone = profile.timeZone();
    }

    @Override
    protected Event.Builder parse(long line, String s, boolean terminated, RecordListener listener) {
        values.clear();
        if (s.charAt(0) == '#') {
            directive(s);
            listener.skip(line, "Zeek header line");
            return null;
        }
        if (s.charAt(0) == '{') {
            json(s);
        } else {
            if (fields == null) throw new InvalidRecordException("data line before any #fields header");
            if (!columns.split(s, separator, limits.maxFields())) throw Records.tooManyFields(limits);
            if (columns.size() != fields.length) {
                throw new InvalidRecordException("expected " + fields.length + " columns (from #fields), found " + columns.size());
            }
            for (int i = 0; i < fields.length; i++) {
                String v = columns.get(i);
                if (!v.equals(unset) && !v.equals(empty) && !v.isEmpty()) values.put(fields[i], v);
            }
        }
        return event();
    }

    private void json(String s) {
        JsonNode n = JsonValues.parse(s);
        if (!n.isObject()) throw new InvalidRecordException("record: expected a JSON object");
        if (n.size() > limits.maxFields()) throw Records.tooManyFields(limits);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode v = m.getValue();
            String text;
            if (v.isArray()) {
                StringBuilder b = new StringBuilder();
                for (JsonNode e : v) {
                    if (e.isContainerNode()) continue;
                    if (b.length() > 0) b.append(',');
                    b.append(JsonValues.text(m.getKey(), e));
                }
                text = b.toString();
            } else if (v.isObject()) {
                continue;
            } else {
                text = JsonValues.text(m.getKey(), v);
            }
            if (text != null && !text.isEmpty()) values.put(m.getKey(), text);
        }
    }

    private Event.Builder event() {
        Event.Builder b = Event.builder().kind(EventKind.NETWORK_CONNECTION);
        String ts = values.get("ts");
        if (ts == null) throw new InvalidRecordException("ts: missing");
        b.time(Timestamps.parse(ts, zone));
        b.id(values.get("uid"));
        String orig = values.get("id.orig_h");
        if (orig == null) throw new InvalidRecordException("id.orig_h: missing");
        b.srcIp(renamed("id.orig_h", Field.SRC_IP, orig));
        b.entity(b.get(Field.SRC_IP));
        b.dstIp(renamed("id.resp_h", Field.DST_IP, values.get("id.resp_h")));
        b.attribute("orig_port", values.get("id.orig_p"));
        b.attribute("resp_port", values.get("id.resp_p"));
        b.attribute("proto", values.get("proto"));
        b.attribute("service", values.get("service"));
        b.attribute("history", values.get("history"));
        b.attribute("node", values.get("_node_name"));
        b.attribute("local_orig", bool(values.get("local_orig")));
        b.attribute("local_resp", bool(values.get("local_resp")));
        String state = values.get("conn_state");
        if (state != null) {
            b.attribute("conn_state", state);
            b.action(state);
            b.outcome(outcome(state));
        }
        Long bytes = null;
        for (String m : METRICS) {
            String v = values.get(m);
            if (v == null) continue;
            double d = Records.parseNumber(m, v);
            b.metric(m, d);
            if (m.endsWith("_bytes")) bytes = (bytes == null ? 0 : bytes) + Records.parseCount(m, v);
        }
        b.bytes(bytes);
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = e.getKey();
            if (!MAPPED.contains(k) && !DROPPED.contains(k)) b.attribute(attributeKey(k), e.getValue());
        }
        return b;
    }

    /** Re-labels an IP error with the Zeek column name, which is what the sender knows. */
    private static String renamed(String column, Field field, String v) {
        if (v == null) return null;
        try {
            Event.builder().set(field, v);
            return v;
        } catch (InvalidRecordException e) {
            throw new InvalidRecordException(column + ": " + Records.quote(v) + " is not an IP address");
        }
    }

    static Outcome outcome(String state) {
        switch (state) {
            case "SF": case "S1": case "S2": case "S3": case "RSTO": case "RSTR":
                return Outcome.SUCCESS;
            case "REJ": case "S0": case "RSTOS0": case "RSTRH": case "SH": case "SHR":
                return Outcome.FAILURE;
            default:
                return Outcome.UNKNOWN;
        }
    }

    private static String bool(String v) {
        if (v == null) return null;
        if (v.equals("T") || v.equalsIgnoreCase("true")) return "true";
        if (v.equals("F") || v.equalsIgnoreCase("false")) return "false";
        return v;
    }

    private static String attributeKey(String k) {
        StringBuilder b = new StringBuilder(Math.min(k.length(), 64));
        for (int i = 0; i < k.length() && b.length() < 64; i++) {
            char c = k.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == ':' || c == '-';
            b.append(ok ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    private void directive(String s) {
        if (s.startsWith("#separator ")) {
            String sep = unescape(s.substring("#separator ".length()));
            // Zeek writes one character; a long one would make every split quadratic in the line length
            if (sep.length() > MAX_SEPARATOR) throw new InvalidRecordException("#separator: longer than " + MAX_SEPARATOR + " characters");
            separator = sep.isEmpty() ? "\t" : sep;
            return;
        }
        int sep = s.indexOf(separator);
        if (sep < 0) return;
        String name = s.substring(0, sep);
        String value = s.substring(sep + separator.length());
        switch (name) {
            case "#unset_field": unset = value; break;
            case "#empty_field": empty = value; break;
            case "#fields":
                if (!columns.split(value, separator, limits.maxFields())) {
                    fields = null;
                    throw Records.tooManyFields(limits);
                }
                fields = new String[columns.size()];
                for (int i = 0; i < fields.length; i++) fields[i] = columns.get(i);
                break;
            default: break; // #set_separator (sets are kept as text), #types, #path, #open, #close
        }
    }

    /** Decodes {@code \xHH} escapes as used by {@code #separator}. */
    static String unescape(String v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 3 < v.length() && v.charAt(i + 1) == 'x') {
                int hi = Character.digit(v.charAt(i + 2), 16), lo = Character.digit(v.charAt(i + 3), 16);
                if (hi >= 0 && lo >= 0) {
                    b.append((char) (hi * 16 + lo));
                    i += 3;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
