package org.openueba.model;

import java.util.Arrays;

/**
 * The organisation's view of one categorical feature: for every value, which entities used it
 * recently and on how many days (engine.md §3.1, population context, and our ownership signal).
 * Per value it tracks up to {@code cap} entities exactly (entity index, last day of use, days of
 * use); a value used by more is simply "common" until nobody has used it for a whole window.
 * Entries whose last use left the window are ignored and dropped. Days of use are counted since the
 * entity's entry was created (not aged day by day): an approximation that keeps the index small,
 * documented in docs/algorithms.md. Not thread-safe.
 */
final class PopulationIndex {
    static final class Usage {
        int[] entity = new int[2];
        int[] lastDay = new int[2];
        int[] days = new int[2];
        int n;
        boolean common;
        int commonLastDay;
    }

    Usage[] byValue = new Usage[16];

    /** What the population says about one value, as seen by one entity. */
    static final class View {
        /** Other entities that used the value within the window (saturates at the cap). */
        int others;
        /** The other entity with the most days of use, or -1. */
        int owner = -1;
        int ownerDays;
        /** Days of use summed over all tracked entities, this one included. */
        int totalDays;

        void clear() {
            others = 0;
            owner = -1;
            ownerDays = 0;
            totalDays = 0;
        }
    }

    Usage usage(int value) {
        return value < byValue.length ? byValue[value] : null;
    }

    /** Fills {@code v} for entity {@code entity} looking at {@code value} on {@code day}. */
    void view(int value, int entity, int day, int window, int cap, View v) {
        v.clear();
        Usage u = usage(value);
        if (u == null) return;
        if (u.common) {
            if (u.commonLastDay > day - window) v.others = cap;
            return;
        }
        for (int i = 0; i < u.n; i++) {
            if (u.lastDay[i] <= day - window) continue;
            v.totalDays += u.days[i];
            if (u.entity[i] == entity) continue;
            v.others++;
            if (u.days[i] > v.ownerDays || (u.days[i] == v.ownerDays && u.entity[i] < v.owner)) {
                v.ownerDays = u.days[i];
                v.owner = u.entity[i];
            }
        }
    }

    /** {@link View#others} alone (what {@link #view} would give), for a value whose score the population cannot change. */
    int others(int value, int entity, int day, int window, int cap) {
        Usage u = usage(value);
        if (u == null) return 0;
        if (u.common) return u.commonLastDay > day - window ? cap : 0;
        int n = 0;
        for (int i = 0; i < u.n; i++) if (u.lastDay[i] > day - window && u.entity[i] != entity) n++;
        return n;
    }

    /** Records that {@code entity} used {@code value} on {@code day}. */
    void observe(int value, int entity, int day, int window, int cap) {
        if (value >= byValue.length) byValue = Arrays.copyOf(byValue, Math.max(value + 1, byValue.length * 2));
        Usage u = byValue[value];
        if (u == null) byValue[value] = u = new Usage();
        if (u.common) {
            if (u.commonLastDay <= day - window) {
                u.common = false; // nobody used it for a whole window: track it afresh
                u.entity = new int[2];
                u.lastDay = new int[2];
                u.days = new int[2];
                u.n = 0;
            } else {
                u.commonLastDay = Math.max(u.commonLastDay, day);
                return;
            }
        }
        int free = -1;
        for (int i = 0; i < u.n; i++) {
            if (u.entity[i] == entity) {
                if (day > u.lastDay[i]) {
                    u.lastDay[i] = day;
                    u.days[i]++;
                }
                return;
            }
            if (free < 0 && u.lastDay[i] <= day - window) free = i;
        }
        if (free >= 0) {
            u.entity[free] = entity;
            u.lastDay[free] = day;
            u.days[free] = 1;
            return;
        }
        if (u.n == cap) {
            u.common = true;
            u.commonLastDay = day;
            u.entity = u.lastDay = u.days = null;
            u.n = 0;
            return;
        }
        if (u.n == u.entity.length) {
            int len = Math.min(cap, u.n * 2);
            u.entity = Arrays.copyOf(u.entity, len);
            u.lastDay = Arrays.copyOf(u.lastDay, len);
            u.days = Arrays.copyOf(u.days, len);
        }
        u.entity[u.n] = entity;
        u.lastDay[u.n] = day;
        u.days[u.n] = 1;
        u.n++;
    }

    /** Entities using {@code value} within the window, as of {@code day} (the cap when common). */
    int entities(int value, int day, int window, int cap) {
        Usage u = usage(value);
        if (u == null) return 0;
        if (u.common) return u.commonLastDay > day - window ? cap : 0;
        int n = 0;
        for (int i = 0; i < u.n; i++) if (u.lastDay[i] > day - window) n++;
        return n;
    }
}
