package org.openueba.model;

import java.time.ZoneId;
import java.util.Arrays;

/** Everything the engine has learnt about one entity. Not thread-safe. */
final class EntityModel extends ActiveDays {
    final int index;
    final String id;
    final ZoneClock clock;
    int day = Integer.MIN_VALUE;
    SourceModel[] sources = new SourceModel[0];
    CategoryModel activity;
    CategoryModel dayType;
    TimeOfDayModel time;
    /** The hours of its logons to workstations personal to other entities; null until the first. */
    VisitHours visits;
    float lastLat, lastLon;
    long lastTime = Long.MIN_VALUE;
    String lastPlace;
    /**
     * Where a travelling entity is: the time zone of its last located event in another UTC offset than its
     * own, reached at a plausible speed, until {@link #awayUntil} (epoch second); null when at home. After
     * an impossible journey, null with awayUntil = Long.MAX_VALUE: no zone is trusted until the entity is
     * located at home again.
     */
    ZoneClock away;
    long awayUntil = Long.MIN_VALUE;

    EntityModel(int index, String id, ZoneClock clock) {
        this.index = index;
        this.id = id;
        this.clock = clock;
    }

    ZoneId zone() {
        return clock.zone;
    }

    /** This entity's models of source {@code name}, or null when it has none yet. */
    SourceModel source(String name) {
        for (SourceModel s : sources) if (s.info.name == name) return s;
        for (SourceModel s : sources) if (s.info.name.equals(name)) return s;
        return null;
    }

    /**
     * Whether this entity used more distinct values of {@code f} within the window than its models keep
     * (a value was evicted from the top K with days still in the window) in some source: an
     * administrator's or a scanner's account that logs on to hundreds of hosts. Such an entity's use of
     * a host says nothing about whose host it is (the ownership signal ignores it).
     */
    boolean roams(CategoryFeature f) {
        for (SourceModel s : sources) {
            for (CategoryModel c : s.models) {
                if (c.feature == f && (c.over0 | c.over1) != 0) return true;
            }
        }
        return false;
    }

    SourceModel addSource(SourceInfo info) {
        SourceModel s = new SourceModel(info);
        sources = Arrays.copyOf(sources, sources.length + 1);
        sources[sources.length - 1] = s;
        return s;
    }

    long bytes() {
        long b = 0;
        for (long p : bytesByPart()) b += p;
        return b;
    }

    /** The parts of {@link #bytes()}, named by {@link #PARTS}. */
    static final String[] PARTS = {"entity", "sources", "category models", "count series", "time of day", "activity and day type"};

    long[] bytesByPart() {
        long[] p = new long[PARTS.length];
        // header, index, id, clock, day, days0/1, sources, activity, dayType, time, visits, lastLat/Lon, lastTime,
        // lastPlace, away, awayUntil; the sources array
        p[0] = 12 + 4 + 4 + 4 + 4 + 16 + 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 4 + 8 + 16 + 4L * sources.length;
        for (SourceModel s : sources) {
            p[1] += s.ownBytes();
            for (CategoryModel m : s.models) p[2] += m.bytes();
            for (CountSeries c : s.series) p[3] += c.bytes();
        }
        if (time != null) p[4] = time.bytes();
        if (visits != null) p[4] += visits.bytes();
        if (activity != null) p[5] += activity.bytes();
        if (dayType != null) p[5] += dayType.bytes();
        return p;
    }

    /** One entity's models of one data source. */
    static final class SourceModel extends ActiveDays {
        final SourceInfo info;
        /** The category models, each naming its feature. */
        CategoryModel[] models = new CategoryModel[0];
        CountSeries[] series = new CountSeries[0];

        SourceModel(SourceInfo info) {
            this.info = info;
        }

        String name() {
            return info.name;
        }

        /**
         * The model of {@code f}, created with {@code capacity} when new; {@code hint} is where it usually is
         * (models are created in the order the source's features are scored), checked first so that the
         * look-up reads one model instead of walking past the others.
         */
        CategoryModel model(CategoryFeature f, int hint, int capacity) {
            if (hint >= 0 && hint < models.length && models[hint].feature == f) return models[hint];
            for (CategoryModel c : models) if (c.feature == f) return c;
            CategoryModel c = new CategoryModel(capacity);
            c.feature = f;
            models = Arrays.copyOf(models, models.length + 1);
            return models[models.length - 1] = c;
        }

        CountSeries series(CountMetric m) {
            for (CountSeries s : series) if (s.metric == m) return s;
            series = Arrays.copyOf(series, series.length + 1);
            return series[series.length - 1] = new CountSeries(m);
        }

        /** The object and its arrays, without the models. */
        long ownBytes() {
            return 16 + 4 * 4 + 16 + 4L * models.length + 16 + 4L * series.length;
        }
    }
}
