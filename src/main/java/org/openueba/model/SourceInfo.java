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
    /** The engine's number for this source, 0, 1, 2… in the order the sources were first seen. */
    final int index;
    /** Feature names: categorical features by ordinal, then count metrics (hour, day, span) by ordinal. */
    final String[] names;
    /** The features the source profile lists, in its order, or null: by event kind. */
    final CategoryFeature[] features;
    /** Interned "source/kind" activity values by kind ordinal (−1 until first used). */
    final int[] activityIds = new int[EventKind.values().length];
    /** Priors by 3 · metric ordinal + window (0 = hour, 1 = day, 2 = span), valid for {@link #priorGeneration}. */
    final CountPrior[] priors = new CountPrior[WINDOWS * CountMetric.values().length];
    /** Count windows per metric: hour, day, span. */
    static final int WINDOWS = 3;
    int priorGeneration = -1;

    SourceInfo(String name, int index, Set<CategoryFeature> configured) {
        this.name = name;
        this.index = index;
        CategoryFeature[] fs = CategoryFeature.values();
        CountMetric[] ms = CountMetric.values();
        names = new String[fs.length + WINDOWS * ms.length];
        for (CategoryFeature f : fs) names[f.ordinal()] = name + "." + f.wireName();
        for (CountMetric c : ms) {
            names[fs.length + WINDOWS * c.ordinal()] = name + "." + c.wireName() + ".hour";
            names[fs.length + WINDOWS * c.ordinal() + 1] = name + "." + c.wireName() + ".day";
            names[fs.length + WINDOWS * c.ordinal() + 2] = name + "." + c.wireName() + ".days";
        }
        features = configured == null ? null : configured.toArray(new CategoryFeature[0]);
        Arrays.fill(activityIds, -1);
    }

    /** The name of a count metric's window (0 = hour, 1 = day, 2 = span). */
    String countName(CountMetric m, int window) {
        return names[CategoryFeature.values().length + WINDOWS * m.ordinal() + window];
    }

    int activityId(EventKind kind, ValueDictionary dict) {
        int id = activityIds[kind.ordinal()];
        if (id < 0) id = activityIds[kind.ordinal()] = dict.intern(name + "/" + kind.wireName());
        return id;
    }
}
