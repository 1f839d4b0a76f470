package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

class JsonAdapterTest {
    private static final SourceProfile JSON = SourceProfile.of("json", "json");

    @Test
    void nativeNdjson() {
        Collected c = Collected.read(JSON, "{\"id\":\"e1\",\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"alice\",\"kind\":\"authentication\","
                + "\"action\":\"logon\",\"outcome\":\"success\",\"srcIp\":\"10.0.0.1\",\"dstHost\":\"vpn1\",\"country\":\"de\",\"lat\":52.5,\"lon\":13.4,"
                + "\"asn\":\"AS3320\",\"bytes\":12,\"attributes\":{\"mfa\":\"push\",\"n\":3},\"metrics\":{\"latency\":1.5}}\n"
                + "\n"
                + "{\"time\":1713484800.25,\"entity\":\"bob\",\"kind\":\"web\"}\n");
        assertEquals(List.of(), c.rejects);
        assertEquals(List.of(2L), c.skipLines());
        Event e = c.event(0);
        assertEquals("e1", e.id());
        assertEquals(Instant.parse("2024-04-19T10:00:00Z"), e.time());
        assertEquals("alice", e.entity());
        assertEquals(EventKind.AUTHENTICATION, e.kind());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals("DE", e.country());
        assertEquals(52.5, e.lat());
        assertEquals(3320L, e.asn());
        assertEquals(12L, e.bytes());
        assertEquals(Map.of("mfa", "push", "n", "3"), e.attributes());
        assertEquals(Map.of("latency", 1.5), e.metrics());
        assertEquals(Instant.parse("2024-04-19T00:00:00.25Z"), c.event(1).time());
        assertEquals("{\"time\":1713484800.25,\"entity\":\"bob\",\"kind\":\"web\"}", c.records.get(1).raw());
    }

