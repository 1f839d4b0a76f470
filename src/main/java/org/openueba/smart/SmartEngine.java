package org.openueba.smart;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.openueba.event.Event;
import org.openueba.model.ScoredEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The second layer (engine.md §3.5–3.6): aggregates each entity's feature scores per window into a
 * SMART value, scores it against the entity's own daily maxima blended with the organisation prior,
 * and reports the window as an alert as soon as its score reaches the threshold — and again, with the
 * same id, after every later event of that window.
 *
 * <p>Fed in journal order with each event and its first-layer scores ({@link #accept}). Everything
 * runs in event time and in each entity's local time (the first layer's {@link ScoredEvent#localEpochSecond}):
 * hour and day windows are local hours and days; daily maxima are kept per local day. Scores use
 * completed days only: the current day's maximum joins the entity's history when its next day
 * starts. The organisation prior is recomputed when the newest local day seen advances.
 *
 * <p>Per entity: 16 bytes of active days, 8 bytes per completed day with a non-zero maximum (day,
 * value), and the open windows (only features that scored above 0). Deterministic; not thread-safe.
 */
public final class SmartEngine {
    /** Feature scores below this keep no reason text. */
    static final double REASON_MIN = 10;

    /** Replaced only by {@link #threshold(double)} (an admin's change of sensitivity). */
    volatile SmartConfig config;
    final List<WindowSpec> specs;
    /** The specs' names as the window ids use them. */
    private final String[] specNames;
    final Map<String, EntityState> entities = new HashMap<>();
    /** The digest of {@link #windowId} (the engine is single-threaded). */
    private java.security.MessageDigest md5;
    final List<EntityState> byIndex = new ArrayList<>();
    /** Newest local day seen by any entity. */
    int orgDay = Integer.MIN_VALUE;
    double prior;
    /** Entities' non-zero maxima over the prior days, ascending, and the entities active with maximum 0. */
    double[] orgMaxima = new double[0];
    int orgZeros;
    /** Events that arrived for a window older than the ones kept open (scored in a throwaway window). */
    long tooLate;
    private final Map<String, String> typeCache = new HashMap<>();
    /** The window spec of the last source asked for, under the configuration it was asked under. */
    private String specSource;
    private SmartConfig specConfig;
    private int specIndex;
    private final Map<String, Double> kindWeights = new HashMap<>();
    /** The first layer's feature "first use of a kind of activity". */
    static final String ACTIVITY = "activity";

    public SmartEngine(SmartConfig config) {
        this.config = config;
        TreeSet<String> names = new TreeSet<>();
        names.add(config.defaultWindow().toString());
        config.windows().values().forEach(w -> names.add(w.toString()));
        List<WindowSpec> s = new ArrayList<>();
        for (String n : names) s.add(WindowSpec.parse(n));
        this.specs = List.copyOf(s);
        this.specNames = s.stream().map(WindowSpec::toString).toArray(String[]::new);
        this.prior = config.minPrior();
    }

    public SmartConfig config() {
        return config;
    }

    /**
     * Changes the alert threshold from now on: windows that already crossed stay alerts, later
     * crossings use the new value. Not part of the saved state (the settings table keeps it).
     */
    public void threshold(double t) {
        config = config.withThreshold(t);
    }

    /** The organisation prior p (99th percentile of the entities' 30-day maxima, at least the floor). */
    public double prior() {
        return prior;
    }

    public int entityCount() {
        return entities.size();
    }

    /** Events that came later than the windows kept open. */
    public long tooLate() {
        return tooLate;
    }

    /**
     * What {@link #accept} found for one event. The window's id is made when first asked for (an MD5 per
     * window, which most windows never need: only alerts carry it); ask on the engine's thread.
     */
    public static final class Outcome {
        private final SmartEngine engine;
        private final EntityState entity;
        private final Window window;
        private final double smartValue, score;
        private final WindowAlert alert;

        Outcome(SmartEngine engine, EntityState entity, Window window, double smartValue, double score, WindowAlert alert) {
            this.engine = engine;
            this.entity = entity;
            this.window = window;
            this.smartValue = smartValue;
            this.score = score;
            this.alert = alert;
        }

        /** The id of the event's entity window (the id its alert has, if it becomes one). */
        public String windowId() {
            return engine.idOf(entity, window);
        }

        public double smartValue() {
            return smartValue;
        }

        public double score() {
            return score;
        }

        /** The window's alert when it is one (now or already), else null. */
        public WindowAlert alert() {
            return alert;
        }

        /** Equal when the window id, SMART value, score and alert are: value semantics, as when this was a record. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome x && windowId().equals(x.windowId()) && Double.compare(smartValue, x.smartValue) == 0
                    && Double.compare(score, x.score) == 0 && java.util.Objects.equals(alert, x.alert);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(windowId(), smartValue, score, alert);
        }

        @Override
        public String toString() {
            return "Outcome[windowId=" + windowId() + ", smartValue=" + smartValue + ", score=" + score + ", alert=" + alert + "]";
        }
    }

    private static final String[] NO_SOURCES = new String[0];

    static final class EntityState {
        final String id;
        int day = Integer.MIN_VALUE;
        double todayMax;
        final DayBits active = new DayBits();
        int[] hDays = new int[0];
        float[] hMax = new float[0];
        int hN;
        /** Open windows per window kind, oldest first (event-count kinds: only the current group). */
        final ArrayList<Window>[] open;
        /** The entity's newest local time seen (epoch seconds of the local date-time). */
        long newestLocal = Long.MIN_VALUE;
        final long[] groups;
        SmartScorer.UserModel model;
        /** Day-count features claimed by a window of the current day (null when none). */
        HashMap<String, Claim> dayClaims;

        EntityState(String id, int specs) {
            this.id = id;
            @SuppressWarnings("unchecked")
            ArrayList<Window>[] o = new ArrayList[specs];
            for (int i = 0; i < specs; i++) o[i] = new ArrayList<>(2);
            this.open = o;
            this.groups = new long[specs];
        }

        /** Completed active days (the current day excluded). */
        int completedDays() {
            return active.count() - (day != Integer.MIN_VALUE && active.contains(day) ? 1 : 0);
        }

        SmartScorer.UserModel model(SmartConfig c) {
            if (model == null) {
                double[] v = new double[hN];
                for (int i = 0; i < hN; i++) v[i] = hMax[i];
                model = SmartScorer.UserModel.of(completedDays(), c.maxTopK(), v, hN);
            }
            return model;
        }

        /** Raises the stored maximum of a completed day (inserted in day order). */
        void raiseHistory(int d, double v) {
            if (v <= 0) return;
            int i = Arrays.binarySearch(hDays, 0, hN, d);
            if (i >= 0) {
                if (v > hMax[i]) hMax[i] = (float) v;
            } else {
                int at = -i - 1;
                if (hN == hDays.length) {
                    hDays = Arrays.copyOf(hDays, Math.max(4, hN * 2));
                    hMax = Arrays.copyOf(hMax, hDays.length);
                }
                System.arraycopy(hDays, at, hDays, at + 1, hN - at);
                System.arraycopy(hMax, at, hMax, at + 1, hN - at);
                hDays[at] = d;
                hMax[at] = (float) v;
                hN++;
            }
            model = null;
        }

        /** Drops history days at or before {@code lastExpired}. */
        void expireHistory(int lastExpired) {
            int k = 0;
            while (k < hN && hDays[k] <= lastExpired) k++;
            if (k == 0) return;
            System.arraycopy(hDays, k, hDays, 0, hN - k);
            System.arraycopy(hMax, k, hMax, 0, hN - k);
            hN -= k;
            model = null;
        }
    }

    /** One feature within one window. */
    static final class Acc {
        final String feature;
        final String type;
        final int group;
        /** The feature's weight; for the activity feature the weight of its top value's kind. */
        double weight;
        /** The activity feature: weighted by the kind of activity of each value ({@code activity.device}). */
        final boolean byKind;
        double max;
        String value;
        String reason;
        String topEvent;
        /** Distinct values and their max scores, for distinct-sum features (insertion order). */
        LinkedHashMap<String, Double> perValue;
        /** Events scoring at least the gate on this feature (at most the configured number). */
        final List<String> evidence = new ArrayList<>(2);

        Acc(String feature, String type, SmartConfig c) {
            this.feature = feature;
            this.type = type;
            this.group = c.groupOf(type);
            this.weight = c.weightOf(feature, type);
            this.byKind = ACTIVITY.equals(type);
        }

        double windowScore() {
            if (perValue == null) return max;
            double s = 0;
            for (double v : perValue.values()) s += v;
            return s;
        }
    }

    static final class Window {
        final int spec;
        final long key;
        final int day;
        Instant start, end;
        String firstId, lastId;
        int count;
        /**
         * The window's sources, sorted, in an array just long enough: a window has one or a few, and every
         * event looks its own up (the same string object, mostly: found without comparing characters).
         */
        String[] sources = NO_SOURCES;

        /** Adds a source unless the window has it. */
        void addSource(String source) {
            int at = 0;
            for (; at < sources.length; at++) {
                String s = sources[at];
                if (s == source) return;
                int c = s.compareTo(source);
                if (c == 0) return;
                if (c > 0) break;
            }
            String[] more = new String[sources.length + 1];
            System.arraycopy(sources, 0, more, 0, at);
            more[at] = source;
            System.arraycopy(sources, at, more, at + 1, sources.length - at);
            sources = more;
        }

        /** The window's sources, sorted. */
        List<String> sources() {
            return List.of(sources);
        }
        final LinkedHashMap<String, Acc> features = new LinkedHashMap<>();
        double value;
        boolean alerted;
        Instant crossedAt;
        Instant updatedAt;
        /** The window id, computed once when first needed (an MD5 per window, not per event). */
        String id;
        /** The SMART value as of the last event that changed a feature (recomputed only then). */
        SmartValue.Result result;

        Window(int spec, long key, int day) {
            this.spec = spec;
            this.key = key;
            this.day = day;
        }
    }

    /**
     * Adds one scored event to its entity's window, updates the daily maximum and scores the window.
     *
     * @param e the event (id, entity, source and time are used)
     * @param s the first layer's scores of {@code e}, with its local time
     * @return the window's SMART value and score; {@code alert} is non-null when the window is (now or
     * already) an alert
     */
    public Outcome accept(Event e, ScoredEvent s) {
        long local = s.localEpochSecond();
        int day = (int) Math.floorDiv(local, 86_400L);
        if (day > orgDay) advanceOrganisation(day);
        // the first layer's entity id is the same characters, interned: its hash is computed once per entity
        String entityId = s.entity() != null ? s.entity() : e.entity();
        EntityState m = entities.get(entityId);
        if (m == null) {
            m = new EntityState(entityId, specs.size());
            entities.put(m.id, m);
            byIndex.add(m);
        }
        if (m.day == Integer.MIN_VALUE) {
            m.day = day;
        } else if (day > m.day) {
            rollover(m, day);
        }
        if (day > m.day - config.retentionDays()) m.active.add(day);

        int spec = specOf(e.source());
        Window w = window(m, spec, e, local, day);
        w.count++;
        if (w.firstId == null) {
            w.firstId = e.id();
            w.start = windowStart(spec, e, local);
        }
        w.lastId = e.id();
        w.end = windowEnd(spec, w, e);
        w.updatedAt = e.time();
        w.addSource(e.source());
        boolean claims = specs.get(spec).kind() != WindowSpec.Kind.DAY && w.day == m.day;
        boolean changed = false; // whether a feature of the window was touched: otherwise its SMART value stands
        for (int i = 0; i < s.size(); i++) {
            double sc = s.score(i);
            if (sc <= 0) continue;
            String f = s.feature(i);
            if (claims) {
                String key = claimKey(f, s.value(i), specs.get(spec).kind());
                if (key != null && !claim(m, key, spec, w.key, sc)) continue;
            }
            changed = true;
            Acc a = w.features.get(f);
            if (a == null) {
                a = new Acc(f, typeOf(f, e.source()), config);
                if (config.distinctSum().contains(a.type)) a.perValue = new LinkedHashMap<>();
                w.features.put(f, a);
            }
            if (sc >= config.gate() && a.evidence.size() < config.maxEvidence()) a.evidence.add(e.id());
            if (a.perValue != null && s.value(i) != null) a.perValue.merge(s.value(i), sc, Math::max);
            double kw = a.byKind ? kindWeight(a, s.value(i)) : a.weight;
            if (a.byKind ? sc * kw > a.max * a.weight || a.max == 0 : sc > a.max) {
                a.max = sc;
                a.weight = kw;
                a.value = s.value(i);
                a.topEvent = e.id();
                // reasons only for scores that can matter: building one costs more than scoring
                a.reason = sc >= REASON_MIN ? s.reason(i) : null;
            }
        }
        SmartValue.Result v = changed || w.result == null ? SmartValue.compute(w.features.values(), config) : w.result;
        w.result = v;
        w.value = v.value();
        if (w.day == m.day) m.todayMax = Math.max(m.todayMax, v.value());
        else if (w.day < m.day && w.day > m.day - config.retentionDays()) m.raiseHistory(w.day, v.value());
        if (v.value() <= 0 && !w.alerted) return new Outcome(this, m, w, 0, 0, null);
        SmartScorer.UserModel um = m.model(config);
        SmartScorer.Result r = SmartScorer.score(v.value(), um, prior, config);
        if (r.score() >= config.threshold() && !w.alerted) {
            w.alerted = true;
            w.crossedAt = e.time();
        }
        WindowAlert alert = w.alerted ? alert(m, spec, w, idOf(m, w), v, r) : null;
        return new Outcome(this, m, w, v.value(), r.score(), alert);
    }

    /**
     * What a score is a finding about, for {@link #claim}: a day or span count (by feature), or in hourly windows
     * an unusual value of a category feature (feature and value); null for hour counts and the time of
     * day, which are new findings in every window.
     */
    static String claimKey(String feature, String value, WindowSpec.Kind kind) {
        if (feature.endsWith(".day") || feature.endsWith(".days")) return feature;
        // groups of N events are units of their own (API logs): only day counts are claimed across them
        if (kind != WindowSpec.Kind.HOUR || feature.endsWith(".hour") || feature.equals("time_of_day")) return null;
        return feature + '\u0000' + (value == null ? "" : value);
    }

    /**
     * A day-count score (or an unusual value) counts in a shorter window only when it is a new high of the entity's day: the
     * first window to reach a level claims it, later windows of the same day count only a higher score
     * (otherwise every later hour of a busy day would repeat the morning's indicator).
     */
    private static boolean claim(EntityState m, String feature, int spec, long key, double score) {
        if (m.dayClaims == null) m.dayClaims = new HashMap<>(4);
        Claim c = m.dayClaims.get(feature);
        if (c == null) {
            m.dayClaims.put(feature, new Claim(spec, key, score));
            return true;
        }
        if (c.spec == spec && c.key == key) {
            c.score = Math.max(c.score, score);
            return true;
        }
        if (score > c.score) {
            c.spec = spec;
            c.key = key;
            c.score = score;
            return true;
        }
        return false;
    }

    /** The window that holds a day-count feature's highest score of the day so far. */
    static final class Claim {
        int spec;
        long key;
        double score;

        Claim(int spec, long key, double score) {
            this.spec = spec;
            this.key = key;
            this.score = score;
        }
    }

    /**
     * The weight of a first use of a kind of activity: {@code activity.KIND} (the value is
     * {@code source/kind}), else the activity feature's own weight.
     */
    private double kindWeight(Acc a, String value) {
        if (value == null) return a.weight;
        Double w = kindWeights.get(value);
        if (w == null) {
            w = kindWeightOf(config, value);
            if (kindWeights.size() < 10_000) kindWeights.put(value, w);
        }
        return w;
    }

    /** {@link #kindWeight} without the cache (the value {@code source/kind} is not null). */
    static double kindWeightOf(SmartConfig c, String value) {
        return c.weightOf(ACTIVITY + "." + value.substring(value.lastIndexOf('/') + 1), ACTIVITY);
    }

    private String typeOf(String feature, String source) {
        String key = source + "\u0000" + feature;
        String t = typeCache.get(key);
        if (t == null) {
            t = feature.startsWith(source + ".") ? feature.substring(source.length() + 1) : feature;
            if (typeCache.size() < 100_000) typeCache.put(key, t);
        }
        return t;
    }

    /** The index in {@link #specs} of a source's window, remembered for the last source (the same string object). */
    private int specOf(String source) {
        SmartConfig c = config;
        if (source != specSource || c != specConfig || source == null) {
            specIndex = specs.indexOf(c.windowOf(source));
            specSource = source;
            specConfig = c;
        }
        return specIndex;
    }

    private Window window(EntityState m, int spec, Event e, long local, int day) {
        WindowSpec ws = specs.get(spec);
        List<Window> open = m.open[spec];
        if (local > m.newestLocal) m.newestLocal = local;
        if (ws.kind() == WindowSpec.Kind.EVENTS) {
            Window cur = open.isEmpty() ? null : open.get(0);
            if (cur == null || cur.count >= ws.n()) {
                cur = new Window(spec, m.groups[spec]++, day);
                open.clear();
                open.add(cur);
            }
            return cur;
        }
        long unit = ws.kind() == WindowSpec.Kind.HOUR ? 3_600L : 86_400L;
        long key = Math.floorDiv(local, unit);
        // close windows that ended more than the allowed lateness before the entity's newest event (keep the newest)
        while (open.size() > 1 && (open.get(0).key + 1) * unit + config.allowedLateness() <= m.newestLocal) open.remove(0);
        int i = open.size() - 1;
        while (i >= 0 && open.get(i).key > key) i--;
        if (i >= 0 && open.get(i).key == key) return open.get(i);
        if ((key + 1) * unit + config.allowedLateness() <= m.newestLocal && !(open.isEmpty() || key > open.get(open.size() - 1).key)) {
            tooLate++;
            return new Window(spec, key, day); // older than the allowed lateness: scored alone, then forgotten
        }
        Window w = new Window(spec, key, day);
        open.add(i + 1, w);
        return w;
    }

    private Instant windowStart(int spec, Event e, long local) {
        WindowSpec ws = specs.get(spec);
        long unit = ws.kind() == WindowSpec.Kind.HOUR ? 3_600L : 86_400L;
        if (ws.kind() == WindowSpec.Kind.EVENTS) return e.time();
        return Instant.ofEpochSecond(e.time().getEpochSecond() - Math.floorMod(local, unit));
    }

    private Instant windowEnd(int spec, Window w, Event e) {
        WindowSpec ws = specs.get(spec);
        if (ws.kind() == WindowSpec.Kind.EVENTS) return w.end == null || e.time().isAfter(w.end) ? e.time() : w.end;
        return w.start.plusSeconds(ws.kind() == WindowSpec.Kind.HOUR ? 3_600L : 86_400L);
    }

    /** The id of window {@code w} of entity {@code m}, made once (most windows never need one). */
    private String idOf(EntityState m, Window w) {
        if (w.id == null) w.id = windowId(m.id, w.spec, w.key);
        return w.id;
    }

    /**
     * The id of an entity window: a name-based (version 3, MD5) UUID of entity, window kind and key, as
     * {@link UUID#nameUUIDFromBytes} makes it, with one digest per engine instead of a provider look-up
     * per window.
     */
    String windowId(String entity, int spec, long key) {
        String name = entity + "\n" + specNames[spec] + "\n" + key;
        byte[] h = md5().digest(name.getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x30); // version 3
        h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0, lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (h[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (h[i] & 0xff);
        return new UUID(msb, lsb).toString();
    }

    private java.security.MessageDigest md5() {
        if (md5 == null) {
            try {
                md5 = java.security.MessageDigest.getInstance("MD5");
            } catch (java.security.NoSuchAlgorithmException ex) {
                throw new IllegalStateException("MD5 is required of every Java platform", ex);
            }
        }
        return md5;
    }

    private WindowAlert alert(EntityState m, int spec, Window w, String id, SmartValue.Result v, SmartScorer.Result r) {
        List<Indicator> indicators = new ArrayList<>();
        for (SmartValue.Part p : v.parts()) {
            Acc a = p.acc();
            String value = a.value;
            if (a.perValue != null && a.perValue.size() > 1) value = String.join(", ", a.perValue.keySet());
            indicators.add(new Indicator(a.feature, value, round(p.score()), round4(p.contribution()),
                    v.value() > 0 ? round4(p.contribution() / v.value()) : 0, a.reason == null ? "score " + round(a.max) : a.reason,
                    a.evidence.isEmpty() ? List.of(a.topEvent) : a.evidence));
        }
        WindowSpec ws = specs.get(spec);
        String groupId = ws.kind() == WindowSpec.Kind.EVENTS ? m.id + "/" + ws + "/" + w.key : null;
        return new WindowAlert(id, m.id, ws.toString(), groupId, w.start, w.end, w.firstId, w.lastId, w.count,
                w.sources(), round4(v.value()), round(r.score()), config.severityOf(r.score()), indicators,
                userPercentile(m, v.value()), orgPercentile(v.value()), w.crossedAt, w.updatedAt);
    }

    static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }

    static double round4(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }

    /** Share of the entity's completed days whose maximum is ≤ v (zero days included); NaN without history. */
    double userPercentile(EntityState m, double v) {
        int days = m.completedDays();
        if (days == 0) return Double.NaN;
        int above = 0;
        for (int i = 0; i < m.hN; i++) if (m.hMax[i] > v) above++;
        return round4((days - Math.min(above, days)) / (double) days);
    }

    /** Share of the organisation's recently active entities whose maximum is ≤ v; NaN when none. */
    double orgPercentile(double v) {
        int total = orgMaxima.length + orgZeros;
        if (total == 0) return Double.NaN;
        int i = Arrays.binarySearch(orgMaxima, v);
        int le;
        if (i >= 0) {
            while (i + 1 < orgMaxima.length && orgMaxima[i + 1] == v) i++;
            le = i + 1;
        } else {
            le = -i - 1;
        }
        return round4((orgZeros + le) / (double) total);
    }

    private void rollover(EntityState m, int day) {
        int window = config.retentionDays();
        if (m.todayMax > 0 && m.day > day - window) m.raiseHistory(m.day, m.todayMax);
        m.todayMax = 0;
        m.active.expire(m.day, day, window);
        m.expireHistory(day - window);
        m.day = day;
        m.model = null;
        m.dayClaims = null;
    }

    /**
     * The newest local day moved to {@code day}: recompute the organisation prior from every entity's
     * maximum over the completed days {@code [day − priorDays, day − 1]}.
     */
    void advanceOrganisation(int day) {
        orgDay = day;
        int from = day - config.priorDays();
        double[] maxima = new double[byIndex.size()];
        int n = 0, zeros = 0;
        for (EntityState m : byIndex) {
            double max = 0;
            boolean recent = false;
            if (m.day >= from && m.day < day) {
                recent = true;
                max = m.todayMax;
            }
            for (int i = m.hN - 1; i >= 0 && m.hDays[i] >= from; i--) {
                if (m.hDays[i] < day) max = Math.max(max, m.hMax[i]);
            }
            if (!recent) {
                for (int d = Math.max(from, m.day - config.retentionDays() + 1); d < day && d <= m.day; d++) {
                    if (m.active.contains(d)) {
                        recent = true;
                        break;
                    }
                }
            }
            if (max > 0) maxima[n++] = max;
            else if (recent) zeros++;
        }
        orgMaxima = Arrays.copyOf(maxima, n);
        Arrays.sort(orgMaxima);
        orgZeros = zeros;
        prior = Math.max(config.minPrior(), n == 0 ? 0 : percentile(fenced(orgMaxima, config.priorFence()), config.priorPercentile()));
    }

    /** Fewest non-zero maxima for which the outlier fence applies (quartiles of fewer say little). */
    static final int FENCE_MIN_ENTITIES = 20;

    /**
     * The ascending {@code maxima} without those above the outlier fence {@code Q3 + k·(Q3 − Q1)} (Tukey's
     * "far out" values at k = 3; quartiles as {@link #percentile}), but never more than 5 % of them: the
     * few entities far above the rest are incidents, not the organisation's ordinary noise, and with a
     * few hundred entities the 99th percentile is the second or third highest maximum, so two incidents
     * would otherwise set everyone's prior. Unchanged when k = 0, with fewer than
     * {@link #FENCE_MIN_ENTITIES} values or when Q3 = Q1 (no spread to measure "far" by).
     */
    static double[] fenced(double[] maxima, double k) {
        int n = maxima.length;
        if (k <= 0 || n < FENCE_MIN_ENTITIES) return maxima;
        double q1 = percentile(maxima, 25), q3 = percentile(maxima, 75);
        if (!(q3 > q1)) return maxima;
        double fence = q3 + k * (q3 - q1);
        int keep = n, least = n - n / 20;
        while (keep > least && maxima[keep - 1] > fence) keep--;
        return keep == n ? maxima : Arrays.copyOf(maxima, keep);
    }

    /** Commons Math's default percentile estimate (position p·(n+1)/100, interpolated). */
    static double percentile(double[] sortedValues, double p) {
        return new Percentile(p).evaluate(sortedValues);
    }

    // ---- views for the API -------------------------------------------------------------------

    /**
     * The second-layer model of one entity for the UI: daily maxima, histogram and the three curves.
     *
     * @param days        completed active days in the window
     * @param k           top values used
     * @param sum         S
     * @param max         M
     * @param prior       the organisation prior
     * @param dailyMaxima (local day as yyyy-mm-dd, value) of completed days with a non-zero maximum, oldest first
     * @param today       the current day's maximum so far
     * @param histogram   counts of daily maxima (zero days included) in {@code bins} equal bins over [0, top)
     * @param binWidth    width of a histogram bin
     * @param curve       (v, user score, organisation score, blended score) on a grid up to the top
     */
    /**
     * @param prior             the organisation prior in force
     * @param priorLeftOut      how many entities' maxima the outlier fence left out of it (far above the rest)
     * @param priorWithAll      what the prior would be with them (the baseline's 99th percentile)
     */
    public record EntityView(int days, int k, double sum, double max, double prior, int priorLeftOut,
                             double priorWithAll, List<DayMax> dailyMaxima,
                             double today, int[] histogram, double binWidth, List<CurvePoint> curve) {
    }

    public record DayMax(String day, double value) {
    }

    /** Scores of v under the user curve alone, the organisation curve alone, and the blend (all with certainty). */
    public record CurvePoint(double value, double user, double organisation, double blended) {
    }

    /** The view of {@code entity}, or null when the second layer has not seen it. */
    public EntityView view(String entity) {
        EntityState m = entities.get(entity);
        if (m == null) return null;
        SmartScorer.UserModel um = m.model(config);
        List<DayMax> maxima = new ArrayList<>();
        for (int i = 0; i < m.hN; i++) {
            maxima.add(new DayMax(java.time.LocalDate.ofEpochDay(m.hDays[i]).toString(), round4(m.hMax[i])));
        }
        double top = Math.max(Math.max(um.max(), m.todayMax), 3 * prior);
        top = top <= 0 ? 1 : top * 1.05;
        int bins = 20;
        double width = top / bins;
        int[] hist = new int[bins];
        int zeros = um.days() - m.hN;
        if (zeros > 0) hist[0] += zeros;
        for (int i = 0; i < m.hN; i++) hist[Math.min(bins - 1, (int) (m.hMax[i] / width))]++;
        List<CurvePoint> curve = new ArrayList<>();
        double cert = Math.min(1.0, um.days() / (double) config.certaintyDays());
        for (int i = 0; i <= 40; i++) {
            double v = top * i / 40;
            double pu = SmartScorer.userTail(v, um), po = SmartScorer.orgTail(v, um, prior, config.pseudoCount());
            curve.add(new CurvePoint(round4(v), round(100 * (1 - pu) * cert), round(100 * (1 - po) * cert),
                    round(100 * (1 - Math.max(pu, po)) * cert)));
        }
        int leftOut = 0;
        double withAll = prior;
        if (orgMaxima.length > 0) {
            leftOut = orgMaxima.length - fenced(orgMaxima, config.priorFence()).length;
            withAll = Math.max(config.minPrior(), percentile(orgMaxima, config.priorPercentile()));
        }
        return new EntityView(um.days(), um.k(), round4(um.sum()), round4(um.max()), round4(prior), leftOut,
                round4(withAll), maxima, round4(m.todayMax), hist, round4(width), curve);
    }
}
