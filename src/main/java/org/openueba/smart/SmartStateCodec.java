package org.openueba.smart;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The second layer's state as bytes, for model snapshots: organisation prior and maxima, then every
 * entity's days, daily maxima, day claims and open windows. {@link #read} with the same settings
 * gives an engine that continues exactly like the one written (tested byte for byte). A stream
 * written with other window kinds or another retention is refused with a message.
 */
public final class SmartStateCodec {
    public static final int MAGIC = 0x534d5254; // "SMRT"
    public static final int VERSION = 1;
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_COUNT = 50_000_000;

    private SmartStateCodec() {
    }

    /** Writes {@code engine}'s state to {@code out} (not closed). */
    public static void write(SmartEngine engine, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeInt(engine.config.retentionDays());
        d.writeLong(engine.config.allowedLateness());
        d.writeInt(engine.specs.size());
        for (WindowSpec s : engine.specs) str(d, s.toString());
        d.writeInt(engine.orgDay);
        d.writeDouble(engine.prior);
        d.writeLong(engine.tooLate);
        d.writeInt(engine.orgMaxima.length);
        for (double v : engine.orgMaxima) d.writeDouble(v);
        d.writeInt(engine.orgZeros);
        d.writeInt(engine.byIndex.size());
        for (SmartEngine.EntityState m : engine.byIndex) {
            str(d, m.id);
            d.writeInt(m.day);
            d.writeDouble(m.todayMax);
            d.writeLong(m.active.lo);
            d.writeLong(m.active.hi);
            d.writeInt(m.hN);
            for (int i = 0; i < m.hN; i++) {
                d.writeInt(m.hDays[i]);
                d.writeFloat(m.hMax[i]);
            }
            for (long g : m.groups) d.writeLong(g);
            if (m.dayClaims == null) {
                d.writeInt(-1);
            } else {
                d.writeInt(m.dayClaims.size());
                for (var e : m.dayClaims.entrySet()) {
                    str(d, e.getKey());
                    d.writeInt(e.getValue().spec);
                    d.writeLong(e.getValue().key);
                    d.writeDouble(e.getValue().score);
                }
            }
            d.writeLong(m.newestLocal);
            for (java.util.List<SmartEngine.Window> windows : m.open) {
                d.writeInt(windows.size());
                for (SmartEngine.Window w : windows) window(d, w);
            }
        }
    }

    private static void window(DataOutputStream d, SmartEngine.Window w) throws IOException {
        d.writeLong(w.key);
        d.writeInt(w.day);
        instant(d, w.start);
        instant(d, w.end);
        str(d, w.firstId);
        str(d, w.lastId);
        d.writeInt(w.count);
        List<String> sources = w.sources();
        d.writeInt(sources.size());
        for (String s : sources) str(d, s);
        d.writeDouble(w.value);
        d.writeBoolean(w.alerted);
        instant(d, w.crossedAt);
        instant(d, w.updatedAt);
        d.writeInt(w.features.size());
        for (SmartEngine.Acc a : w.features.values()) {
            str(d, a.feature);
            str(d, a.type);
            d.writeDouble(a.max);
            str(d, a.value);
            str(d, a.reason);
            str(d, a.topEvent);
            if (a.perValue == null) {
                d.writeInt(-1);
            } else {
                d.writeInt(a.perValue.size());
                for (var e : a.perValue.entrySet()) {
                    str(d, e.getKey());
                    d.writeDouble(e.getValue());
                }
            }
            d.writeInt(a.evidence.size());
            for (String id : a.evidence) str(d, id);
        }
    }

