package org.openueba.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads a whole engine's {@link ModelState} as versioned binary: a magic number, the
 * format version, the configuration fingerprint (window and top-K: a snapshot taken with other
 * settings is refused rather than misread), the organisation, then every entity in index order.
 * Entities are mapped and written one at a time, so a snapshot never needs a second copy of the
 * models in memory. Pure.
 */
public final class ModelStateCodec {
    public static final int MAGIC = 0x55454241; // "UEBA"
    /**
     * 2: the time-of-day model keeps its last start and the organisation its hours profile.
     * 3: count series keep the moments of the start of the day.
     * 4: entities keep where they are travelling.
     * 5: entities keep the hours of their logons to others' workstations.
     */
    public static final int VERSION = 5;

    private ModelStateCodec() {
    }

    /** Writes the engine's models to {@code out} (not closed). */
    public static void write(BehaviourEngine engine, OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeInt(engine.config.windowDays());
        d.writeInt(engine.config.topK());
        ModelState.Organisation o = ModelMapper.organisation(engine);
        writeOrganisation(d, o);
        for (int i = 0; i < o.entities(); i++) writeEntity(d, ModelMapper.entity(engine, i));
        d.writeInt(MAGIC);
        d.flush();
    }

    /** Reads models written by {@link #write} into a fresh engine. */
    public static BehaviourEngine read(InputStream in, ModelConfig config, BehaviourEngine.ZoneLookup zones) throws IOException {
        DataInputStream d = new DataInputStream(in);
        if (d.readInt() != MAGIC) throw new IOException("not a model snapshot (bad magic number)");
        int version = d.readInt();
        if (version != VERSION) throw new IOException("model snapshot format " + version + " is not supported (expected " + VERSION + ")");
        int window = d.readInt(), topK = d.readInt();
        if (window != config.windowDays() || topK != config.topK()) {
            throw new IOException("model snapshot was taken with window " + window + " days and top-K " + topK
                    + "; the configuration now says " + config.windowDays() + " and " + config.topK());
        }
        BehaviourEngine e = new BehaviourEngine(config, zones);
        ModelState.Organisation o = readOrganisation(d);
        ModelMapper.restoreOrganisation(e, o);
        for (int i = 0; i < o.entities(); i++) ModelMapper.addEntity(e, readEntity(d));
        if (d.readInt() != MAGIC) throw new IOException("model snapshot is truncated or corrupt (no end marker)");
        return e;
    }

    private static void writeOrganisation(DataOutputStream d, ModelState.Organisation o) throws IOException {
        d.writeLong(o.applied());
        d.writeInt(o.orgDay());
        longs(d, o.orgDays());
        d.writeInt(o.priorVersion());
        d.writeInt(o.dictionaries().size());
        for (Map.Entry<String, List<String>> en : o.dictionaries().entrySet()) {
            d.writeUTF(en.getKey());
            strings(d, en.getValue());
        }
        strings(d, o.activities());
        d.writeInt(o.populations().size());
        for (Map.Entry<String, List<ModelState.Usage>> en : o.populations().entrySet()) {
            d.writeUTF(en.getKey());
            usages(d, en.getValue());
        }
        usages(d, o.activityPopulation());
        d.writeInt(o.priors().size());
        for (Map.Entry<String, ModelState.Prior> en : o.priors().entrySet()) {
            d.writeUTF(en.getKey());
            doubles(d, en.getValue().centres());
            doubles(d, en.getValue().sigmas());
            d.writeInt(en.getValue().version());
            d.writeDouble(en.getValue().floor());
        }
        d.writeInt(o.entities());
        floats(d, o.hoursPrior());
    }

    private static ModelState.Organisation readOrganisation(DataInputStream d) throws IOException {
        long applied = d.readLong();
        int orgDay = d.readInt();
        long[] orgDays = longs(d);
        int priorVersion = d.readInt();
        Map<String, List<String>> dicts = new LinkedHashMap<>();
        for (int i = d.readInt(); i > 0; i--) dicts.put(d.readUTF(), strings(d));
        List<String> activities = strings(d);
        Map<String, List<ModelState.Usage>> pops = new LinkedHashMap<>();
        for (int i = d.readInt(); i > 0; i--) pops.put(d.readUTF(), usages(d));
        List<ModelState.Usage> actPop = usages(d);
        Map<String, ModelState.Prior> priors = new LinkedHashMap<>();
        for (int i = d.readInt(); i > 0; i--) {
            String k = d.readUTF();
            priors.put(k, new ModelState.Prior(doubles(d), doubles(d), d.readInt(), d.readDouble()));
        }
        int entities = d.readInt();
        return new ModelState.Organisation(applied, orgDay, orgDays, priorVersion, dicts, activities, pops, actPop, priors, entities,
                floats(d));
    }