    @Test
    void ndjsonRejectsAndContinues() {
        SourceProfile vpn = new SourceProfile("vpn", "json", null, ZoneId.of("Europe/Berlin"), null, Map.of("kind", "authentication"), null);
        Collected c = Collected.read(vpn, "\uFEFF{\"time\":\"2024-04-19 12:00:00\",\"entity\":\"a\"}\r\n"
                + "{\"time\":\"2024-04-19 12:00:00\",\"entity\":\"a\"\r\n"
                + "[1,2]\r\n"
                + "{\"time\":\"2024-04-19 12:00:00\"}\r\n"
                + "{\"time\":\"2024-04-19 12:00:00\",\"entity\":\"a\",\"srcIp\":\"999.1.1.1\"}\r\n"
                + "{\"time\":\"2024-04-19 12:00:00\",\"entity\":\"a\",\"metrics\":{\"x\":\"y\"}}\r\n"
                + "{\"time\":\"2024-04-19 12:00:00\",\"entity\":{\"n\":1}}\r\n"
                + "{\"entity\":\"a\"}\r\n"
                + "{\"time\":\"2024-04-19 12:00:01\",\"entity\":\"b\"}\r\n");
        assertEquals(List.of(1L, 9L), c.recordLines());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L), c.rejectLines());
        assertEquals(Instant.parse("2024-04-19T10:00:00Z"), c.event(0).time());
        assertEquals(EventKind.AUTHENTICATION, c.event(0).kind());
        assertTrue(c.reason(0).startsWith("invalid JSON: "), c.reason(0));
        assertEquals("record: expected a JSON object", c.reason(1));
        assertEquals("entity: missing", c.reason(2));
        assertEquals("srcIp: '999.1.1.1' is not an IP address", c.reason(3));
        assertEquals("metrics.x: expected a number", c.reason(4));
        assertEquals("entity: expected a string or number, found an object", c.reason(5));
        assertEquals("time: missing", c.reason(6));
        for (Collected.Note n : c.rejects) assertTrue(!n.text().contains("Exception") && !n.text().contains("com.fasterxml"), n.text());
    }

    @Test
    void missingKindWithoutOptionIsRejected() {
        Collected c = Collected.read(JSON, "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\"}\n");
        assertEquals("kind: missing", c.reason(0));
    }

    @Test
    void arrayWithElementsOverSeveralLines() {
        Collected c = Collected.read(JSON, "\n  [\n  {\"time\":\"2024-04-19T10:00:00Z\",\n   \"entity\":\"a\",\"kind\":\"file\"},\n"
                + "  42,\n  {\"time\":\"2024-04-19T10:00:01Z\",\"entity\":\"b\",\"kind\":\"file\"}\n]\n");
        assertEquals(List.of(1L), c.skipLines());
        assertEquals(List.of(5L), c.rejectLines(), c.toString());
        assertEquals(List.of(3L, 6L), c.recordLines());
        assertEquals("{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"file\"}", c.records.get(0).raw());
    }

    @Test
    void arrayElementsKeepEveryDigit() {
        String element = "{\"time\":1713484800.123456,\"entity\":\"a\",\"kind\":\"web\",\"attributes\":{\"n\":0.1000,\"big\":123456789012345678901234567890}}";
        Collected c = Collected.read(JSON, "[" + element + "]");
        assertEquals(Instant.parse("2024-04-19T00:00:00.123456Z"), c.event(0).time());
        assertEquals(Map.of("n", "0.1000", "big", "123456789012345678901234567890"), c.event(0).attributes());
        assertEquals(element, c.records.get(0).raw());
    }

    @Test
    void arrayLinesEndOnlyAtLineFeeds() {
        // found by AdapterFuzzTest: Jackson counts a lone '\r' as a line end, the line readers do not
        Collected c = Collected.read(JSON, "[\r{\"time\":\"2024-04-19T10:00:00Z\",\r\"entity\":\"a\",\"kind\":\"file\"}\r\n,"
                + "\r{},\n\r\n{\"time\": \r oops}]");
        assertEquals(List.of(1L), c.recordLines());
        assertEquals(List.of(2L, 4L), c.rejectLines());
        // found by AdapterFuzzTest: the end of the input after a final line feed was reported as one line further
        c = Collected.read(JSON, "[{},\n[2\n");
        assertEquals(List.of(1L, 2L), c.rejectLines());
        assertTrue(c.reason(1).startsWith("invalid JSON in array: Unexpected end-of-input"), c.reason(1));
    }

    @Test
    void brokenArrayStopsWithAReason() {
        Collected c = Collected.read(JSON, "[{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"file\"},\n{\"time\": oops}\n,{}]");
        assertEquals(List.of(2L), c.rejectLines(), c.toString());
        assertEquals(List.of(1L), c.recordLines());
        assertTrue(c.reason(0).startsWith("invalid JSON in array: "), c.reason(0));
        assertTrue(c.reason(0).endsWith("the rest of the array was not read"), c.reason(0));
    }

    @Test
    void limits() {
        RecordAdapter a = Adapters.create(JSON, new AdapterLimits(160, 8));
        Collected c = Collected.read(a, "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"file\",\"attributes\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6}}\n"
                + "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"" + "x".repeat(200) + "\",\"kind\":\"file\"}\n"
                + "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"file\"}\n");
        assertEquals(List.of(3L), c.recordLines());
        assertEquals("record has more than 8 fields (the limit)", c.reason(0));
        assertEquals("line longer than 160 characters", c.reason(1));
        c = Collected.read(a, "[{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"" + "x".repeat(200) + "\",\"kind\":\"file\"}]");
        assertEquals("array element longer than 160 characters", c.reason(0));
    }

    @Test
    void hugeExponentsAreNotWrittenOut() {
        // found by AdapterFuzzTest: 1e999999999 in plain notation is a billion digits (half a minute and a gigabyte)
        Collected c = Collected.read(JSON, "{\"time\":1e999999999,\"entity\":\"a\",\"kind\":\"web\"}\n"
                + "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"web\",\"attributes\":{\"big\":1e999999999},\"lat\":1e-999999999,\"lon\":1.5e2}\n");
        assertEquals("time: '1E+999999999' is not a timestamp (expected ISO-8601 or epoch seconds/milliseconds)", c.reason(0));
        assertEquals("1E+999999999", c.event(0).attributes().get("big"));
        assertEquals(0.0, c.event(0).lat());
        assertEquals(150.0, c.event(0).lon());
    }

    @Test
    void oneCoordinateAloneIsRejected() {
        // found by EventFuzzTest: such an event could not be written to the journal
        Collected c = Collected.read(JSON, "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"web\",\"lat\":10}\n");
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals("lat/lon: give both coordinates or neither", c.reason(0));
    }

    @Test
    void numbersOutOfRangeAreRejected() {
        // found by AdapterFuzzTest: BigDecimal's exponent overflow escaped the adapter as NumberFormatException
        Collected c = Collected.read(JSON, "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"web\",\"lat\":1e-9999999990}\n");
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals("invalid JSON: a number is out of range", c.reason(0));
        c = Collected.read(JSON, "[{\"lat\":1e-9999999990},\n{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"web\"}]");
        assertEquals(List.of(1L), c.rejectLines());
        assertEquals("invalid JSON: a number is out of range", c.reason(0));
        assertEquals(List.of(2L), c.recordLines());
    }

    @Test
    void reasonsAreShortAndPrintable() {
        // found by AdapterFuzzTest: a reason quoted a JSON key whole, control characters included
        String key = "k\\u0001" + "x".repeat(500);
        Collected c = Collected.read(JSON, "{\"time\":\"2024-04-19T10:00:00Z\",\"entity\":\"a\",\"kind\":\"web\",\"attributes\":{\"" + key + "\":[1]}}\n");
        assertEquals(Records.MAX_REASON, c.reason(0).length());
        assertTrue(c.reason(0).startsWith("attributes.k?xxx"), c.reason(0));
        assertTrue(c.reason(0).endsWith("x…"), c.reason(0));
    }

    @Test
    void ecsNested() {
        String doc = "{\"@timestamp\":\"2024-04-19T10:00:00.123Z\",\"event\":{\"id\":\"ev-1\",\"category\":[\"authentication\"],\"action\":\"user_login\",\"outcome\":\"failure\"},"
                + "\"user\":{\"name\":\"alice\",\"domain\":\"CORP\"},\"source\":{\"ip\":\"81.2.69.160\",\"geo\":{\"country_iso_code\":\"GB\",\"city_name\":\"London\","
                + "\"location\":{\"lat\":51.5,\"lon\":-0.12}},\"as\":{\"number\":20712,\"organization\":{\"name\":\"Andrews & Arnold\"}},\"bytes\":10},"
                + "\"destination\":{\"ip\":\"10.0.0.2\",\"bytes\":5},\"host\":{\"name\":\"sso1\"},\"user_agent\":{\"original\":\"curl/8\"},"
                + "\"url\":{\"original\":\"https://sso/login\"},\"http\":{\"response\":{\"status_code\":401}}}";
        Collected c = Collected.read(JSON, doc + "\n");
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals("ev-1", e.id());
        assertEquals(Instant.parse("2024-04-19T10:00:00.123Z"), e.time());
        assertEquals("alice", e.entity());
        assertEquals(EventKind.AUTHENTICATION, e.kind());
        assertEquals("user_login", e.action());
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals("81.2.69.160", e.srcIp());
        assertEquals("10.0.0.2", e.dstIp());
        assertEquals("sso1", e.dstHost());
        assertEquals("GB", e.country());
        assertEquals("London", e.city());
        assertEquals(51.5, e.lat());
        assertEquals(-0.12, e.lon());
        assertEquals(20712L, e.asn());
        assertEquals("Andrews & Arnold", e.asOrg());
        assertEquals("curl/8", e.userAgent());
        assertEquals(15L, e.bytes());
        assertEquals(Map.of("url", "https://sso/login", "status", "401", "domain", "CORP"), e.attributes());
    }

    @Test
    void ecsFlattenedAndFallbacks() {
        Collected c = Collected.read(JSON, "{\"@timestamp\":\"2024-04-19T10:00:00Z\",\"user.id\":\"u-7\",\"event.category\":\"web\",\"http.request.method\":\"POST\","
                + "\"source.address\":\"gw.example.org\",\"source.geo.location\":\"48.1,11.6\",\"network.bytes\":99,\"url.path\":\"/api\"}\n"
                + "{\"@timestamp\":\"2024-04-19T10:00:00Z\",\"source\":{\"user\":{\"name\":\"svc\"},\"address\":\"10.9.9.9\",\"geo\":{\"location\":[11.6,48.1]}},"
                + "\"destination.domain\":\"db1\",\"event\":{\"category\":[\"host\",\"x\"]},\"device\":{\"id\":\"usb-1\"},\"http.response.body.bytes\":7}\n"
                + "{\"@timestamp\":\"2024-04-19T10:00:00Z\",\"user\":{\"name\":\"a\"},\"event\":{\"category\":\"configuration\"}}\n"
                + "{\"@timestamp\":\"2024-04-19T10:00:00Z\",\"user\":{\"name\":\"a\"},\"event\":{\"kind\":\"event\"}}\n");
        assertEquals(List.of(4L), c.rejectLines());
        assertEquals("kind: missing", c.reason(0));
        Event a = c.event(0);
        assertEquals("u-7", a.entity());
        assertEquals(EventKind.WEB_REQUEST, a.kind());
        assertEquals("POST", a.action());
        assertEquals("gw.example.org", a.srcHost());
        assertNull(a.srcIp());
        assertEquals(48.1, a.lat());
        assertEquals(11.6, a.lon());
        assertEquals(99L, a.bytes());
        assertEquals("/api", a.attributes().get("url"));
        Event b = c.event(1);
        assertEquals("svc", b.entity());
        assertEquals("10.9.9.9", b.srcIp());
        assertEquals(48.1, b.lat());
        assertEquals("db1", b.dstHost());
        assertEquals(EventKind.DEVICE, b.kind());
        assertEquals("usb-1", b.device());
        assertEquals(7L, b.bytes());
        assertEquals(EventKind.OTHER, c.event(2).kind());
    }

    @Test
    void profileMappingOverridesAndExtends() {
        SourceProfile p = new SourceProfile("custom", "json", null, null,
                Map.of("entity", "actor.login", "attributes.tenant", "org.id", "metrics.score", "risk.score", "time", "ts"),
                Map.of("kind", "other"), null);
        Collected c = Collected.read(p, "{\"ts\":\"2024-04-19T10:00:00Z\",\"actor\":{\"login\":\"eve\"},\"org.id\":\"t1\",\"risk\":{\"score\":0.7}}\n"
                + "{\"@timestamp\":\"2024-04-19T10:00:00Z\",\"user\":{\"name\":\"x\"},\"actor\":{\"login\":\"eve\"}}\n"
                + "{\"ts\":\"2024-04-19T10:00:00Z\",\"actor\":{\"login\":\"eve\"},\"risk\":{\"score\":\"high\"}}\n");
        assertEquals(List.of(3L), c.rejectLines());
        assertEquals("metrics.score: 'high' is not a number", c.reason(0));
        assertEquals("eve", c.event(0).entity());
        assertEquals(Map.of("tenant", "t1"), c.event(0).attributes());
        assertEquals(Map.of("score", 0.7), c.event(0).metrics());
        assertEquals(EventKind.OTHER, c.event(0).kind());
        assertEquals("eve", c.event(1).entity());
    }

    @Test
    void theCompactTextIsMadeOnlyWhenAskedAndTheReplacementMarkIsThatOfTheText() throws Exception {
        String input = "{\"time\":\"2026-01-05T08:00:00Z\",\"kind\":\"web\",  \"entity\": \"alice\", \"x\": [1, {\"y\": 2.50}]}\n"
                + "{\"time\":\"2026-01-05T08:00:00Z\",\"kind\":\"web\",\"entity\":\"bob\",\"note\":\"caf\u00e9 \\ufffd\"}\n"
                + "{\"time\":\"2026-01-05T08:00:00Z\",\"kind\":\"web\",\"entity\":\"carol\",\"n\\ufffd\":1}\n"
                + "{\"time\":\"2026-01-05T08:00:00Z\",\"kind\":\"web\",\"entity\":\"dave\",\"deep\":[[\"ok\",\"\\ufffd\"]]}\n";
        List<String> texts = new java.util.ArrayList<>();
        List<Boolean> marks = new java.util.ArrayList<>();
        List<java.util.function.Supplier<String>> lazies = new java.util.ArrayList<>();
        Adapters.create(JSON, AdapterLimits.DEFAULT).read(new java.io.StringReader(input), new RecordListener() {
            @Override
            public void record(long line, String raw, org.openueba.event.Event.Builder event) {
                throw new AssertionError("the JSON adapter hands over the lazy form");
            }

            @Override
            public void record(long line, java.util.function.Supplier<String> raw, boolean replacement, org.openueba.event.Event.Builder event) {
                lazies.add(raw);
                marks.add(replacement);
            }

            @Override
            public void reject(long line, String reason) {
                throw new AssertionError(line + ": " + reason);
            }
        });
        for (var raw : lazies) texts.add(raw.get());
        // each text is the element's compact form, as the id derivation has always read it, and asking twice gives the same string
        String[] lines = input.split("\n");
        for (int i = 0; i < lines.length; i++) {
            assertEquals(JsonValues.MAPPER.writeValueAsString(JsonValues.MAPPER.readTree(lines[i])), texts.get(i));
            assertTrue(texts.get(i) == lazies.get(i).get());
            assertEquals(texts.get(i).indexOf('\uFFFD') >= 0, marks.get(i), "line " + (i + 1));
        }
        assertEquals(List.of(false, true, true, true), marks);
    }
}
