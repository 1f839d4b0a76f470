package org.openueba.model;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between the live models and their stored form ({@link ModelState}). Pure. */
public final class ModelMapper {
    private ModelMapper() {
    }

    // ---- live → state

    public static ModelState.Organisation organisation(BehaviourEngine e) {
        Map<String, List<String>> dicts = new LinkedHashMap<>();
        Map<String, List<ModelState.Usage>> pops = new LinkedHashMap<>();
        for (CategoryFeature f : CategoryFeature.values()) {
            dicts.put(f.name(), values(e.dictionary(f)));
            pops.put(f.name(), usages(e.population(f)));
        }
        Map<String, ModelState.Prior> priors = new LinkedHashMap<>();
        e.priors.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(p -> priors.put(p.getKey(),
                new ModelState.Prior(p.getValue().centres.clone(), p.getValue().sigmas.clone(), p.getValue().version, p.getValue().floor)));
        return new ModelState.Organisation(e.applied, e.orgDay, e.orgDays.clone(), e.priorVersion, dicts, values(e.activities),
                pops, usages(e.activityPopulation), priors, e.byIndex.size(), e.timePrior.clone());
    }

    private static List<String> values(ValueDictionary d) {
        List<String> v = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) v.add(d.value(i));
        return v;
    }

    private static List<ModelState.Usage> usages(PopulationIndex p) {
        return p.state();
    }

    /** The state of the entity with this index (0 ≤ index &lt; entities). */
    public static ModelState.Entity entity(BehaviourEngine e, int index) {
        EntityModel m = e.byIndex.get(index);
        List<ModelState.Source> sources = new ArrayList<>();
        for (EntityModel.SourceModel s : m.sources) {
            List<String> features = new ArrayList<>();
            List<ModelState.Category> models = new ArrayList<>();
            for (CategoryModel c : s.models) {
                features.add(c.feature.name());
                models.add(category(c));
            }
            List<ModelState.Series> series = new ArrayList<>();
            for (CountSeries c : s.series) {
                series.add(new ModelState.Series(c.metric.name(), c.rowsAsFloats(), c.size, c.hour, c.hourCount,
                        c.hourSet == null ? null : Arrays.copyOf(c.hourSet, c.hourSetN), c.hourSetN,
                        c.daySet == null ? null : Arrays.copyOf(c.daySet, c.daySetN), c.daySetN, c.mWeight, c.mMean, c.mM2,
                        c.momentsDay, c.dayWeight, c.dayM2));
            }
            // activity ids are shared per source now (SourceInfo) and re-interned after a restore: not stored
            sources.add(new ModelState.Source(s.name(), s.daysArray(), features, models, series, null));
        }
        TimeOfDayModel t = m.time;
        ModelState.Time time = t == null ? null : new ModelState.Time(t.rowDays(),
                t.bucketBits(), t.rows, t.s == null ? null : t.s.clone(), t.foldedBefore, t.window,
                t.lastStart, t.lastStartScore);
        return new ModelState.Entity(m.index, m.id, m.zone().getId(), m.day, m.daysArray(), sources, category(m.activity),
                category(m.dayType), time, m.lastLat, m.lastLon, m.lastTime, m.lastPlace,
                m.away == null ? null : m.away.zone.getId(), m.awayUntil,
                m.visits == null ? null : new ModelState.Visits(m.visits.counts.clone(), m.visits.day));
    }

    private static ModelState.Category category(CategoryModel c) {
        if (c == null) return null;
        return new ModelState.Category(c.ids(), c.rings(), c.size, c.over0, c.over1);
    }

    // ---- state → live

    /** Restores the organisation-wide state into a fresh engine (entities follow with {@link #addEntity}). */
    public static void restoreOrganisation(BehaviourEngine e, ModelState.Organisation o) {
        if (e.applied != 0 || !e.byIndex.isEmpty()) throw new IllegalStateException("restore needs a fresh engine");
        e.applied = o.applied();
        e.orgDay = o.orgDay();
        e.orgDays[0] = o.orgDays()[0];
        e.orgDays[1] = o.orgDays()[1];
        e.priorVersion = o.priorVersion();
        for (CategoryFeature f : CategoryFeature.values()) {
            List<String> values = o.dictionaries().getOrDefault(f.name(), List.of());
            for (String v : values) e.dictionary(f).intern(v);
            restoreUsages(e.population(f), o.populations().getOrDefault(f.name(), List.of()));
        }
        for (String v : o.activities()) e.activities.intern(v);
        restoreUsages(e.activityPopulation, o.activityPopulation());
        o.priors().forEach((k, p) -> e.priors.put(k, new CountPrior(p.centres().clone(), p.sigmas().clone(), p.version(), p.floor())));
        e.priorsChanged();
        if (o.hoursPrior().length != TimeOfDayModel.BUCKETS) {
            throw new IllegalArgumentException("hours prior has " + o.hoursPrior().length + " buckets, expected " + TimeOfDayModel.BUCKETS);
        }
        e.timePrior = o.hoursPrior().clone();
    }

    private static void restoreUsages(PopulationIndex p, List<ModelState.Usage> usages) {
        p.restore(usages);
    }

    /** Adds one restored entity; entities must come in index order. */
    public static void addEntity(BehaviourEngine e, ModelState.Entity s) {
        if (s.index() != e.byIndex.size()) {
            throw new IllegalArgumentException("entity " + s.id() + " has index " + s.index() + ", expected " + e.byIndex.size());
        }
        EntityModel m = new EntityModel(s.index(), s.id(), e.clock(ZoneId.of(s.zone())));
        m.day = s.day();
        m.loadDays(s.days());
        m.sources = new EntityModel.SourceModel[s.sources().size()];
        for (int i = 0; i < m.sources.length; i++) {
            ModelState.Source ss = s.sources().get(i);
            EntityModel.SourceModel src = new EntityModel.SourceModel(e.sourceInfo(ss.name()));
            src.loadDays(ss.days());
            src.models = new CategoryModel[ss.features().size()];
            for (int k = 0; k < src.models.length; k++) {
                src.models[k] = category(ss.models().get(k));
                src.models[k].feature = CategoryFeature.valueOf(ss.features().get(k));
            }
            src.series = new CountSeries[ss.series().size()];
            for (int k = 0; k < src.series.length; k++) {
                ModelState.Series st = ss.series().get(k);
                CountSeries c = new CountSeries(CountMetric.valueOf(st.metric()));
                c.loadRows(st.rows(), st.size());
                c.hour = st.hour();
                c.hourCount = st.hourCount();
                c.hourSet = st.hourSet() == null ? null : Arrays.copyOf(st.hourSet(), Math.max(4, st.hourSetN()));
                c.hourSetN = st.hourSetN();
                c.daySet = st.daySet() == null ? null : Arrays.copyOf(st.daySet(), Math.max(4, st.daySetN()));
                c.daySetN = st.daySetN();
                c.mWeight = st.mWeight();
                c.mMean = st.mMean();
                c.mM2 = st.mM2();
                c.momentsDay = st.momentsDay();
                c.dayWeight = st.dayWeight();
                c.dayM2 = st.dayM2();
                src.series[k] = c;
            }
            m.sources[i] = src;
        }
        m.activity = category(s.activity());
        m.dayType = category(s.dayType());
        if (s.time() != null) {
            ModelState.Time ts = s.time();
            TimeOfDayModel t = new TimeOfDayModel();
            t.loadRows(ts.rowDay(), ts.rowBits(), ts.rows());
            t.s = ts.sums() == null ? null : ts.sums().clone();
            t.foldedBefore = ts.foldedBefore();
            t.window = ts.window();
            t.lastStart = ts.lastStart();
            t.lastStartScore = ts.lastStartScore();
            t.recount();
            m.time = t;
        }
        m.lastLat = s.lastLat();
        m.lastLon = s.lastLon();
        m.lastTime = s.lastTime();
        m.lastPlace = s.lastPlace();
        m.away = s.awayZone() == null ? null : e.clock(java.time.ZoneId.of(s.awayZone()));
        m.awayUntil = s.awayUntil();
        if (s.visits() != null) m.visits = new VisitHours(s.visits().counts().clone(), s.visits().day());
        e.addRestored(m);
    }

    private static CategoryModel category(ModelState.Category s) {
        return s == null ? null : CategoryModel.of(s.ids(), s.bits(), s.size(), s.over0(), s.over1());
    }
}
