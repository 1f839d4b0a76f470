package org.openueba.model;

import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /** The hour of a logon to a workstation personal to another entity (docs/algorithms.md). */
    static final String VISIT_TIME = "visit_time";
    /** Half-life of the visit-hour counters, in days. */
    static final double VISIT_HALF_LIFE_DAYS = 30;
    /** Event attribute with the IANA time zone of a located address (set by the GeoIP enrichment). */
    public static final String GEO_TIME_ZONE = "geo_time_zone";
    /** How long a travelling entity counts as away after its last event located there: 3 days. */
    static final long AWAY_SECONDS = 3 * 86_400L;
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
    /** Entity ids, interned in order of first event: an entity's id here is its index in {@link #byIndex}. */
    final ValueDictionary entityIds = new ValueDictionary();
    final List<EntityModel> byIndex = new ArrayList<>();
    /** Each categorical feature's value dictionary and population index, by the feature's ordinal. */
    private final ValueDictionary[] dictionaryOf = new ValueDictionary[CategoryFeature.values().length];
    private final PopulationIndex[] populationOf = new PopulationIndex[CategoryFeature.values().length];
    /** Per ownership feature: whether an entity (by index) roams over more values than it keeps ({@link EntityModel#roams}). */
    private final EnumMap<CategoryFeature, java.util.function.IntPredicate> roamers = new EnumMap<>(CategoryFeature.class);
    final ValueDictionary activities = new ValueDictionary();
    final PopulationIndex activityPopulation = new PopulationIndex();
    final Map<String, CountPrior> priors = new HashMap<>();
    /** Changes whenever {@link #priors} is replaced, so that each source re-resolves its priors once. */
    int priorGeneration;
    final long[] orgDays = new long[2];
    /** The organisation's hours profile π (share of active days per ten-minute bucket), rebuilt each organisation day. */
    float[] timePrior;
    int orgDay = Integer.MIN_VALUE;
    int priorVersion;
    long applied;
    private final Map<String, SourceInfo> sourceInfos = new HashMap<>();
    private final Map<ZoneId, ZoneClock> clocks = new HashMap<>();
    private final Map<String, ZoneClock> geoClocks = new HashMap<>();
    private final PopulationIndex.View view = new PopulationIndex.View();
    /** Builds the ASN value ("AS… org") for its dictionary look-up without a string per event. */
    private final StringBuilder key = new StringBuilder();
    private static final CategoryFeature[] FEATURES = CategoryFeature.values();
    private static final CategoryFeature[][] DEFAULT_FEATURES = new CategoryFeature[EventKind.values().length][];
    private static final CountMetric[][] DEFAULT_METRICS = new CountMetric[EventKind.values().length][];

    static {
        for (EventKind k : EventKind.values()) {
            DEFAULT_FEATURES[k.ordinal()] = CategoryFeature.defaultsFor(k).toArray(new CategoryFeature[0]);
            DEFAULT_METRICS[k.ordinal()] = CountMetric.defaultsFor(k).toArray(new CountMetric[0]);
        }
    }
    /** Whether a metric has a span window, by ordinal. */
    private final boolean[] spans = new boolean[CountMetric.values().length];
    /** The prior of a metric nobody has enough history for yet: the σ floor everywhere. */
    private final CountPrior noPrior;

    public BehaviourEngine(ModelConfig config, ZoneLookup zones) {
        this.config = config;
        for (CountMetric c : CountMetric.values()) spans[c.ordinal()] = config.spans(c);
        this.zones = zones;
        this.noPrior = new CountPrior(new double[0], new double[0], 0, config.countMinPriorSigma());
        this.timePrior = TimeOfDayModel.prior(new double[TimeOfDayModel.BUCKETS], 0, config.hours().usualShare());
        for (CategoryFeature f : CategoryFeature.values()) {
            dictionaryOf[f.ordinal()] = new ValueDictionary();
            populationOf[f.ordinal()] = new PopulationIndex();
            if (f.ownership()) roamers.put(f, e -> byIndex.get(e).roams(f));
        }
    }

    /** The value dictionary of feature {@code f} (organisation-wide). */
    ValueDictionary dictionary(CategoryFeature f) {
        return dictionaryOf[f.ordinal()];
    }

    /** Which entities used which values of feature {@code f} (organisation-wide). */
    PopulationIndex population(CategoryFeature f) {
        return populationOf[f.ordinal()];
    }

    public ModelConfig config() {
        return config;
    }

    /** Events applied since the engine was created or restored. */
    public long applied() {
        return applied;
    }

    public int entityCount() {
        return byIndex.size();
    }

    EntityModel entity(String id, String source) {
        int found = entityIds.find(id);
        if (found >= 0) return byIndex.get(found);
        // the zone first: when the look-up throws (a directory that cannot be read), nothing has changed yet, and the
        // entity's next event asks again (interning first would leave an id without a model, and shift every later one)
        ZoneId z = zones.zoneOf(id, source);
        int index = entityIds.intern(id);
        EntityModel m = new EntityModel(index, entityIds.value(index), clock(z == null ? ZoneOffset.UTC : z));
        byIndex.add(m);
        return m;
    }

    /** The entity with this id, or null. */
    EntityModel find(String id) {
        int index = entityIds.find(id);
        return index < 0 ? null : byIndex.get(index);
    }

    /** Adds a restored entity (its index must be the next one). */
    void addRestored(EntityModel m) {
        if (entityIds.intern(m.id) != m.index || m.index != byIndex.size()) {
            throw new IllegalArgumentException("entity " + m.id + " is not new or not in index order");
        }
        byIndex.add(m);
    }

    /** The shared clock of a time zone. */
    ZoneClock clock(ZoneId zone) {
        return clocks.computeIfAbsent(zone, ZoneClock::new);
    }

    SourceInfo sourceInfo(String name) {
        SourceInfo info = sourceInfos.get(name);
        if (info == null) sourceInfos.put(name, info = new SourceInfo(name, sourceInfos.size(), config.sourceFeatures().get(name)));
        return info;
    }

    private EntityModel.SourceModel source(EntityModel m, String name) {
        EntityModel.SourceModel s = m.source(name);
        return s != null ? s : m.addSource(sourceInfo(name));
    }

    /** The prior of the count metric {@code k} (3 · ordinal + window) of a source: the σ floor when there is none yet. */
    private CountPrior prior(SourceInfo info, int k) {
        if (info.priorGeneration != priorGeneration) {
            for (int i = 0; i < info.priors.length; i++) {
                info.priors[i] = priors.getOrDefault(info.names[FEATURES.length + i], noPrior);
            }
            info.priorGeneration = priorGeneration;
        }
        return info.priors[k];
    }

    /** The priors were replaced from outside (a restore). */
    void priorsChanged() {
        priorGeneration++;
    }

    /** Scores {@code e} into {@code out} (cleared first) and learns it. */
    public void apply(Event e, ScoredEvent out) {
        applied++;
        EntityModel m = entity(e.entity(), e.source());
        long local = e.time().getEpochSecond() + m.clock.offsetSeconds(e.time());
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

        EntityModel.SourceModel src = source(m, e.source());
        SourceInfo info = src.info;
        String[] n = info.names;
        boolean vpn = !config.vpnRanges().isEmpty() && config.vpnRanges().contains(e.srcIp());
        int srcDays = src.countDays(t0, t1);
        CategoryFeature[] features = info.features != null ? info.features : DEFAULT_FEATURES[e.kind().ordinal()];
        int hostId = -1; // the destination host's id, shared with the distinct-hosts count below
        int cityId = -1; // the city value's id, which is also the travel model's place
        int visited = -1; // the destination host's feature when it is personal to another entity
        for (int fi = 0; fi < features.length; fi++) {
            CategoryFeature f = features[fi];
            if (vpn && f.location()) {
                String v = f.value(e);
                if (v != null) out.add(n[f.ordinal()], v, 0, ScoredEvent.SILENCED);
                continue;
            }
            ValueDictionary dict = dictionary(f);
            int id = valueId(f, e, dict);
            if (id < 0) continue;
            if (f == CategoryFeature.DST_HOST) hostId = id;
            else if (f == CategoryFeature.CITY) cityId = id;
            CategoryModel cm = src.model(f, fi, Math.min(2, config.topK()));
            int ci = scoreCategory(out, n[f.ordinal()], dict.value(id), id, cm, dict, srcDays, f.population() ? population(f) : null,
                    f.ownership() ? f : null, m, day, t0, t1);
            if (f == CategoryFeature.DST_HOST && out.extra[ci] != null) visited = ci;
            if (learn) {
                if (late) cm.invalidate();
                cm.record(id, day, config.topK());
                if (f.population()) population(f).observe(id, m.index, day, window, config.populationCap());
            }
        }

        // first use of a kind of activity, per source
        int entityDays = m.countDays(t0, t1);
        if (m.activity == null) m.activity = new CategoryModel(2);
        int act = info.activityId(e.kind(), activities);
        scoreCategory(out, ACTIVITY, activities.value(act), act, m.activity, activities, entityDays, activityPopulation,
                null, m, day, t0, t1);
        // weekday or weekend, local time
        if (m.dayType == null) m.dayType = new CategoryModel(2);
        int dow = Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
        int dt = dow >= 5 ? WEEKEND : WEEKDAY;
        scoreCategory(out, DAY_TYPE, dt == WEEKEND ? "weekend" : "weekday", dt, m.dayType, DAY_TYPES, entityDays, null,
                null, m, day, t0, t1);
        // time of day: the share of active days around this bucket, with the organisation's profile as prior;
        // an end of activity (logoff, disconnect) scores at most what its start scored
        if (m.time == null) m.time = new TimeOfDayModel();
        int bucket = TimeOfDayModel.bucket(minute);
        boolean end = TimeOfDayModel.endsActivity(e.action());
        double cert = config.certainty(entityDays), share = m.time.share(bucket, timePrior, config.hours());
        double hs = config.hours().score(share) * cert, ts = 0;
        // the journey from the entity's last located event, shared by the whereabouts and the travel score
        boolean located = !vpn && e.lat() != null && e.lon() != null && m.lastTime != Long.MIN_VALUE;
        double km = located ? Travel.distanceKm(m.lastLat, m.lastLon, e.lat(), e.lon()) : Double.NaN;
        double hours = located ? Math.abs(e.time().getEpochSecond() - m.lastTime) / 3600.0 : Double.NaN;
        double journey = located ? Travel.score(km, hours, config.travelSpeedKmh(), config.travelSlackKm(), config.travelMinScore()) : Double.NaN;
        // travelling: the hour is unusual only if it is unusual both at home and where the entity is
        ZoneClock away = whereAway(m, e, vpn, journey);
        int shown = bucket;
        String awayZone = null;
        if (away != null && hs > 0) {
            long awayLocal = e.time().getEpochSecond() + away.offsetSeconds(e.time());
            int ab = TimeOfDayModel.bucket((int) (Math.floorMod(awayLocal, 86_400L) / 60));
            double as = m.time.share(ab, timePrior, config.hours()), a = config.hours().score(as) * cert;
            if (a < hs) {
                hs = a;
                share = as;
                shown = ab;
                awayZone = away.zone.getId();
            }
        }
        // the reading that explains the event is also the one learnt: a trip does not teach the home hours
        // the night-time of a far time zone
        int localBucket = day * TimeOfDayModel.BUCKETS + shown;
        if (!late) ts = m.time.session(localBucket, end, hs);
        int ti = out.add(TIME_OF_DAY, BUCKET_LABELS[shown], ts, ScoredEvent.TIME);
        out.i1[ti] = entityDays;
        out.d1[ti] = cert;
        out.d2[ti] = share;
        out.extra[ti] = awayZone;
        if (ts > 0) out.detail[ti] = m.time.usualHours();
        // the hour of a logon to a workstation personal to another entity, against this entity's own such visits
        if (visited >= 0) visit(out, m, visited, day, shown, end, learn && !late, cert);
        // travel
        travel(out, m, e, vpn, cityId, km, hours, journey);
        // window counts
        if (hostId < 0 && e.dstHost() != null) hostId = dictionary(CategoryFeature.DST_HOST).intern(e.dstHost());
        for (CountMetric metric : DEFAULT_METRICS[e.kind().ordinal()]) {
            CountSeries s = src.series(metric);
            if (learn) s.add(metric.increment(e), hostId, day, hourKey, m.day);
            if (late) continue;
            int k = SourceInfo.WINDOWS * metric.ordinal();
            String hourName = n[FEATURES.length + k], dayName = n[FEATURES.length + k + 1];
            int spanDays = spans[metric.ordinal()] ? config.spanDays() : 0;
            refresh(s, info, m.day);
            double xh = s.hourValue(), xd = s.dayValue(m.day);
            double g = config.countPriorWeight();
            addCount(out, hourName, xh, s.scoreHour(xh, g), s.n, s.hMean, s.hSigma);
            addCount(out, dayName, xd, s.scoreDay(xd, g), s.n, s.dMean, s.dSigma);
            if (spanDays > 0) {
                double xs = s.spanValue(m.day, spanDays);
                int i = addCount(out, n[FEATURES.length + k + 2], xs, s.scoreSpan(xs, g), (int) s.span[3], s.span[0], s.span[1]);
                out.i2[i] = spanDays;
            }
        }

        // learn the entity-level models
        if (learn) {
            m.activity.record(act, day, config.topK());
            activityPopulation.observe(act, m.index, day, window, config.populationCap());
            m.dayType.record(dt, day, 2);
            m.time.record(day, shown);
            if (end && !late) m.time.fill(localBucket, m.day - window + 1);
            if (late) {
                m.activity.invalidate();
                m.dayType.invalidate();
            }
            m.markDay(day);
            src.markDay(day);
            DayRing.set(orgDays, 0, day);
        }
    }

    /** The dictionary id of {@code f}'s value in {@code e}, interning it; −1 when the event has none. */
    private int valueId(CategoryFeature f, Event e, ValueDictionary dict) {
        switch (f) {
            case CITY: {
                if (e.city() == null) return -1;
                if (e.country() == null) return dict.intern(e.city());
                return dict.intern(e.city(), ", ", e.country());
            }
            case ASN: {
                if (e.asn() == null) return -1;
                key.setLength(0);
                key.append("AS").append(e.asn().longValue());
                if (e.asOrg() != null) key.append(' ').append(e.asOrg());
                return dict.intern(key);
            }
            default: {
                String v = f.value(e);
                return v == null ? -1 : dict.intern(v);
            }
        }
    }

    /**
     * Scores (and, when {@code learn} and not the end of an activity, records) a logon to a workstation
     * personal to another entity at local bucket {@code bucket}, against the hours of this entity's
     * earlier such visits (docs/algorithms.md, "Hours of visits to others' workstations").
     */
    private void visit(ScoredEvent out, EntityModel m, int host, int day, int bucket, boolean end, boolean learn, double cert) {
        int hour = bucket / 6;
        VisitHours v = m.visits;
        double n = v == null ? 0 : v.total(day, VISIT_HALF_LIFE_DAYS);
        double q = v == null ? timePrior[bucket] : v.share(hour, day, VISIT_HALF_LIFE_DAYS, timePrior[bucket], config.hours());
        double c = cert * VisitHours.certainty(n);
        double s = config.hours().score(q) * c;
        int i = out.add(VISIT_TIME, BUCKET_LABELS[bucket], s, ScoredEvent.VISIT);
        out.i1[i] = (int) Math.round(n);
        out.d1[i] = c;
        out.d2[i] = q;
        out.extra[i] = out.value[host] + ", personal to " + out.extra[host];
        if (s > 0 && v != null) out.detail[i] = v.usual(); // as for the time of day: usual hours only for a visit that scored
        if (learn && !end) {
            if (v == null) m.visits = v = new VisitHours(day);
            v.record(day, hour, VISIT_HALF_LIFE_DAYS);
        }
    }

    private static int addCount(ScoredEvent out, String name, double x, double score, int n, double mean, double sigma) {
        int i = out.addCount(name, x, score);
        out.i1[i] = n;
        out.i2[i] = 0;
        out.d1[i] = mean;
        out.d2[i] = sigma;
        return i;
    }

    private int scoreCategory(ScoredEvent out, String name, String value, int id, CategoryModel cm, ValueDictionary dict,
                               int days, PopulationIndex pop, CategoryFeature ownership, EntityModel m, int day, long t0, long t1) {
        int count = cm.count(id, t0, t1);
        RarityScorer scorer = config.rarity();
        double cert = config.certainty(days);
        double s = cm.score(count, scorer, days, m.day, t0, t1) * cert;
        int others = -1;
        String owner = null;
        int ownerDays = 0, totalDays = 0;
        if (pop != null) {
            // the whole view only where it can change the score: a score above 0, or a never-used host
            // that ownership may raise from 0; otherwise only the count of others for the reason
            if (s > 0 || (ownership != null && count == 0 && cert > 0)) {
                pop.view(id, m.index, day, config.windowDays(), config.populationCap(), view,
                        ownership == null ? null : roamers.get(ownership));
                others = view.others;
                double r = Math.floor(100 * Discount.of(config.populationCommonAt(), others + 1.0));
                if (r < s) {
                    // a first use of a kind of activity stays a signal of its own however common the kind is
                    double w = (r == 0 && pop != activityPopulation ? 0.95 : 0.5) * config.certainty(DayRing.count(orgDays, 0, t0, t1));
                    s = r * w + s * (1 - w);
                }
                // a host personal to another entity and never used by this one is a finding even where new
                // hosts are ordinary for this entity (an administrator's); "never used" by the organisation's
                // record too, since a roaming entity's model forgets hosts it did use (top K)
                if (ownership != null && (s > 0 || (count == 0 && view.ownDays == 0 && cert > 0)) && view.owner >= 0 && view.ownerDays >= config.ownerMinDays() && view.totalDays > 0) {
                    double share = (double) view.ownerDays / view.totalDays;
                    if (share >= config.ownerShare()) {
                        // a never-used host that scored 0 is boosted only as far as the entity's history is certain
                        s = s + (100 - s) * config.ownerBoost() * share * (s > 0 ? 1 : cert);
                        owner = byIndex.get(view.owner).id;
                        ownerDays = view.ownerDays;
                        totalDays = view.totalDays;
                    }
                }
            } else {
                // the population cannot lower 0 and ownership does not apply: only the reason's count
                others = pop.others(id, m.index, day, config.windowDays(), config.populationCap());
            }
        }
        int i = out.add(name, value, s, ScoredEvent.CATEGORY);
        out.i1[i] = count;
        out.i2[i] = days;
        out.i3[i] = others;
        out.d1[i] = cert;
        if (s > 0 && dict != null) {
            out.usualN[i] = (byte) cm.topInto(ScoredEvent.USUAL, t0, t1, out.usualIds, out.usualDays, ScoredEvent.USUAL * i);
            out.dict[i] = dict;
        }
        out.extra[i] = owner;
        out.i4[i] = ownerDays;
        out.i5[i] = totalDays;
        return i;
    }

    /**
     * Updates where {@code m} is from a located event and returns the zone of a travelling entity (null at
     * home): an event located (not from a VPN/egress range) in a time zone with another UTC offset than the
     * entity's own, reached at a plausible speed from its last located event, makes it "away" there for
     * {@link #AWAY_SECONDS} after the last such event; one located in its own offset brings it home; an
     * impossible journey makes no zone count until it is home again. Out-of-order events read but never
     * move the state. {@code journey} is the travel score from the last located event (NaN: none).
     */
    private ZoneClock whereAway(EntityModel m, Event e, boolean vpn, double journey) {
        long sec = e.time().getEpochSecond();
        if (!vpn && e.lat() != null && e.lon() != null && sec >= m.lastTime) {
            ZoneClock z = geoClock(e.attributes().get(GEO_TIME_ZONE));
            if (z != null) {
                if (z.offsetSeconds(e.time()) == m.clock.offsetSeconds(e.time())) {
                    m.away = null;
                    m.awayUntil = Long.MIN_VALUE;
                } else if (journey != 0) { // also NaN: no previous location
                    // nothing to come from, or an impossible journey: do not trust the place
                    m.away = null;
                    m.awayUntil = Long.MAX_VALUE;
                } else if (m.awayUntil != Long.MAX_VALUE) {
                    m.away = z;
                    m.awayUntil = sec + AWAY_SECONDS;
                }
            }
        }
        return m.away != null && sec <= m.awayUntil ? m.away : null;
    }

    /** The clock of a time zone named by an event (null when absent or not a zone; bounded cache). */
    private ZoneClock geoClock(String zone) {
        if (zone == null) return null;
        ZoneClock c = geoClocks.get(zone);
        if (c == null && !geoClocks.containsKey(zone)) {
            try {
                c = clock(ZoneId.of(zone));
            } catch (java.time.DateTimeException ex) {
                c = null;
            }
            if (geoClocks.size() < 1_000) geoClocks.put(zone, c);
        }
        return c;
    }

    /**
     * Adds the travel score {@code s} of a located event ({@code km} in {@code hours} from the last located
     * event; NaN when there is none) and moves the entity's last location.
     */
    private void travel(ScoredEvent out, EntityModel m, Event e, boolean vpn, int cityId, double km, double hours, double s) {
        if (e.lat() == null || e.lon() == null || vpn) return;
        long sec = e.time().getEpochSecond();
        // "city, country" is the city feature's value: reuse its interned string when the event has it
        String place = cityId >= 0 ? dictionary(CategoryFeature.CITY).value(cityId)
                : e.city() != null ? e.city() + (e.country() == null ? "" : ", " + e.country())
                : e.country() != null ? e.country() : String.format(Locale.ROOT, "%.2f,%.2f", e.lat(), e.lon());
        if (!Double.isNaN(s)) {
            int i = out.add(TRAVEL, place, s, ScoredEvent.TRAVEL);
            // the detail text is built when the reason is read
            out.d1[i] = km;
            out.d2[i] = hours;
            out.extra[i] = String.valueOf(m.lastPlace);
            out.travelLimit = config.travelSpeedKmh();
            out.travelSlack = config.travelSlackKm();
        }
        if (sec >= m.lastTime) {
            m.lastTime = sec;
            m.lastLat = (float) (double) e.lat();
            m.lastLon = (float) (double) e.lon();
            m.lastPlace = place;
        }
    }

    /**
     * Refreshes the statistics of a count series for the entity's day {@code day} against the source's
     * priors (a no-op when they are already of that day and those priors). No prior yet for a metric (the
     * first days of the organisation): σ_prior is the floor, never 0.
     */
    private void refresh(CountSeries s, SourceInfo info, int day) {
        int k = SourceInfo.WINDOWS * s.metric.ordinal();
        int spanDays = spans[s.metric.ordinal()] ? config.spanDays() : 0;
        s.refresh(day, prior(info, k), prior(info, k + 1), spanDays > 0 ? prior(info, k + 2) : null, spanDays,
                config.countPriorWeight());
    }

    private void rollover(EntityModel m, int day) {
        int window = config.windowDays();
        long[] mask = DayRing.expiryMask(m.day, day, window);
        m.clearDays(mask);
        if (m.activity != null) m.activity.expire(mask);
        if (m.dayType != null) m.dayType.expire(mask);
        if (m.time != null) m.time.advance(day, window);
        for (EntityModel.SourceModel s : m.sources) {
            s.clearDays(mask);
            for (CategoryModel c : s.models) c.expire(mask);
            for (CountSeries c : s.series) {
                c.advance(day, window, config.allHoursHalfLifeDays());
                // now, while its rows are at hand: the first score of the day and the organisation's priors read the cache
                refresh(c, s.info, day);
            }
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
        // each key's (mean, max) pairs in entity order; a source's keys are resolved once per rebuild
        Map<String, PriorInput> collected = new TreeMap<>();
        PriorInput[][] bySource = new PriorInput[sourceInfos.size()][];
        double[] mm = new double[4];
        for (EntityModel m : byIndex) {
            for (EntityModel.SourceModel s : m.sources) {
                PriorInput[] inputs = bySource[s.info.index];
                if (inputs == null) inputs = bySource[s.info.index] = new PriorInput[SourceInfo.WINDOWS * CountMetric.values().length];
                for (CountSeries c : s.series) {
                    int at = SourceInfo.WINDOWS * c.metric.ordinal();
                    // hour and day windows: entities with at least 2 completed days
                    if (c.priorInput(m.day, mm) >= 2) {
                        input(inputs, at, s.info, collected).add(mm[0], mm[1]);
                        input(inputs, at + 1, s.info, collected).add(mm[2], mm[3]);
                    }
                    // the span window: entities with at least 2 effective days (2·N active days)
                    if (spans[c.metric.ordinal()]) {
                        double[] sm = c.spanPriorInput(m.day, config.spanDays());
                        if (sm != null) input(inputs, at + 2, s.info, collected).add(sm[0], sm[1]);
                    }
                }
            }
        }
        priors.clear();
        priorGeneration++;
        for (Map.Entry<String, PriorInput> en : collected.entrySet()) {
            PriorInput in = en.getValue();
            priors.put(en.getKey(), CountPrior.build(in.means, in.maxima, in.n,
                    config.countSegmentSize(), config.countPriorPercentile(), config.countMinPriorSigma(), priorVersion));
        }
    }

    private static PriorInput input(PriorInput[] inputs, int i, SourceInfo info, Map<String, PriorInput> collected) {
        PriorInput in = inputs[i];
        if (in == null) inputs[i] = in = collected.computeIfAbsent(info.names[FEATURES.length + i], k -> new PriorInput());
        return in;
    }

    /** The entities' (mean, maximum) of one count window, the input of its {@link CountPrior}. */
    private static final class PriorInput {
        double[] means = new double[16], maxima = new double[16];
        int n;

        void add(double mean, double max) {
            if (n == means.length) {
                means = java.util.Arrays.copyOf(means, n * 2);
                maxima = java.util.Arrays.copyOf(maxima, n * 2);
            }
            means[n] = mean;
            maxima[n++] = max;
        }
    }

    /** Model state size of one entity in bytes (arrays and objects, compressed references), or -1. */
    public long entityBytes(String entity) {
        EntityModel m = find(entity);
        return m == null ? -1 : m.bytes();
    }

    /** The names of the parts {@link #entityBytesByPart} splits an entity's model state into. */
    public static List<String> entityParts() {
        return List.of(EntityModel.PARTS);
    }

    /** {@link #entityBytes} split into {@link #entityParts()}, or null when the entity was never seen. */
    public long[] entityBytesByPart(String entity) {
        EntityModel m = find(entity);
        return m == null ? null : m.bytesByPart();
    }

    /** What the models have learnt about {@code entity}, or null when it was never seen. */
    public EntitySummary summary(String entity) {
        EntityModel m = find(entity);
        return m == null ? null : EntitySummary.of(this, m);
    }
}
