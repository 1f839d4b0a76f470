package org.openueba.store;

import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Field;
import org.openueba.event.Outcome;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Compact binary form of an {@link Event} for the journal. Layout: a presence bitmask (int) of the
 * optional fields, epoch seconds (long) and nanos (int) of the time, the kind and outcome ordinals
 * (byte), then each present text field as a varint length plus UTF-8 bytes and each present number
 * as a long or double, then the attribute and metric maps (varint count, then key/value pairs).
 * Pure Java; stateless and thread-safe.
 */
public final class EventCodec {
    private static final Field[] TEXT = {Field.ID, Field.SOURCE, Field.ENTITY, Field.ACTION, Field.SRC_HOST,
            Field.DST_HOST, Field.SRC_IP, Field.DST_IP, Field.COUNTRY, Field.CITY, Field.AS_ORG, Field.DEVICE,
            Field.USER_AGENT};
    private static final EventKind[] KINDS = EventKind.values();
    private static final Outcome[] OUTCOMES = Outcome.values();

    private EventCodec() {
    }

    /** Appends the encoding of {@code e} to {@code out}. */
    public static void encode(Event e, ByteArrayOutputStream out) {
        int mask = 0;
        for (int i = 0; i < TEXT.length; i++) if (e.get(TEXT[i]) != null) mask |= 1 << i;
        if (e.lat() != null) mask |= 1 << 13;
        if (e.asn() != null) mask |= 1 << 14;
        if (e.bytes() != null) mask |= 1 << 15;
        if (e.outcome() != null) mask |= 1 << 16;
        writeInt(out, mask);
        writeLong(out, e.time().getEpochSecond());
        writeInt(out, e.time().getNano());
        out.write(e.kind().ordinal());
        if (e.outcome() != null) out.write(e.outcome().ordinal());
        for (Field f : TEXT) {
            String v = e.get(f);
            if (v != null) writeString(out, v);
        }
        if (e.lat() != null) {
            writeLong(out, Double.doubleToRawLongBits(e.lat()));
            writeLong(out, Double.doubleToRawLongBits(e.lon()));
        }
        if (e.asn() != null) writeLong(out, e.asn());
        if (e.bytes() != null) writeLong(out, e.bytes());
        writeVarint(out, e.attributes().size());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            writeString(out, a.getKey());
            writeString(out, a.getValue());
        }
        writeVarint(out, e.metrics().size());
        for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
            writeString(out, m.getKey());
            writeLong(out, Double.doubleToRawLongBits(m.getValue()));
        }
    }

    /** Decodes one event from {@code in}'s current position. */
    public static Event decode(ByteBuffer in) {
        int mask = in.getInt();
        Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
        Event.Builder b = Event.builder().time(time).kind(KINDS[in.get()]);
        if ((mask & (1 << 16)) != 0) b.outcome(OUTCOMES[in.get()]);
        for (int i = 0; i < TEXT.length; i++) {
            if ((mask & (1 << i)) == 0) continue;
            String v = readString(in);
            if (TEXT[i] == Field.SOURCE) b.source(v);
            else b.replaceText(TEXT[i], v);
        }
        if ((mask & (1 << 13)) != 0) {
            double lat = Double.longBitsToDouble(in.getLong());
            double lon = Double.longBitsToDouble(in.getLong());
            b.coordinates(lat, lon);
        }
        if ((mask & (1 << 14)) != 0) b.asn(in.getLong());
        if ((mask & (1 << 15)) != 0) b.bytes(in.getLong());
        int attrs = readVarint(in);
        for (int i = 0; i < attrs; i++) b.attribute(readString(in), readString(in));
        int metrics = readVarint(in);
        for (int i = 0; i < metrics; i++) b.metric(readString(in), Double.longBitsToDouble(in.getLong()));
        return b.build();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static String readString(ByteBuffer in) {
        int n = readVarint(in);
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readVarint(ByteBuffer in) {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = in.get();
            v |= (b & 0x7f) << shift;
            if (b >= 0) return v;
        }
        throw new IllegalStateException("malformed varint");
    }

    static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static void writeLong(ByteArrayOutputStream out, long v) {
        writeInt(out, (int) (v >>> 32));
        writeInt(out, (int) v);
    }
}
