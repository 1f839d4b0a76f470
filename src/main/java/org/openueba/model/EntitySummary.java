package org.openueba.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What the first-layer models have learnt about one entity, for the entity API and UI.
 *
 * @param entity       the entity
 * @param timeZone     the local time zone its days and hours are computed in
 * @param days         completed days of activity in the window
 * @param hours        for each local hour 0..23, on how many completed days the entity was active then
 * @param usualHours   the hours active on at least half of the days, as text
 * @param features     per categorical feature, the top values with their day counts
 * @param counts       per count metric and window, the statistics the scores compare with
 * @param visitHours   for each local hour 0..23, its logons to workstations personal to other entities
 *                     (decayed counts, half-life 30 days, one decimal)
 * @param usualVisitHours the hours holding at least 10 % of those logons, as text
 */
public record EntitySummary(String entity, String timeZone, int days, int[] hours, String usualHours,
                            List<FeatureValues> features, List<CountStatistics> counts, double[] visitHours,
                            String usualVisitHours) {

    /** @param values top values, most days first */
    public record FeatureValues(String feature, int days, List<ValueDays> values) {
    }

    public record ValueDays(String value, int days) {
    }

    /**
     * @param feature e.g. {@code vpn.failures.hour}
     * @param days    completed days
     * @param mean    mean of the daily maxima (hour) or daily totals (day)
     * @param max     the largest of them
     */
    public record CountStatistics(String feature, int days, double mean, double max) {
    }

    static EntitySummary of(BehaviourEngine engine, EntityModel m) {
        int slot = DayRing.slot(m.day);
        long t0 = slot < 64 ? 1L << slot : 0, t1 = slot >= 64 ? 1L << (slot - 64) : 0;
        List<FeatureValues> fv = new ArrayList<>();
        for (EntityModel.SourceModel s : m.sources) {
            int srcDays = s.countDays(t0, t1);
            for (CategoryModel c : s.models) {
                fv.add(new FeatureValues(s.name() + "." + c.feature.wireName(), srcDays,
                        top(c, engine.dictionary(c.feature), t0, t1, 10)));
            }
        }
        int days = m.countDays(t0, t1);
        if (m.activity != null) fv.add(new FeatureValues(BehaviourEngine.ACTIVITY, days, top(m.activity, engine.activities, t0, t1, 10)));
        if (m.dayType != null) fv.add(new FeatureValues(BehaviourEngine.DAY_TYPE, days, top(m.dayType, BehaviourEngine.DAY_TYPES, t0, t1, 2)));
        List<CountStatistics> cs = new ArrayList<>();
        for (EntityModel.SourceModel s : m.sources) {
            for (CountSeries c : s.series) {
                boolean span = engine.config().spans(c.metric);
                for (int w = 0; w < (span ? 3 : 2); w++) {
                    double[] mm = w < 2 ? c.meanMax(w + 1, m.day) : c.spanMeanMax(m.day, engine.config().spanDays());
                    cs.add(new CountStatistics(s.info.countName(c.metric, w),
                            mm == null ? 0 : (int) mm[2], mm == null ? 0 : mm[0], mm == null ? 0 : mm[1]));
                }
            }
        }
        int[] hours = m.time == null ? new int[24] : m.time.hourProfile();
        double[] visits = new double[VisitHours.HOURS];
        String usualVisits = "no logons to others' workstations yet";
        if (m.visits != null) {
            double f = m.visits.factor(m.day, BehaviourEngine.VISIT_HALF_LIFE_DAYS);
            for (int h = 0; h < visits.length; h++) visits[h] = Math.round(10 * m.visits.counts[h] * f) / 10.0;
            String u = m.visits.usual();
            if (u != null) usualVisits = u;
        }
        return new EntitySummary(m.id, m.zone().getId(), days, hours, m.time == null ? "no regular hours yet" : m.time.usualHours(),
                fv, cs, visits, usualVisits);
    }

    private static List<ValueDays> top(CategoryModel c, ValueDictionary dict, long t0, long t1, int n) {
        List<ValueDays> out = new ArrayList<>();
        for (int[] v : c.top(n, t0, t1)) out.add(new ValueDays(dict.value(v[0]), v[1]));
        return out;
    }
}