    private static void writeEntity(DataOutputStream d, ModelState.Entity e) throws IOException {
        d.writeInt(e.index());
        d.writeUTF(e.id());
        d.writeUTF(e.zone());
        d.writeInt(e.day());
        longs(d, e.days());
        d.writeInt(e.sources().size());
        for (ModelState.Source s : e.sources()) {
            d.writeUTF(s.name());
            longs(d, s.days());
            strings(d, s.features());
            for (ModelState.Category c : s.models()) category(d, c);
            d.writeInt(s.series().size());
            for (ModelState.Series c : s.series()) {
                d.writeUTF(c.metric());
                floats(d, c.rows());
                d.writeInt(c.size());
                d.writeInt(c.hour());
                d.writeFloat(c.hourCount());
                ints(d, c.hourSet());
                d.writeInt(c.hourSetN());
                ints(d, c.daySet());
                d.writeInt(c.daySetN());
                d.writeFloat(c.mWeight());
                d.writeFloat(c.mMean());
                d.writeFloat(c.mM2());
                d.writeInt(c.momentsDay());
                d.writeFloat(c.dayWeight());
                d.writeFloat(c.dayM2());
            }
            ints(d, s.activityIds());
        }
        category(d, e.activity());
        category(d, e.dayType());
        ModelState.Time t = e.time();
        d.writeBoolean(t != null);
        if (t != null) {
            ints(d, t.rowDay());
            longs(d, t.rowBits());
            d.writeInt(t.rows());
            d.writeBoolean(t.sums() != null);
            if (t.sums() != null) for (char c : t.sums()) d.writeChar(c);
            d.writeInt(t.foldedBefore());
            d.writeInt(t.window());
            d.writeInt(t.lastStart());
            d.writeFloat(t.lastStartScore());
        }
        d.writeFloat(e.lastLat());
        d.writeFloat(e.lastLon());
        d.writeLong(e.lastTime());
        d.writeBoolean(e.lastPlace() != null);
        if (e.lastPlace() != null) d.writeUTF(e.lastPlace());
        d.writeBoolean(e.awayZone() != null);
        if (e.awayZone() != null) d.writeUTF(e.awayZone());
        d.writeLong(e.awayUntil());
        d.writeBoolean(e.visits() != null);
        if (e.visits() != null) {
            floats(d, e.visits().counts());
            d.writeInt(e.visits().day());
        }
    }

