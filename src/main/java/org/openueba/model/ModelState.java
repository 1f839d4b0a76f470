package org.openueba.model;

import java.util.List;
import java.util.Map;

/**
 * The stored form of the first-layer models: plain records with no behaviour, separate from the live
 * classes (which carry caches and invariants). {@link ModelMapper} converts between the two and
 * {@link ModelStateCodec} writes these records as versioned binary. Caches (score tables, count
 * statistics) are not stored: they are recomputed from the state, identically.
 */
public final class ModelState {
    private ModelState() {
    }

    /**
     * Organisation-wide state. Entities are streamed separately (there may be millions).
     * {@code hoursPrior} is the organisation's hours profile (144 shares) that time-of-day scores use.
     */
    public record Organisation(long applied, int orgDay, long[] orgDays, int priorVersion,
                               Map<String, List<String>> dictionaries, List<String> activities,
                               Map<String, List<Usage>> populations, List<Usage> activityPopulation,
                               Map<String, Prior> priors, int entities, float[] hoursPrior) {
    }

    /** One value's users ({@code value} = dictionary id); arrays are null when {@code common}. */
    public record Usage(int value, int[] entity, int[] lastDay, int[] days, int n, boolean common, int commonLastDay) {
    }

    public record Prior(double[] centres, double[] sigmas, int version, double floor) {
    }

    public record Entity(int index, String id, String zone, int day, long[] days, List<Source> sources,
                         Category activity, Category dayType, Time time, float lastLat, float lastLon,
                         long lastTime, String lastPlace, String awayZone, long awayUntil, Visits visits) {
    }

    /** The hours of an entity's logons to others' workstations: 24 decayed counters and the day they are decayed to. */
    public record Visits(float[] counts, int day) {
    }

    public record Source(String name, long[] days, List<String> features, List<Category> models, List<Series> series,
                         int[] activityIds) {
    }

    public record Category(int[] ids, long[] bits, int size, long over0, long over1) {
    }

    /** Time of day: active buckets per day, their smoothed sums, and the last start (local bucket since the epoch, score). */
    public record Time(int[] rowDay, long[] rowBits, int rows, char[] sums, int foldedBefore, int window, int lastStart,
                       float lastStartScore) {
    }

    public record Series(String metric, float[] rows, int size, int hour, float hourCount, int[] hourSet, int hourSetN,
                         int[] daySet, int daySetN, float mWeight, float mMean, float mM2, int momentsDay,
                         float dayWeight, float dayM2) {
    }
}
