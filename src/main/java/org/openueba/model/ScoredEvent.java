package org.openueba.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scores of one event, written by {@link BehaviourEngine#apply} into a reusable object so that
 * the hot path allocates nothing per feature; {@link #features()} builds the readable records (with
 * reasons) on demand. Not thread-safe; reuse one per thread.
 */
public final class ScoredEvent {
    static final byte CATEGORY = 0, SILENCED = 1, TIME = 2, COUNT = 3, TRAVEL = 4;

    String eventId;
    String entity;
    /** The event's time in the entity's local zone, as epoch seconds of the local date-time. */
    long localEpochSecond;
    int size;
    String[] feature = new String[24];
    String[] value = new String[24];
    double[] score = new double[24];
    byte[] type = new byte[24];
    int[] i1 = new int[24], i2 = new int[24], i3 = new int[24];
    double[] d1 = new double[24], d2 = new double[24];
    String[] detail = new String[24];
    String[] extra = new String[24];

    void reset(String eventId, String entity) {
        this.eventId = eventId;
        this.entity = entity;
        for (int i = 0; i < size; i++) {
            detail[i] = null;
            extra[i] = null;
        }
        size = 0;
    }

    int add(String f, String v, double s, byte t) {
        if (size == feature.length) grow();
        int i = size++;
        feature[i] = f;
        value[i] = v;
        score[i] = s;
        type[i] = t;
        return i;
    }

    private void grow() {
        int n = feature.length * 2;
        feature = Arrays.copyOf(feature, n);
        value = Arrays.copyOf(value, n);
        score = Arrays.copyOf(score, n);
        type = Arrays.copyOf(type, n);
        i1 = Arrays.copyOf(i1, n);
        i2 = Arrays.copyOf(i2, n);
        i3 = Arrays.copyOf(i3, n);
        d1 = Arrays.copyOf(d1, n);
        d2 = Arrays.copyOf(d2, n);
        detail = Arrays.copyOf(detail, n);
        extra = Arrays.copyOf(extra, n);
    }

    public String eventId() {
        return eventId;
    }

    public String entity() {
        return entity;
    }

    /** Number of feature scores. */
    public int size() {
        return size;
    }

    public String feature(int i) {
        return feature[i];
    }

    /** The event's value of feature {@code i} (a host, a country, "03:10", a count). */
    public String value(int i) {
        return value[i];
    }

    /** The plain-language reason of feature {@code i}'s score (built on demand). */
    public String reasonOf(int i) {
        return reason(i);
    }

    /**
     * The event's local time in its entity's zone, as epoch seconds of the local date-time
     * ({@code floorDiv(·, 86400)} is the entity's local day, the unit of days of history).
     */
    public long localEpochSecond() {
        return localEpochSecond;
    }

    public double score(int i) {
        return score[i];
    }

    /** The combined event score ({@link ScoreCombiner}, §3.5), 0..100. */
    public double combined() {
        return ScoreCombiner.combine(Arrays.copyOf(score, size));
    }

    /** The highest feature score. */
    public double max() {
        double m = 0;
        for (int i = 0; i < size; i++) m = Math.max(m, score[i]);
        return m;
    }

    /** Every feature score with its reason, in the order the engine evaluated them. */
    public List<FeatureScore> features() {
        List<FeatureScore> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(new FeatureScore(feature[i], value[i], round(score[i]), reason(i)));
        return out;
    }

    static double round(double s) {
        return Math.round(s * 10) / 10.0;
    }

    private static String days(int n) {
        return n == 1 ? "1 day" : n + " days";
    }

    private static String pct(double c) {
        return Math.round(c * 100) + "%";
    }

    String reason(int i) {
        switch (type[i]) {
            case SILENCED:
                return "source address is in a configured VPN/egress range: location not scored";
            case CATEGORY: {
                int used = i1[i], days = i2[i], others = i3[i];
                StringBuilder sb = new StringBuilder();
                if (days == 0) sb.append("first day of history for this feature");
                else if (used == 0) sb.append("never used in ").append(days(days)).append(" of history");
                else sb.append("used on ").append(used).append(" of ").append(days(days));
                if (detail[i] != null) sb.append("; usual: ").append(detail[i]);
                if (others >= 0) {
                    sb.append("; ").append(others == 0 ? "no other entity uses it"
                            : others == 1 ? "1 other entity uses it" : others + " other entities use it");
                }
                if (extra[i] != null) sb.append("; ").append(extra[i]);
                sb.append("; certainty ").append(pct(d1[i]));
                return sb.toString();
            }
            case TIME: {
                int days = i1[i];
                StringBuilder sb = new StringBuilder("activity at ").append(value[i]).append(" local time");
                if (days == 0) return sb.append("; first day of history").toString();
                sb.append(String.format(Locale.ROOT, "; active around then on %.1f%% of %s", 100 * d2[i], days(days)));
                if (detail[i] != null) sb.append("; usual hours: ").append(detail[i]);
                return sb.append("; certainty ").append(pct(d1[i])).toString();
            }
            case COUNT: {
                int n = i1[i];
                if (n < 2) return "count " + value[i] + "; fewer than 2 days of history";
                return String.format(Locale.ROOT, "count %s; usual %.1f (σ %.1f) over %s", value[i], d1[i], d2[i], days(n));
            }
            case TRAVEL:
                return detail[i] == null ? "no previous location" : detail[i];
            default:
                return "";
        }
    }
}
