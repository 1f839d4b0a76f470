package org.openueba.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Field;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Outcome;
import org.openueba.event.Texts;
import org.openueba.event.Timestamps;

/**
 * Reads JSON events, either NDJSON (one object per line) or one JSON array (when the first
 * non-whitespace character is {@code [}), and maps each object as the native event format or as
 * Elastic Common Schema (see {@link #isEcs}); the profile mapping then overrides or extends the
 * result. See docs/sources.md for both mappings.
 */
final class JsonAdapter implements RecordAdapter {
    private static final String[] ECS_ROOTS = {"user", "source", "destination", "event", "host", "http", "url", "network", "user_agent"};
    private final SourceProfile profile;
    private final AdapterLimits limits;
    private final ZoneId zone;
    private final EventKind defaultKind;
    private final Map<MappingTarget, String> mapping = new LinkedHashMap<>();

    JsonAdapter(SourceProfile profile, AdapterLimits limits) {
        this.profile = profile;
        this.limits = limits;
        this.zone = profile.timeZone();
        String k = profile.option("kind", null);
        try {
            defaultKind = k == null ? null : EventKind.parse(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source " + profile.name() + ": option kind: " + e.getMessage());
        }
        for (Map.Entry<String, String> m : new java.util.TreeMap<>(profile.mapping()).entrySet()) {
            mapping.put(MappingTarget.parse(profile.name(), m.getKey()), m.getValue());
        }
    }

    @Override
    public void read(Reader input, RecordListener listener) throws IOException {
        PushbackReader in = new PushbackReader(input, 1);
        int c = in.read();
        if (c == '\uFEFF') c = in.read();
        long line = 1;
        while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (c == '\n') listener.skip(line++, "blank line");
            c = in.read();
        }
        if (c < 0) return;
        in.unread(c);
        if (c == '[') array(in, line, listener);
        else lines(in, line, listener);
    }

    private void lines(Reader in, long first, RecordListener listener) throws IOException {
        LineAdapter.forEachLine(new LineReader(in, limits.maxLineLength(), first), limits, listener, (n, text, t) -> {
            JsonNode node;
            try {
                node = JsonValues.parse(text);
            } catch (InvalidRecordException e) {
                listener.reject(n, Records.reason(e));
                return;
            }
            element(node, n, listener);
        });
    }

