package org.openueba.model;

import org.openueba.event.EventKind;

import java.util.Arrays;
import java.util.Set;

/**
 * What the engine knows about one data source, shared by every entity that has events of it: its
 * feature names (built once), the categorical features its profile configures, the interned
 * activity value of each event kind, and its count priors by metric and window (resolved once per
 * rebuild of the priors instead of by name for every event). Not thread-safe.
 */
final class SourceInfo {
    final String name;
    /** Feature names: categorical features by ordinal, then count metrics (hour, day) by ordinal. */
    final String[] names;
    /** The features the source profile lists, in its order, or null: by event kind. */
    final CategoryFeature[] features;
    /** Interned "source/kind" activity values by kind ordinal (−1 until first used). */
    final int[] activityIds = new int[EventKind.values().length];
    /** Priors by 2 · metric ordinal + window (0 = hour, 1 = day), valid for {@link #priorGeneration}. */
    final CountPrior[] priors = new CountPrior[2 * CountMetric.values().length];
    int priorGeneration = -1;

    SourceInfo(String name, Set<CategoryFeature> configured) {
        this.name = name;
        CategoryFeature[] fs = CategoryFeature.values();
        CountMetric[] ms = CountMetric.values();
        names = new String[fs.length + 2 * ms.length];
        for (CategoryFeature f : fs) names[f.ordinal()] = name + "." + f.wireName();
        for (CountMetric c : ms) {
            names[fs.length + 2 * c.ordinal()] = name + "." + c.wireName() + ".hour";
            names[fs.length + 2 * c.ordinal() + 1] = name + "." + c.wireName() + ".day";
        }
        features = configured == null ? null : configured.toArray(new CategoryFeature[0]);
        Arrays.fill(activityIds, -1);
    }

    /** The name of a count metric's window (0 = hour, 1 = day). */
    String countName(CountMetric m, int window) {
        return names[CategoryFeature.values().length + 2 * m.ordinal() + window];
    }

    int activityId(EventKind kind, ValueDictionary dict) {
        int id = activityIds[kind.ordinal()];
        if (id < 0) id = activityIds[kind.ordinal()] = dict.intern(name + "/" + kind.wireName());
        return id;
    }
}
