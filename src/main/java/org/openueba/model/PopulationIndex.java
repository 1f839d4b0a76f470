package org.openueba.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The organisation's view of one categorical feature: for every value, which entities used it
 * recently and on how many days (engine.md §3.1, population context, and our ownership signal).
 * Per value it tracks up to {@code cap} entities exactly (entity index, last day of use, days of
 * use); a value used by more is simply "common" until nobody has used it for a whole window.
 * Entries whose last use left the window are ignored and dropped. Days of use are counted since the
 * entity's entry was created (not aged day by day): an approximation that keeps the index small,
 * documented in docs/algorithms.md. Not thread-safe.
 *
 * <p>Memory layout: one {@code int[]} per value, {@code [n, common, commonLastDay, then (entity,
 * lastDay, days) for each of the n tracked entities]}, so that reading a value's users touches one
 * array (16 + 12 + 12·capacity bytes; capacity 1, 2, 4, … up to the cap) rather than an object and three arrays.
 */
final class PopulationIndex {
    private static final int N = 0, COMMON = 1, COMMON_LAST_DAY = 2, HEAD = 3;

    /** Per value id: its usage array, or null when nobody used it. */
    int[][] byValue = new int[16][];

    /** What the population says about one value, as seen by one entity. */
    static final class View {
        /** Other entities that used the value within the window (saturates at the cap). */
        int others;
        /** The other entity with the most days of use, or -1. */
        int owner = -1;
        int ownerDays;
        /** Days of use summed over all tracked entities, this one included. */
        int totalDays;
        /** This entity's own days of use within the window (0 when it is not tracked or the value is common). */
        int ownDays;

        void clear() {
            others = 0;
            owner = -1;
            ownerDays = 0;
            totalDays = 0;
            ownDays = 0;
        }
    }

    private int[] usage(int value) {
        return value < byValue.length ? byValue[value] : null;
    }

    /**
     * Fills {@code v} for entity {@code entity} looking at {@code value} on {@code day}. Entities for
     * which {@code incidental} holds (null: none) count among the others but neither own the value
     * nor add to its days of use.
     */
    void view(int value, int entity, int day, int window, int cap, View v, java.util.function.IntPredicate incidental) {
        v.clear();
        int[] u = usage(value);
        if (u == null) return;
        if (u[COMMON] != 0) {
            if (u[COMMON_LAST_DAY] > day - window) v.others = cap;
            return;
        }
        for (int i = 0, n = u[N]; i < n; i++) {
            int e = u[HEAD + 3 * i], last = u[HEAD + 3 * i + 1], days = u[HEAD + 3 * i + 2];
            if (last <= day - window) continue;
            if (e != entity) v.others++;
            if (incidental != null && e != entity && incidental.test(e)) continue;
            v.totalDays += days;
            if (e == entity) {
                v.ownDays = days;
                continue;
            }
            if (days > v.ownerDays || (days == v.ownerDays && e < v.owner)) {
                v.ownerDays = days;
                v.owner = e;
            }
        }
    }

    /** {@link View#others} alone (what {@link #view} would give), for a value whose score the population cannot change. */
    int others(int value, int entity, int day, int window, int cap) {
        int[] u = usage(value);
        if (u == null) return 0;
        if (u[COMMON] != 0) return u[COMMON_LAST_DAY] > day - window ? cap : 0;
        int others = 0;
        for (int i = 0, n = u[N]; i < n; i++) {
            if (u[HEAD + 3 * i + 1] > day - window && u[HEAD + 3 * i] != entity) others++;
        }
        return others;
    }

    /** Records that {@code entity} used {@code value} on {@code day}. */
    void observe(int value, int entity, int day, int window, int cap) {
        if (value >= byValue.length) byValue = Arrays.copyOf(byValue, Math.max(value + 1, byValue.length * 2));
        int[] u = byValue[value];
        if (u == null) byValue[value] = u = new int[HEAD + 3]; // most values have one user
        if (u[COMMON] != 0) {
            if (u[COMMON_LAST_DAY] <= day - window) {
                // nobody used it for a whole window: track it afresh (commonLastDay stays as it was)
                int[] fresh = new int[HEAD + 3];
                fresh[COMMON_LAST_DAY] = u[COMMON_LAST_DAY];
                byValue[value] = u = fresh;
            } else {
                u[COMMON_LAST_DAY] = Math.max(u[COMMON_LAST_DAY], day);
                return;
            }
        }
        int n = u[N], free = -1;
        for (int i = 0; i < n; i++) {
            int at = HEAD + 3 * i;
            if (u[at] == entity) {
                if (day > u[at + 1]) {
                    u[at + 1] = day;
                    u[at + 2]++;
                }
                return;
            }
            if (free < 0 && u[at + 1] <= day - window) free = i;
        }
        if (free >= 0) {
            int at = HEAD + 3 * free;
            u[at] = entity;
            u[at + 1] = day;
            u[at + 2] = 1;
            return;
        }
        if (n == cap) {
            byValue[value] = new int[]{0, 1, day};
            return;
        }
        if (HEAD + 3 * n == u.length) byValue[value] = u = Arrays.copyOf(u, HEAD + 3 * Math.min(cap, Math.max(1, n * 2)));
        int at = HEAD + 3 * n;
        u[at] = entity;
        u[at + 1] = day;
        u[at + 2] = 1;
        u[N] = n + 1;
    }

    /** Entities using {@code value} within the window, as of {@code day} (the cap when common). */
    int entities(int value, int day, int window, int cap) {
        int[] u = usage(value);
        if (u == null) return 0;
        if (u[COMMON] != 0) return u[COMMON_LAST_DAY] > day - window ? cap : 0;
        int n = 0;
        for (int i = 0; i < u[N]; i++) if (u[HEAD + 3 * i + 1] > day - window) n++;
        return n;
    }

    /** The stored form, by value id (arrays null for common values). */
    List<ModelState.Usage> state() {
        List<ModelState.Usage> out = new ArrayList<>();
        for (int v = 0; v < byValue.length; v++) {
            int[] u = byValue[v];
            if (u == null) continue;
            boolean common = u[COMMON] != 0;
            int n = u[N];
            int[] entity = common ? null : new int[n], lastDay = common ? null : new int[n], days = common ? null : new int[n];
            for (int i = 0; !common && i < n; i++) {
                entity[i] = u[HEAD + 3 * i];
                lastDay[i] = u[HEAD + 3 * i + 1];
                days[i] = u[HEAD + 3 * i + 2];
            }
            out.add(new ModelState.Usage(v, entity, lastDay, days, common ? 0 : n, common, u[COMMON_LAST_DAY]));
        }
        return out;
    }

    /** Restores {@link #state()} into this (empty) index. */
    void restore(List<ModelState.Usage> usages) {
        for (ModelState.Usage s : usages) {
            if (s.value() >= byValue.length) byValue = Arrays.copyOf(byValue, Math.max(s.value() + 1, byValue.length * 2));
            int n = s.common() ? 0 : s.n();
            int[] u = new int[HEAD + 3 * Math.max(s.common() ? 0 : 1, n)];
            u[N] = n;
            u[COMMON] = s.common() ? 1 : 0;
            u[COMMON_LAST_DAY] = s.commonLastDay();
            for (int i = 0; i < n; i++) {
                u[HEAD + 3 * i] = s.entity()[i];
                u[HEAD + 3 * i + 1] = s.lastDay()[i];
                u[HEAD + 3 * i + 2] = s.days()[i];
            }
            byValue[s.value()] = u;
        }
    }
}
