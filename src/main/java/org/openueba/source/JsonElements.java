package org.openueba.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.Reader;
import org.openueba.event.InvalidRecordException;

/**
 * Reads the elements of a JSON stream (the elements of an array, or the top-level values of a
 * directory export) one at a time without holding more than the line limit of any one in memory. Jackson would build the
 * whole tree of an element before its length could be checked: 60 MB of {@code [1,1,1,…]} in one
 * element is a tree of gigabytes. Here the element's tokens are copied into a buffer while the
 * parser's position is watched; past the limit the rest of the element is skipped token by token,
 * strings unread. A single string or name longer than the limit is stopped by the parser itself
 * ({@link #parser}), which throws.
 */
public final class JsonElements {
    private JsonElements() {
    }

    /**
     * A parser over {@code in} whose strings, names and numbers may not exceed
     * {@code limits.maxLineLength()} characters (numbers: 1000); beyond, it throws
     * {@link com.fasterxml.jackson.core.exc.StreamConstraintsException}. {@code base} gives the
     * parser features.
     */
    public static JsonParser parser(JsonFactory base, Reader in, AdapterLimits limits) throws IOException {
        StreamReadConstraints c = StreamReadConstraints.builder()
                .maxStringLength(limits.maxLineLength())
                .maxNameLength(limits.maxLineLength())
                .maxNumberLength(Math.min(limits.maxLineLength(), StreamReadConstraints.DEFAULT_MAX_NUM_LEN))
                .build();
        return base.rebuild().streamReadConstraints(c).build().createParser(in);
    }

    /**
     * Reads the element starting at the parser's current token into a tree, leaving the parser on
     * its last token.
     *
     * @param what what an element is called in a reason ("array element")
     * @throws InvalidRecordException when the element runs longer than {@code maxChars} characters
     *                                (the rest of it is then skipped) or holds a number out of range
     *                                ({@code 1e-9999999999}); the parser can read on after it
     */
    public static JsonNode read(JsonParser p, long maxChars, ObjectReader reader, String what) throws IOException {
        TokenBuffer copy = copy(p, maxChars);
        if (copy == null) throw new InvalidRecordException(what + " longer than " + maxChars + " characters");
        try {
            return reader.readTree(copy.asParser());
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("invalid JSON: a number is out of range");
        }
    }

    /** The element's tokens, or null when it ran longer than {@code maxChars} (it is then skipped). */
    private static TokenBuffer copy(JsonParser p, long maxChars) throws IOException {
        long end = p.currentTokenLocation().getCharOffset() + maxChars;
        TokenBuffer out = new TokenBuffer(p);
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            if (t == null) throw new JsonEOFException(p, null, "Unexpected end-of-input inside an element");
            if (t.isStructStart()) depth++;
            else if (t.isStructEnd()) depth--;
            if (p.currentLocation().getCharOffset() > end) {
                while (depth > 0) {
                    t = p.nextToken();
                    if (t == null) throw new JsonEOFException(p, null, "Unexpected end-of-input inside an element");
                    if (t.isStructStart()) depth++;
                    else if (t.isStructEnd()) depth--;
                }
                return null;
            }
            out.copyCurrentEvent(p);
            if (depth == 0) return out;
            t = p.nextToken();
        }
    }
}
