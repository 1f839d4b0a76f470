package org.openueba.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Map;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Texts;

/** The shared Jackson mapper of the JSON-reading adapters and conversions of JSON values to text. */
public final class JsonValues {
    /** Thread-safe once configured; floats are kept exact so that epoch timestamps keep their digits. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    /** For reading one element of an array at a time: more tokens follow each element. */
    static final com.fasterxml.jackson.databind.ObjectReader ELEMENT_READER = MAPPER.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonValues() {
    }

    /** Parses one JSON text, or throws a reject naming what is wrong (never a class name). */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("invalid JSON: " + message(e));
        } catch (NumberFormatException e) { // 1e-9999999999: BigDecimal's exponent overflows
            throw new InvalidRecordException("invalid JSON: a number is out of range");
        }
    }

    /** Jackson's message without its location suffix, shortened and printable. */
    /** The reason for any JSON beyond the reader's limits. */
    public static final String LIMITS = "a JSON name, string, number or nesting is beyond the limits";

    static String message(JsonProcessingException e) {
        // which limit Jackson hits first (a name's, a string's, the depth) depends on how the input
        // arrived in its buffers: one message, so the same input always gets the same reason
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) return LIMITS;
        String m = e.getOriginalMessage();
        if (m == null) m = "syntax error";
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        // never pass Java type or package names on to the sender
        for (String marker : new String[] {" (bound as", "`", "com.fasterxml", "java."}) {
            int at = m.indexOf(marker);
            if (at >= 0) m = m.substring(0, at).strip();
        }
        if (m.isEmpty()) m = "syntax error";
        return Texts.printable(m, 160);
    }

    /** Largest decimal exponent (either sign) written out in plain notation; beyond it, scientific. */
    static final int MAX_PLAIN_EXPONENT = 400;

    /**
     * The text of a scalar: strings as they are, numbers in plain decimal notation (scientific when
     * the exponent exceeds {@value #MAX_PLAIN_EXPONENT} either way: {@code 1e999999999} written out
     * would be a billion digits), booleans as {@code true}/{@code false}; null for JSON null and
     * missing nodes.
     *
     * @throws InvalidRecordException naming {@code field} for an object or array
     */
    static String text(String field, JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isTextual()) return n.textValue();
        if (n.isBigDecimal() || n.isDouble() || n.isFloat()) {
            java.math.BigDecimal d = n.decimalValue();
            return Math.abs((long) d.scale()) > MAX_PLAIN_EXPONENT ? d.toString() : d.toPlainString();
        }
        if (n.isNumber() || n.isBoolean()) return n.asText();
        throw new InvalidRecordException(field + ": expected a string or number, found " + (n.isArray() ? "an array" : "an object"));
    }

    /** The nesting depth of a tree (a scalar is 0, a flat object 1), looking no deeper than {@code limit + 1}. */
    static int depth(JsonNode n, int limit) {
        if (!n.isContainerNode()) return 0;
        int deepest = 0;
        for (Iterator<JsonNode> it = n.elements(); it.hasNext() && deepest < limit; ) {
            deepest = Math.max(deepest, depth(it.next(), limit - 1));
        }
        return deepest + 1;
    }

    /**
     * Whether a name or a string anywhere in the tree holds U+FFFD, the replacement of a byte that was not
     * UTF-8: exactly when the tree's compact JSON text would (the writer leaves non-ASCII characters as they
     * are, and numbers, booleans and null never hold one).
     */
    static boolean hasReplacement(JsonNode n) {
        if (n.isTextual()) return n.textValue().indexOf('\uFFFD') >= 0;
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().indexOf('\uFFFD') >= 0 || hasReplacement(e.getValue())) return true;
            }
            return false;
        }
        if (n.isArray()) {
            for (JsonNode e : n) if (hasReplacement(e)) return true;
        }
        return false;
    }

    /** Counts the scalar values in a tree, stopping early once {@code limit} is exceeded. */
    static int leaves(JsonNode n, int limit) {
        if (!n.isContainerNode()) return 1;
        int count = 0;
        for (Iterator<JsonNode> it = n.elements(); it.hasNext() && count <= limit; ) {
            count += leaves(it.next(), limit - count);
        }
        return count;
    }

    /**
     * The node at a dotted path, matching nested objects and flattened keys alike:
     * {@code source.geo.city_name} finds {@code {"source":{"geo":{"city_name":..}}}},
     * {@code {"source.geo.city_name":..}} and mixtures such as {@code {"source":{"geo.city_name":..}}}.
     */
    static JsonNode at(JsonNode obj, String path) {
        if (obj == null || !obj.isObject()) return null;
        JsonNode direct = obj.get(path);
        if (direct != null) return direct;
        Split split = split(path);
        for (int i = 0; i < split.heads.length; i++) {
            JsonNode child = obj.get(split.heads[i]);
            if (child != null && child.isObject()) {
                JsonNode found = at(child, split.tails[i]);
                if (found != null) return found;
            }
        }
        return null;
    }

    /** A dotted path cut at each of its dots (none when it starts with one): the part before and the part after. */
    private record Split(String[] heads, String[] tails) {
    }

    /**
     * The paths' cuts, made once: the adapters look up the same few dozen paths (code constants and profile
     * mappings) in every record, and cutting them anew allocated and hashed two strings per dot per look-up.
     * Bounded; a path beyond the bound is cut for each look-up.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Split> SPLITS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SPLITS = 4_096;

    private static Split split(String path) {
        Split s = SPLITS.get(path);
        if (s != null) return s;
        java.util.List<String> heads = new java.util.ArrayList<>(), tails = new java.util.ArrayList<>();
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            heads.add(path.substring(0, dot));
            tails.add(path.substring(dot + 1));
        }
        s = new Split(heads.toArray(new String[0]), tails.toArray(new String[0]));
        if (SPLITS.size() < MAX_SPLITS) SPLITS.putIfAbsent(path, s);
        return s;
    }

    /** Iterates the members of an object. */
    static Iterator<Map.Entry<String, JsonNode>> members(JsonNode obj) {
        return obj.fields();
    }
}