    private static ModelState.Entity readEntity(DataInputStream d) throws IOException {
        int index = d.readInt();
        String id = d.readUTF(), zone = d.readUTF();
        int day = d.readInt();
        long[] days = longs(d);
        int n = d.readInt();
        List<ModelState.Source> sources = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = d.readUTF();
            long[] sd = longs(d);
            List<String> features = strings(d);
            List<ModelState.Category> models = new ArrayList<>();
            for (int k = 0; k < features.size(); k++) models.add(category(d));
            List<ModelState.Series> series = new ArrayList<>();
            for (int k = d.readInt(); k > 0; k--) {
                series.add(new ModelState.Series(d.readUTF(), floats(d), d.readInt(), d.readInt(), d.readFloat(), ints(d), d.readInt(),
                        ints(d), d.readInt(), d.readFloat(), d.readFloat(), d.readFloat(), d.readInt(), d.readFloat(), d.readFloat()));
            }
            sources.add(new ModelState.Source(name, sd, features, models, series, ints(d)));
        }
        ModelState.Category activity = category(d), dayType = category(d);
        ModelState.Time time = null;
        if (d.readBoolean()) {
            int[] rowDay = ints(d);
            long[] rowBits = longs(d);
            int rows = d.readInt();
            char[] sums = null;
            if (d.readBoolean()) {
                sums = new char[TimeOfDayModel.BUCKETS];
                for (int b = 0; b < sums.length; b++) sums[b] = d.readChar();
            }
            time = new ModelState.Time(rowDay, rowBits, rows, sums, d.readInt(), d.readInt(), d.readInt(), d.readFloat());
        }
        float lat = d.readFloat(), lon = d.readFloat();
        long lastTime = d.readLong();
        String place = d.readBoolean() ? d.readUTF() : null;
        String away = d.readBoolean() ? d.readUTF() : null;
        if (away != null) {
            try {
                java.time.ZoneId.of(away);
            } catch (java.time.DateTimeException ex) {
                throw new IOException("entity " + id + ": away time zone '" + away + "' is not a time zone");
            }
        }
        long awayUntil = d.readLong();
        ModelState.Visits visits = null;
        if (d.readBoolean()) {
            float[] counts = floats(d);
            if (counts.length != VisitHours.HOURS) {
                throw new IOException("entity " + id + ": " + counts.length + " visit-hour counters, expected " + VisitHours.HOURS);
            }
            visits = new ModelState.Visits(counts, d.readInt());
        }
        return new ModelState.Entity(index, id, zone, day, days, sources, activity, dayType, time, lat, lon, lastTime, place,
                away, awayUntil, visits);
    }

    private static void category(DataOutputStream d, ModelState.Category c) throws IOException {
        d.writeBoolean(c != null);
        if (c == null) return;
        ints(d, c.ids());
        longs(d, c.bits());
        d.writeInt(c.size());
        d.writeLong(c.over0());
        d.writeLong(c.over1());
    }

    private static ModelState.Category category(DataInputStream d) throws IOException {
        if (!d.readBoolean()) return null;
        return new ModelState.Category(ints(d), longs(d), d.readInt(), d.readLong(), d.readLong());
    }

    private static void usages(DataOutputStream d, List<ModelState.Usage> us) throws IOException {
        d.writeInt(us.size());
        for (ModelState.Usage u : us) {
            d.writeInt(u.value());
            ints(d, u.entity());
            ints(d, u.lastDay());
            ints(d, u.days());
            d.writeInt(u.n());
            d.writeBoolean(u.common());
            d.writeInt(u.commonLastDay());
        }
    }

    private static List<ModelState.Usage> usages(DataInputStream d) throws IOException {
        int n = length(d, false);
        List<ModelState.Usage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ModelState.Usage(d.readInt(), ints(d), ints(d), ints(d), d.readInt(), d.readBoolean(), d.readInt()));
        }
        return out;
    }

    private static void strings(DataOutputStream d, List<String> v) throws IOException {
        d.writeInt(v.size());
        for (String s : v) d.writeUTF(s);
    }

    private static List<String> strings(DataInputStream d) throws IOException {
        int n = length(d, false);
        List<String> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) v.add(d.readUTF());
        return v;
    }

    private static void ints(DataOutputStream d, int[] v) throws IOException {
        d.writeInt(v == null ? -1 : v.length);
        if (v != null) for (int x : v) d.writeInt(x);
    }

    /** An array length from the stream; a corrupt snapshot must fail clearly, not allocate gigabytes. */
    private static int length(DataInputStream d, boolean nullable) throws IOException {
        int n = d.readInt();
        if ((n < 0 && !(nullable && n == -1)) || n > 1 << 24) {
            throw new IOException("model snapshot is corrupt (array length " + n + ")");
        }
        return n;
    }

    private static int[] ints(DataInputStream d) throws IOException {
        int n = length(d, true);
        if (n < 0) return null;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = d.readInt();
        return v;
    }

    private static void longs(DataOutputStream d, long[] v) throws IOException {
        d.writeInt(v.length);
        for (long x : v) d.writeLong(x);
    }

    private static long[] longs(DataInputStream d) throws IOException {
        int n = length(d, false);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = d.readLong();
        return v;
    }

    private static void floats(DataOutputStream d, float[] v) throws IOException {
        d.writeInt(v.length);
        for (float x : v) d.writeFloat(x);
    }

    private static float[] floats(DataInputStream d) throws IOException {
        int n = length(d, false);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = d.readFloat();
        return v;
    }

    private static void doubles(DataOutputStream d, double[] v) throws IOException {
        d.writeInt(v.length);
        for (double x : v) d.writeDouble(x);
    }

    private static double[] doubles(DataInputStream d) throws IOException {
        int n = length(d, false);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = d.readDouble();
        return v;
    }
}
