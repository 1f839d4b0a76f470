package org.openueba.model;

import org.openueba.event.Event;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The first layer of the engine: every entity's behaviour models, updated as events arrive (in the
 * order given, using each event's own time) and scoring each event 0–100 per feature with a reason
 * (engine.md §3.1–3.3 and §3.5, with the changes listed in docs/algorithms.md).
 *
 * <p>For each event, in order: its entity's local day and ten-minute bucket are computed in the
 * entity's time zone; when the day is later than the entity's current day, the entity's models roll
 * over (history that left the window is dropped, the finished day becomes history); the event is
 * scored against the completed days; then it is learnt. Late events (an earlier day than the entity's
 * current day, within the window) are scored and learnt into their own day.
 *
 * <p>Deterministic: the same events in the same order give the same scores; no clock, no randomness.
 * Not thread-safe: one engine is driven by one thread (the journal indexer).
 */
public final class BehaviourEngine {
    /** Where an entity's local time zone comes from (the directory, else the source profile). */
    @FunctionalInterface
    public interface ZoneLookup {
        ZoneId zoneOf(String entity, String source);
    }

    static final String ACTIVITY = "activity";
    static final String DAY_TYPE = "day_type";
    static final String TIME_OF_DAY = "time_of_day";
    static final String TRAVEL = "travel";
    static final int WEEKDAY = 0, WEEKEND = 1;
    static final ValueDictionary DAY_TYPES = new ValueDictionary();
    private static final String[] BUCKET_LABELS = new String[TimeOfDayModel.BUCKETS];

    static {
        for (int b = 0; b < BUCKET_LABELS.length; b++) {
            BUCKET_LABELS[b] = String.format(Locale.ROOT, "%02d:%02d", b / 6, (b % 6) * 10);
        }
    }

    static {
        DAY_TYPES.intern("weekday");
        DAY_TYPES.intern("weekend");
    }

    final ModelConfig config;
    private final ZoneLookup zones;
    final Map<String, EntityModel> entities = new HashMap<>();
    final List<EntityModel> byIndex = new ArrayList<>();
    final EnumMap<CategoryFeature, ValueDictionary> dictionaries = new EnumMap<>(CategoryFeature.class);
    final EnumMap<CategoryFeature, PopulationIndex> populations = new EnumMap<>(CategoryFeature.class);
    final ValueDictionary activities = new ValueDictionary();
    final PopulationIndex activityPopulation = new PopulationIndex();
    final Map<String, CountPrior> priors = new HashMap<>();
    final long[] orgDays = new long[2];
    /** The organisation's hours profile π (share of active days per ten-minute bucket), rebuilt each organisation day. */
    float[] timePrior;
    int orgDay = Integer.MIN_VALUE;
    int priorVersion;
    long applied;
    private final Map<String, String[]> names = new HashMap<>();
    private final PopulationIndex.View view = new PopulationIndex.View();
    private static final CategoryFeature[] FEATURES = CategoryFeature.values();
    /** The prior of a metric nobody has enough history for yet: the σ floor everywhere. */
    private final CountPrior noPrior;