    private void array(Reader input, long first, RecordListener listener) throws IOException {
        // line numbers as LineReader counts them (Jackson also counts a lone '\r' as a line end)
        NewlineCounter in = new NewlineCounter(input);
        long line = first;
        try (JsonParser p = JsonElements.parser(JsonValues.MAPPER.getFactory(), in, limits)) {
            p.nextToken(); // the opening '['
            while (true) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY) break;
                line = first + in.newlinesBefore(p.currentTokenLocation().getCharOffset());
                JsonNode node;
                try {
                    node = JsonElements.read(p, limits.maxLineLength(), JsonValues.ELEMENT_READER, "array element");
                } catch (InvalidRecordException e) {
                    listener.reject(line, Records.reason(e));
                    continue;
                }
                element(node, line, listener);
            }
            if (p.nextToken() != null) {
                listener.reject(first + in.newlinesBefore(p.currentTokenLocation().getCharOffset()),
                        "unexpected content after the end of the JSON array");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long l = at == null || at.getCharOffset() < 0 ? line
                    : Math.min(first + in.newlinesBefore(at.getCharOffset()), first + Math.max(in.lines(), 1) - 1);
            listener.reject(l, "invalid JSON in array: " + JsonValues.message(e) + "; the rest of the array was not read");
        }
    }

    private void element(JsonNode node, long line, RecordListener listener) {
        Event.Builder b;
        try {
            if (node == null || !node.isObject()) throw new InvalidRecordException("record: expected a JSON object");
            if (JsonValues.depth(node, limits.maxDepth()) > limits.maxDepth()) {
                throw new InvalidRecordException("record nests deeper than " + limits.maxDepth() + " levels (the limit)");
            }
            if (JsonValues.leaves(node, limits.maxFields()) > limits.maxFields()) throw Records.tooManyFields(limits);
            b = map(node);
            Records.requireCore(b, profile);
        } catch (InvalidRecordException e) {
            listener.reject(line, Records.reason(e));
            return;
        } catch (RuntimeException e) {
            listener.reject(line, Records.unexpected());
            return;
        }
        listener.record(line, new CompactText(node), JsonValues.hasReplacement(node), b);
    }

    /**
     * An element's compact JSON text, written when first asked for and then kept: the listener needs it
     * only to derive an id for a record without one.
     */
    private static final class CompactText implements java.util.function.Supplier<String> {
        private final JsonNode node;
        private String text;

        CompactText(JsonNode node) {
            this.node = node;
        }

        @Override
        public String get() {
            if (text == null) {
                try {
                    text = JsonValues.MAPPER.writeValueAsString(node);
                } catch (JsonProcessingException | RuntimeException e) {
                    throw new InvalidRecordException(Records.unexpected());
                }
            }
            return text;
        }
    }

    /** Maps one object: native or ECS, then the profile mapping, then the default kind. */
    Event.Builder map(JsonNode obj) {
        Event.Builder b = Event.builder();
        if (isEcs(obj)) ecs(obj, b);
        else nativeFields(obj, b);
        for (Map.Entry<MappingTarget, String> m : mapping.entrySet()) {
            JsonNode v = JsonValues.at(obj, m.getValue());
            if (v != null) m.getKey().apply(b, JsonValues.text(m.getValue(), v), zone);
        }
        if (b.kind() == null) b.kind(defaultKind);
        return b;
    }

    /** ECS when the object has {@code @timestamp} or an ECS object ({@code user}, {@code event}, ...), nested or flattened. */
    static boolean isEcs(JsonNode obj) {
        if (obj.has("@timestamp")) return true;
        for (String r : ECS_ROOTS) {
            JsonNode n = obj.get(r);
            if (n != null && n.isObject()) return true;
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            int dot = k.indexOf('.');
            if (dot > 0) {
                String root = k.substring(0, dot);
                for (String r : ECS_ROOTS) if (r.equals(root)) return true;
            }
        }
        return false;
    }

    private void nativeFields(JsonNode obj, Event.Builder b) {
        for (Field f : Field.values()) {
            JsonNode v = obj.get(f.wireName());
            if (v == null || v.isNull()) continue;
            String text = JsonValues.text(f.wireName(), v);
            if (f == Field.TIME) b.time(text == null || text.isBlank() ? null : Timestamps.parse(text, zone));
            else b.set(f, text);
        }
        JsonNode attrs = obj.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) throw new InvalidRecordException("attributes: expected an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                b.attribute(m.getKey(), JsonValues.text("attributes." + m.getKey(), m.getValue()));
            }
        }
        JsonNode metrics = obj.get("metrics");
        if (metrics != null && !metrics.isNull()) {
            if (!metrics.isObject()) throw new InvalidRecordException("metrics: expected an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (!m.getValue().isNumber()) throw new InvalidRecordException("metrics." + m.getKey() + ": expected a number");
                b.metric(m.getKey(), m.getValue().doubleValue());
            }
        }
    }

    private String s(JsonNode obj, String path) {
        return JsonValues.text(path, JsonValues.at(obj, path));
    }

    private void ecs(JsonNode o, Event.Builder b) {
        String ts = s(o, "@timestamp");
        if (ts != null && !ts.isBlank()) b.time(Timestamps.parse(ts, zone));
        b.id(s(o, "event.id"));
        String entity = s(o, "user.name");
        if (entity == null || entity.isBlank()) entity = s(o, "user.id");
        if (entity == null || entity.isBlank()) entity = s(o, "source.user.name");
        b.entity(entity);
        b.kind(kind(o));
        String action = s(o, "event.action");
        b.action(action != null && !action.isBlank() ? action : s(o, "http.request.method"));
        String outcome = s(o, "event.outcome");
        if (outcome != null && !outcome.isBlank()) {
            try {
                b.outcome(Outcome.parse(outcome));
            } catch (IllegalArgumentException e) {
                throw new InvalidRecordException("event.outcome: " + Texts.printable(e.getMessage(), 120));
            }
        }
        String srcIp = s(o, "source.ip");
        for (String path : new String[] {"source.address", "source.domain"}) {
            String v = s(o, path);
            if (v == null || v.isBlank()) continue;
            if (looksLikeIp(v)) {
                if (srcIp == null) srcIp = v;
            } else if (b.get(Field.SRC_HOST) == null) {
                b.srcHost(v);
            }
        }
        b.srcIp(srcIp);
        b.dstIp(s(o, "destination.ip"));
        String dst = s(o, "host.name");
        b.dstHost(dst != null && !dst.isBlank() ? dst : s(o, "destination.domain"));
        b.country(s(o, "source.geo.country_iso_code"));
        b.city(s(o, "source.geo.city_name"));
        location(JsonValues.at(o, "source.geo.location"), b);
        b.set(Field.ASN, s(o, "source.as.number"));
        b.asOrg(s(o, "source.as.organization.name"));
        b.userAgent(s(o, "user_agent.original"));
        b.bytes(bytes(o));
        b.device(s(o, "device.id"));
        String url = s(o, "url.original");
        b.attribute("url", url != null && !url.isBlank() ? url : s(o, "url.path"));
        b.attribute("status", s(o, "http.response.status_code"));
        b.attribute("domain", s(o, "user.domain"));
    }

    private static boolean looksLikeIp(String v) {
        try {
            org.openueba.event.IpAddresses.parse("source.address", v.strip());
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }

    private Long bytes(JsonNode o) {
        Long n = count(o, "network.bytes");
        if (n != null) return n;
        Long s = count(o, "source.bytes");
        Long d = count(o, "destination.bytes");
        if (s != null || d != null) return (s == null ? 0 : s) + (d == null ? 0 : d);
        return count(o, "http.response.body.bytes");
    }

    private Long count(JsonNode o, String path) {
        String v = s(o, path);
        if (v == null || v.isBlank()) return null;
        return Records.parseCount(path, v.strip());
    }

    private EventKind kind(JsonNode o) {
        JsonNode cat = JsonValues.at(o, "event.category");
        List<String> cats = new ArrayList<>();
        if (cat != null && cat.isArray()) {
            for (JsonNode c : cat) if (c.isTextual()) cats.add(c.textValue());
        } else if (cat != null && cat.isTextual()) {
            cats.add(cat.textValue());
        }
        if (!cats.isEmpty()) {
            boolean device = JsonValues.at(o, "device") != null || JsonValues.at(o, "device.id") != null;
            for (String c : cats) {
                switch (c.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "authentication": case "iam": case "session": return EventKind.AUTHENTICATION;
                    case "network": return EventKind.NETWORK_CONNECTION;
                    case "web": return EventKind.WEB_REQUEST;
                    case "file": return EventKind.FILE;
                    case "process": return EventKind.PROCESS;
                    case "email": return EventKind.EMAIL;
                    case "driver": return EventKind.DEVICE;
                    case "host": if (device) return EventKind.DEVICE; break;
                    default: break;
                }
            }
            return EventKind.OTHER;
        }
        String k = s(o, "event.kind");
        if (k != null && !k.isBlank()) {
            try {
                return EventKind.parse(k);
            } catch (IllegalArgumentException e) {
                // ECS event.kind values (event, alert, metric...) are not kinds; fall back to the option
            }
        }
        return defaultKind;
    }

    private static void location(JsonNode loc, Event.Builder b) {
        if (loc == null || loc.isNull()) return;
        Double lat = null, lon = null;
        if (loc.isObject()) {
            lat = number(loc.get("lat"));
            lon = number(loc.get("lon"));
        } else if (loc.isArray() && loc.size() == 2) {
            lon = number(loc.get(0));
            lat = number(loc.get(1));
        } else if (loc.isTextual()) {
            String[] p = loc.textValue().split(",");
            if (p.length == 2) {
                lat = number(p[0]);
                lon = number(p[1]);
            }
        }
        if (lat == null || lon == null) {
            throw new InvalidRecordException("source.geo.location: expected {lat, lon}, \"lat,lon\" or [lon, lat]");
        }
        b.coordinates(lat, lon);
    }

    private static Double number(JsonNode n) {
        if (n == null) return null;
        if (n.isNumber()) return n.doubleValue();
        return n.isTextual() ? number(n.textValue()) : null;
    }

    private static Double number(String s) {
        try {
            return Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