    /**
     * Reads a state written by {@link #write} into a new engine with {@code config}.
     *
     * @throws IOException when the stream is not a second-layer state, has another version, was written
     *                     with other window kinds or retention, or is truncated or inconsistent
     */
    public static SmartEngine read(InputStream in, SmartConfig config) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (d.readInt() != MAGIC) throw new IOException("not a second-layer state (bad magic)");
        int version = d.readInt();
        if (version != VERSION) throw new IOException("second-layer state version " + version + ", expected " + VERSION);
        SmartEngine e = new SmartEngine(config);
        int retention = d.readInt();
        if (retention != config.retentionDays()) {
            throw new IOException("second-layer state has retention " + retention + " days, settings say " + config.retentionDays());
        }
        long lateness = d.readLong();
        if (lateness != config.allowedLateness()) {
            throw new IOException("second-layer state has allowed lateness " + lateness + " s, settings say " + config.allowedLateness());
        }
        int specs = count(d.readInt(), 64);
        if (specs != e.specs.size()) throw new IOException("second-layer state has other window kinds than the settings");
        for (int i = 0; i < specs; i++) {
            String s = str(d);
            if (!e.specs.get(i).toString().equals(s)) {
                throw new IOException("second-layer state has window " + s + " where the settings have " + e.specs.get(i));
            }
        }
        e.orgDay = d.readInt();
        e.prior = d.readDouble();
        e.tooLate = d.readLong();
        e.orgMaxima = new double[count(d.readInt(), MAX_COUNT)];
        for (int i = 0; i < e.orgMaxima.length; i++) e.orgMaxima[i] = d.readDouble();
        e.orgZeros = d.readInt();
        int n = count(d.readInt(), MAX_COUNT);
        for (int k = 0; k < n; k++) {
            SmartEngine.EntityState m = new SmartEngine.EntityState(str(d), specs);
            if (m.id == null || e.entities.put(m.id, m) != null) throw new IOException("second-layer state: bad or repeated entity");
            e.byIndex.add(m);
            m.day = d.readInt();
            m.todayMax = d.readDouble();
            m.active.lo = d.readLong();
            m.active.hi = d.readLong();
            m.hN = count(d.readInt(), DayBits.CAPACITY);
            m.hDays = new int[m.hN];
            m.hMax = new float[m.hN];
            for (int i = 0; i < m.hN; i++) {
                m.hDays[i] = d.readInt();
                m.hMax[i] = d.readFloat();
            }
            for (int i = 0; i < specs; i++) m.groups[i] = d.readLong();
            int claims = d.readInt();
            if (claims >= 0) {
                m.dayClaims = new HashMap<>(4);
                for (int i = 0; i < count(claims, 100_000); i++) {
                    String f = str(d);
                    int spec = d.readInt();
                    if (spec < 0 || spec >= specs) throw new IOException("second-layer state: bad window index " + spec);
                    m.dayClaims.put(f, new SmartEngine.Claim(spec, d.readLong(), d.readDouble()));
                }
            }
            m.newestLocal = d.readLong();
            for (int s = 0; s < specs; s++) {
                int windows = count(d.readInt(), 100_000);
                for (int w = 0; w < windows; w++) m.open[s].add(window(d, s, config));
            }
        }
        return e;
    }

    private static SmartEngine.Window window(DataInputStream d, int spec, SmartConfig c) throws IOException {
        SmartEngine.Window w = new SmartEngine.Window(spec, d.readLong(), d.readInt());
        w.start = instant(d);
        w.end = instant(d);
        w.firstId = str(d);
        w.lastId = str(d);
        w.count = d.readInt();
        int sources = count(d.readInt(), 10_000);
        for (int i = 0; i < sources; i++) w.addSource(str(d));
        w.value = d.readDouble();
        w.alerted = d.readBoolean();
        w.crossedAt = instant(d);
        w.updatedAt = instant(d);
        int features = count(d.readInt(), 100_000);
        for (int i = 0; i < features; i++) {
            SmartEngine.Acc a = new SmartEngine.Acc(str(d), str(d), c);
            a.max = d.readDouble();
            a.value = str(d);
            if (a.byKind && a.value != null) a.weight = SmartEngine.kindWeightOf(c, a.value);
            a.reason = str(d);
            a.topEvent = str(d);
            int values = d.readInt();
            if (values >= 0) {
                a.perValue = new LinkedHashMap<>();
                for (int j = 0; j < count(values, MAX_COUNT); j++) a.perValue.put(str(d), d.readDouble());
            }
            int ev = count(d.readInt(), 100_000);
            for (int j = 0; j < ev; j++) a.evidence.add(str(d));
            w.features.put(a.feature, a);
        }
        return w;
    }

    private static int count(int n, int max) throws IOException {
        if (n < 0 || n > max) throw new IOException("second-layer state: count " + n + " out of range 0.." + max);
        return n;
    }

    private static void str(DataOutputStream d, String s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    private static String str(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n == -1) return null;
        byte[] b = new byte[count(n, MAX_STRING)];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void instant(DataOutputStream d, Instant t) throws IOException {
        d.writeBoolean(t != null);
        if (t != null) {
            d.writeLong(t.getEpochSecond());
            d.writeInt(t.getNano());
        }
    }

    private static Instant instant(DataInputStream d) throws IOException {
        if (!d.readBoolean()) return null;
        long s = d.readLong();
        int nanos = d.readInt();
        if (nanos < 0 || nanos > 999_999_999) throw new IOException("second-layer state: bad nanoseconds " + nanos);
        return Instant.ofEpochSecond(s, nanos);
    }
}