    public BehaviourEngine(ModelConfig config, ZoneLookup zones) {
        this.config = config;
        this.zones = zones;
        this.noPrior = new CountPrior(new double[0], new double[0], 0, config.countMinPriorSigma());
        this.timePrior = TimeOfDayModel.prior(new double[TimeOfDayModel.BUCKETS], 0, config.hours().usualShare());
        for (CategoryFeature f : CategoryFeature.values()) {
            dictionaries.put(f, new ValueDictionary());
            populations.put(f, new PopulationIndex());
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Events applied since the engine was created or restored. */
    public long applied() {
        return applied;
    }

    public int entityCount() {
        return entities.size();
    }

    EntityModel entity(String id, String source) {
        EntityModel m = entities.get(id);
        if (m == null) {
            ZoneId z = zones.zoneOf(id, source);
            m = new EntityModel(byIndex.size(), id, z == null ? ZoneOffset.UTC : z);
            entities.put(id, m);
            byIndex.add(m);
        }
        return m;
    }

    private static int offsetSeconds(ZoneId zone, Event e) {
        if (zone instanceof ZoneOffset o) return o.getTotalSeconds();
        return zone.getRules().getOffset(e.time()).getTotalSeconds();
    }

    /** Scores {@code e} into {@code out} (cleared first) and learns it. */
    public void apply(Event e, ScoredEvent out) {
        applied++;
        EntityModel m = entity(e.entity(), e.source());
        long local = e.time().getEpochSecond() + offsetSeconds(m.zone, e);
        int day = (int) Math.floorDiv(local, 86_400L);
        int minute = (int) (Math.floorMod(local, 86_400L) / 60);
        int hourKey = (int) Math.floorDiv(local, 3_600L);
        if (day > orgDay) advanceOrganisation(day);
        if (m.day == Integer.MIN_VALUE) m.day = day;
        else if (day > m.day) rollover(m, day);
        int window = config.windowDays();
        boolean learn = day > m.day - window;
        boolean late = day < m.day;
        int slot = DayRing.slot(m.day);
        long t0 = slot < 64 ? 1L << slot : 0, t1 = slot >= 64 ? 1L << (slot - 64) : 0;
        out.reset(e.id(), m.id);
        out.localEpochSecond = local;

        EntityModel.SourceModel src = m.source(e.source());
        String[] n = names(e.source());
        boolean vpn = !config.vpnRanges().isEmpty() && config.vpnRanges().contains(e.srcIp());
        int srcDays = DayRing.count(src.days, 0, t0, t1);
        Set<CategoryFeature> features = config.sourceFeatures().get(e.source());
        if (features == null) features = CategoryFeature.defaultsFor(e.kind());
        int hostId = -1; // the destination host's id, shared with the distinct-hosts count below
        for (CategoryFeature f : features) {
            String v = f.value(e);
            if (v == null) continue;
            if (vpn && f.location()) {
                out.add(n[f.ordinal()], v, 0, ScoredEvent.SILENCED);
                continue;
            }
            ValueDictionary dict = dictionaries.get(f);
            int id = dict.intern(v);
            if (f == CategoryFeature.DST_HOST) hostId = id;
            CategoryModel cm = src.model(f, Math.min(4, config.topK()));
            scoreCategory(out, n[f.ordinal()], v, id, cm, dict, srcDays, f.population() ? populations.get(f) : null,
                    f.ownership(), m, day, t0, t1);
            if (learn) {
                if (late) cm.invalidate();
                cm.record(id, day, config.topK());
                if (f.population()) populations.get(f).observe(id, m.index, day, window, config.populationCap());
            }
        }

        // first use of a kind of activity, per source
        int entityDays = DayRing.count(m.days, 0, t0, t1);
        if (m.activity == null) m.activity = new CategoryModel(2);
        int act = src.activityId(e.kind(), activities);
        scoreCategory(out, ACTIVITY, activities.value(act), act, m.activity, activities, entityDays, activityPopulation,
                false, m, day, t0, t1);
        // weekday or weekend, local time
        if (m.dayType == null) m.dayType = new CategoryModel(2);
        int dow = Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
        int dt = dow >= 5 ? WEEKEND : WEEKDAY;
        scoreCategory(out, DAY_TYPE, dt == WEEKEND ? "weekend" : "weekday", dt, m.dayType, DAY_TYPES, entityDays, null,
                false, m, day, t0, t1);
        // time of day: the share of active days around this bucket, with the organisation's profile as prior;
        // an end of activity (logoff, disconnect) scores at most what its start scored
        if (m.time == null) m.time = new TimeOfDayModel();
        int bucket = TimeOfDayModel.bucket(minute);
        boolean end = TimeOfDayModel.endsActivity(e.action());
        int localBucket = day * TimeOfDayModel.BUCKETS + bucket;
        double ts = 0, cert = config.certainty(entityDays), share = m.time.share(bucket, timePrior, config.hours());
        if (!late) ts = m.time.session(localBucket, end, config.hours().score(share) * cert);
        int ti = out.add(TIME_OF_DAY, BUCKET_LABELS[bucket], ts, ScoredEvent.TIME);
        out.i1[ti] = entityDays;
        out.d1[ti] = cert;
        out.d2[ti] = share;
        if (ts > 0) out.detail[ti] = m.time.usualHours();
        // travel
        travel(out, m, e, vpn);
        // window counts
        if (hostId < 0 && e.dstHost() != null) hostId = dictionaries.get(CategoryFeature.DST_HOST).intern(e.dstHost());
        for (CountMetric metric : CountMetric.defaultsFor(e.kind())) {
            CountSeries s = src.series(metric);
            if (learn) s.add(metric.increment(e), hostId, day, hourKey, m.day);
            if (late) continue;
            String hourName = n[FEATURES.length + 2 * metric.ordinal()], dayName = n[FEATURES.length + 2 * metric.ordinal() + 1];
            // no prior yet for a metric (the first days of the organisation): σ_prior is the floor, never 0
            s.refresh(m.day, priors.getOrDefault(hourName, noPrior), priors.getOrDefault(dayName, noPrior), config.countPriorWeight());
            double xh = s.hourValue(), xd = s.dayValue(m.day);
            addCount(out, hourName, xh, s.score(xh, s.hMean, s.hSigma, s.hLimit), s.n, s.hMean, s.hSigma);
            addCount(out, dayName, xd, s.score(xd, s.dMean, s.dSigma, s.dLimit), s.n, s.dMean, s.dSigma);
        }

        // learn the entity-level models
        if (learn) {
            m.activity.record(act, day, config.topK());
            activityPopulation.observe(act, m.index, day, window, config.populationCap());
            m.dayType.record(dt, day, 2);
            m.time.record(day, bucket);
            if (end && !late) m.time.fill(localBucket, m.day - window + 1);
            if (late) {
                m.activity.invalidate();
                m.dayType.invalidate();
            }
            DayRing.set(m.days, 0, day);
            DayRing.set(src.days, 0, day);
            DayRing.set(orgDays, 0, day);
        }
    }

    private static void addCount(ScoredEvent out, String name, double x, double score, int n, double mean, double sigma) {
        int i = out.add(name, x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%.1f", x), score,
                ScoredEvent.COUNT);
        out.i1[i] = n;
        out.d1[i] = mean;
        out.d2[i] = sigma;
    }

    private void scoreCategory(ScoredEvent out, String name, String value, int id, CategoryModel cm, ValueDictionary dict,
                               int days, PopulationIndex pop, boolean ownership, EntityModel m, int day, long t0, long t1) {
        int count = cm.count(id, t0, t1);
        RarityScorer scorer = config.rarity();
        double cert = config.certainty(days);
        double s = cm.score(count, scorer, days, m.day, t0, t1) * cert;
        int others = -1;
        String owner = null;
        if (pop != null) {
            pop.view(id, m.index, day, config.windowDays(), config.populationCap(), view);
            others = view.others;
            double r = Math.floor(100 * Discount.of(config.populationCommonAt(), others + 1.0));
            if (r < s) {
                // a first use of a kind of activity stays a signal of its own however common the kind is
                double w = (r == 0 && pop != activityPopulation ? 0.95 : 0.5) * config.certainty(DayRing.count(orgDays, 0, t0, t1));
                s = r * w + s * (1 - w);
            }
            // a host personal to another entity and never used by this one is a finding even where new
            // hosts are ordinary for this entity (an administrator's)
            if (ownership && (s > 0 || (count == 0 && cert > 0)) && view.owner >= 0 && view.ownerDays >= config.ownerMinDays() && view.totalDays > 0) {
                double share = (double) view.ownerDays / view.totalDays;
                if (share >= config.ownerShare()) {
                    // a never-used host that scored 0 is boosted only as far as the entity's history is certain
                    s = s + (100 - s) * config.ownerBoost() * share * (s > 0 ? 1 : cert);
                    owner = String.format(Locale.ROOT, "personal to %s (%d of %d entity-days)",
                            byIndex.get(view.owner).id, view.ownerDays, view.totalDays);
                }
            }
        }
        int i = out.add(name, value, s, ScoredEvent.CATEGORY);
        out.i1[i] = count;
        out.i2[i] = days;
        out.i3[i] = others;
        out.d1[i] = cert;
        if (s > 0 && dict != null) out.detail[i] = cm.usual(3, dict, t0, t1);
        out.extra[i] = owner;
    }

    private void travel(ScoredEvent out, EntityModel m, Event e, boolean vpn) {
        if (e.lat() == null || e.lon() == null || vpn) return;
        long sec = e.time().getEpochSecond();
        String place = e.city() != null ? e.city() + (e.country() == null ? "" : ", " + e.country())
                : e.country() != null ? e.country() : String.format(Locale.ROOT, "%.2f,%.2f", e.lat(), e.lon());
        if (m.lastTime != Long.MIN_VALUE) {
            double km = Travel.distanceKm(m.lastLat, m.lastLon, e.lat(), e.lon());
            double hours = Math.abs(sec - m.lastTime) / 3600.0;
            double s = Travel.score(km, hours, config.travelSpeedKmh(), config.travelSlackKm());
            int i = out.add(TRAVEL, place, s, ScoredEvent.TRAVEL);
            out.detail[i] = String.format(Locale.ROOT, "%.0f km from %s in %.2f h (%.0f km/h; limit %.0f km/h, %.0f km slack)",
                    km, m.lastPlace, hours, Travel.speed(km, hours, config.travelSlackKm()), config.travelSpeedKmh(),
                    config.travelSlackKm());
        }
        if (sec >= m.lastTime) {
            m.lastTime = sec;
            m.lastLat = (float) (double) e.lat();
            m.lastLon = (float) (double) e.lon();
            m.lastPlace = place;
        }
    }

    /** Feature names per source: categorical features by ordinal, then count metrics (hour, day) by ordinal. */
    private String[] names(String source) {
        String[] n = names.get(source);
        if (n == null) {
            CategoryFeature[] fs = CategoryFeature.values();
            CountMetric[] ms = CountMetric.values();
            n = new String[fs.length + 2 * ms.length];
            for (CategoryFeature f : fs) n[f.ordinal()] = source + "." + f.wireName();
            for (CountMetric c : ms) {
                n[fs.length + 2 * c.ordinal()] = source + "." + c.wireName() + ".hour";
                n[fs.length + 2 * c.ordinal() + 1] = source + "." + c.wireName() + ".day";
            }
            names.put(source, n);
        }
        return n;
    }

    private void rollover(EntityModel m, int day) {
        int window = config.windowDays();
        long[] mask = DayRing.expiryMask(m.day, day, window);
        DayRing.clear(m.days, 0, mask);
        if (m.activity != null) m.activity.expire(mask);
        if (m.dayType != null) m.dayType.expire(mask);
        if (m.time != null) m.time.advance(day, window);
        for (EntityModel.SourceModel s : m.sources) {
            DayRing.clear(s.days, 0, mask);
            for (CategoryModel c : s.models) c.expire(mask);
            for (CountSeries c : s.series) c.advance(day, window, config.allHoursHalfLifeDays());
        }
        m.day = day;
    }

    /** A new organisation day (the latest local day seen): expire org days, rebuild the σ priors and the hours profile. */
    private void advanceOrganisation(int day) {
        if (orgDay != Integer.MIN_VALUE) DayRing.clear(orgDays, 0, DayRing.expiryMask(orgDay, day, config.windowDays()));
        orgDay = day;
        rebuildPriors();
        rebuildTimePrior();
    }

    /** π[b]: the mean share s[b]/N over entities with enough completed days; usualShare everywhere before any. */
    void rebuildTimePrior() {
        double[] sum = new double[TimeOfDayModel.BUCKETS];
        int n = 0;
        for (EntityModel m : byIndex) if (m.time != null && m.time.addProfile(sum)) n++;
        timePrior = TimeOfDayModel.prior(sum, n, config.hours().usualShare());
    }

    void rebuildPriors() {
        priorVersion++;
        Map<String, double[][]> collected = new TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (EntityModel m : byIndex) {
            for (EntityModel.SourceModel s : m.sources) {
                String[] n = names(s.name);
                for (CountSeries c : s.series) {
                    for (int w = 0; w < 2; w++) {
                        double[] mm = c.meanMax(w + 1, m.day);
                        if (mm == null || mm[2] < 2) continue;
                        String key = n[FEATURES.length + 2 * c.metric.ordinal() + w];
                        double[][] arr = collected.computeIfAbsent(key, k -> new double[2][16]);
                        int k = counts.getOrDefault(key, 0);
                        if (k == arr[0].length) {
                            arr[0] = java.util.Arrays.copyOf(arr[0], k * 2);
                            arr[1] = java.util.Arrays.copyOf(arr[1], k * 2);
                        }
                        arr[0][k] = mm[0];
                        arr[1][k] = mm[1];
                        counts.put(key, k + 1);
                    }
                }
            }
        }
        priors.clear();
        for (Map.Entry<String, double[][]> en : collected.entrySet()) {
            priors.put(en.getKey(), CountPrior.build(en.getValue()[0], en.getValue()[1], counts.get(en.getKey()),
                    config.countSegmentSize(), config.countMinPriorSigma(), priorVersion));
        }
    }

    /** Model state size of one entity in bytes (arrays and objects, compressed references), or -1. */
    public long entityBytes(String entity) {
        EntityModel m = entities.get(entity);
        return m == null ? -1 : m.bytes();
    }

    /** What the models have learnt about {@code entity}, or null when it was never seen. */
    public EntitySummary summary(String entity) {
        EntityModel m = entities.get(entity);
        return m == null ? null : EntitySummary.of(this, m);
    }
}
