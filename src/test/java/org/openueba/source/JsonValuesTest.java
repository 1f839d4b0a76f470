package org.openueba.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Dotted paths into JSON trees ({@link JsonValues#at}): nested, flattened and mixed keys. */
class JsonValuesTest {
    private static String at(String json, String path) {
        var n = JsonValues.at(JsonValues.parse(json), path);
        return n == null ? null : n.asText();
    }

    @Test
    void dottedPathsFindNestedFlattenedAndMixedKeysTheSameOnEveryLookUp() {
        for (int round = 0; round < 3; round++) { // the second and third rounds read the remembered cuts
            assertEquals("Paris", at("{\"source\":{\"geo\":{\"city_name\":\"Paris\"}}}", "source.geo.city_name"));
            assertEquals("Paris", at("{\"source.geo.city_name\":\"Paris\"}", "source.geo.city_name"));
            assertEquals("Paris", at("{\"source\":{\"geo.city_name\":\"Paris\"}}", "source.geo.city_name"));
            assertEquals("Paris", at("{\"source.geo\":{\"city_name\":\"Paris\"}}", "source.geo.city_name"));
            // the first cut that leads to a value wins: "source" has no geo.city_name, "source.geo" has
            assertEquals("Lyon", at("{\"source\":{\"ip\":\"1.2.3.4\"},\"source.geo\":{\"city_name\":\"Lyon\"}}", "source.geo.city_name"));
            assertEquals("x", at("{\"a\":{\".b\":\"x\"}}", "a..b")); // cut after "a": ".b" is the rest
            assertEquals("y", at("{\"a.\":{\"b\":\"y\"}}", "a..b")); // cut after "a.": "b"
            assertNull(at("{\"\":{\"a\":\"z\"}}", ".a")); // a leading dot is no cut
            assertEquals("z", at("{\".a\":\"z\"}", ".a"));
            assertNull(at("{\"source\":{\"geo\":\"flat\"}}", "source.geo.city_name")); // not an object on the way
            assertNull(at("{\"user\":{\"name\":\"a\"}}", "user.id"));
            assertEquals("a", at("{\"user\":{\"name\":\"a\"}}", "user.name"));
        }
    }
}
