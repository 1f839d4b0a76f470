package org.openueba.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.openueba.smart.Indicator;
import org.openueba.smart.WindowAlert;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * Writes alerts as NDJSON, one object per line, members always in the same order: {@code id, entity,
 * window, groupId, windowStart, windowEnd, score, severity, smartValue, userPercentile, orgPercentile,
 * eventCount, firstEventId, lastEventId, sources, crossedAt, updatedAt, indicators[{feature, value,
 * score, contribution, share, reason, evidence}]}. Instants are ISO-8601 UTC ({@link Instant#toString}),
 * numbers Java's shortest round-trip form, NaN and absent values {@code null}, severity its wire name.
 * The same alerts give the same bytes. Pure Java.
 */
public final class AlertNdjson {
    private static final JsonFactory JSON = new JsonFactory();

    private AlertNdjson() {
    }

    /**
     * Writes {@code alerts} to {@code file} through a temporary file in the same directory that is moved into
     * place at the end, so that a failed replay never leaves a partial file behind.
     */
    public static void write(List<WindowAlert> alerts, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                write(alerts, o);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code alerts} in the given order, one line each, UTF-8. Does not close {@code out}. */
    public static void write(List<WindowAlert> alerts, OutputStream out) throws IOException {
        Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (WindowAlert a : alerts) {
                line(g, a);
                g.flush();
                w.write('\n');
            }
        }
        w.flush();
    }

    /** One alert as one JSON line (without the newline). */
    public static String line(WindowAlert a) {
        java.io.StringWriter s = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(s)) {
            line(g, a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    private static void line(JsonGenerator g, WindowAlert a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("entity", a.entity());
        g.writeStringField("window", a.window());
        text(g, "groupId", a.groupId());
        instant(g, "windowStart", a.windowStart());
        instant(g, "windowEnd", a.windowEnd());
        number(g, "score", a.score());
        g.writeStringField("severity", a.severity().wireName());
        number(g, "smartValue", a.smartValue());
        number(g, "userPercentile", a.userPercentile());
        number(g, "orgPercentile", a.orgPercentile());
        g.writeNumberField("eventCount", a.eventCount());
        text(g, "firstEventId", a.firstEventId());
        text(g, "lastEventId", a.lastEventId());
        g.writeArrayFieldStart("sources");
        for (String s : a.sources()) g.writeString(s);
        g.writeEndArray();
        instant(g, "crossedAt", a.crossedAt());
        instant(g, "updatedAt", a.updatedAt());
        g.writeArrayFieldStart("indicators");
        for (Indicator i : a.indicators()) {
            g.writeStartObject();
            g.writeStringField("feature", i.feature());
            text(g, "value", i.value());
            number(g, "score", i.score());
            number(g, "contribution", i.contribution());
            number(g, "share", i.share());
            text(g, "reason", i.reason());
            g.writeArrayFieldStart("evidence");
            for (String id : i.evidence()) g.writeString(id);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void text(JsonGenerator g, String name, String v) throws IOException {
        if (v == null) g.writeNullField(name);
        else g.writeStringField(name, v);
    }

    private static void instant(JsonGenerator g, String name, Instant v) throws IOException {
        text(g, name, v == null ? null : v.toString());
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) g.writeNullField(name);
        else g.writeNumberField(name, v);
    }
}
