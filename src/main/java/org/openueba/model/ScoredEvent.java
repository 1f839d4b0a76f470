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
    static final byte CATEGORY = 0, SILENCED = 1, TIME = 2, COUNT = 3, TRAVEL = 4, VISIT = 5;

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
    /** Category entries: how many usual values were recorded (−1: none, no "usual" part), their ids and days. */
    byte[] usualN = new byte[24];
    int[] usualIds = new int[3 * 24], usualDays = new int[3 * 24];
    ValueDictionary[] dict = new ValueDictionary[24];
    /** Usual values as text, in a copy made by {@link #copyScoredInto} (whose {@code dict[i]} is null). */
    String[] usualValues = new String[3 * 24];
    /** Category entries with an owner: the owner's days and all entity-days (the owner's id is in extra). */
    int[] i4 = new int[24], i5 = new int[24];
    /**
     * Count entries: the count itself, whose text {@link #value} makes when first asked (the value is null
     * until then): most counts score 0 and are never read, and large ones cost a {@code Long.toString}.
     */
    double[] amount = new double[24];
    /** The travel entry's limit and slack (at most one travel entry per event). */
    double travelLimit, travelSlack;

    /** Most usual values a category reason lists. */
    static final int USUAL = 3;

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
        usualN[i] = -1;
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
        usualN = Arrays.copyOf(usualN, n);
        usualIds = Arrays.copyOf(usualIds, USUAL * n);
        usualDays = Arrays.copyOf(usualDays, USUAL * n);
        dict = Arrays.copyOf(dict, n);
        amount = Arrays.copyOf(amount, n);
        usualValues = Arrays.copyOf(usualValues, USUAL * n);
        i4 = Arrays.copyOf(i4, n);
        i5 = Arrays.copyOf(i5, n);
    }

    private static final String[] SMALL_COUNTS = new String[1024];

    static {
        for (int i = 0; i < SMALL_COUNTS.length; i++) SMALL_COUNTS[i] = Integer.toString(i);
    }

    /** A count as its value text: whole numbers without decimals (small ones from a table), others with one. */
    static String countText(double x) {
        if (x != Math.rint(x)) return oneDecimal(x);
        return x >= 0 && x < SMALL_COUNTS.length ? SMALL_COUNTS[(int) x] : Long.toString((long) x);
    }

    /**
     * {@code String.format(Locale.ROOT, "%.1f", x)}, without the Formatter (reasons are built for many
     * scores): the Formatter rounds the shortest decimal form of the double ({@link Double#toString})
     * half up, and so does this; negative, infinite and NaN values go through the Formatter.
     */
    static String oneDecimal(double x) {
        if (!(x >= 0) || x == Double.POSITIVE_INFINITY || (x == 0 && 1 / x < 0)) return String.format(Locale.ROOT, "%.1f", x);
        return new java.math.BigDecimal(Double.toString(x)).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** The k-th usual value of category entry i: from the dictionary, or as copied ({@link #copyScoredInto}). */
    private String usualValue(int i, int k) {
        return dict[i] != null ? dict[i].value(usualIds[USUAL * i + k]) : usualValues[USUAL * i + k];
    }

    /** The "usual" values of category entry i: "value (k days), …", "none", or null when not recorded. */
    private String usual(int i) {
        int n = usualN[i];
        if (n < 0) return null;
        if (n == 0) return "none";
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            int d = usualDays[USUAL * i + k];
            if (k > 0) sb.append(", ");
            sb.append(usualValue(i, k)).append(" (").append(d).append(d == 1 ? " day)" : " days)");
        }
        return sb.toString();
    }

    /**
     * Copies into {@code dst} the event's identity and local time and the entries that scored above 0 (or NaN:
     * whatever is not ≤ 0), in order, with everything their reasons read: the SMART layer skips every other
     * entry, so for it the copy is the same scored event. The usual values of category entries are looked up
     * now, so the copy refers to nothing of the engine's state: another thread may read it while the engine
     * goes on, once it was handed over safely (a queue). Most events have no such entry, so the copy is a few
     * fields.
     */
    public void copyScoredInto(ScoredEvent dst) {
        for (int j = 0; j < dst.size; j++) {
            dst.detail[j] = null;
            dst.extra[j] = null;
            dst.dict[j] = null;
        }
        dst.eventId = eventId;
        dst.entity = entity;
        dst.localEpochSecond = localEpochSecond;
        dst.travelLimit = travelLimit;
        dst.travelSlack = travelSlack;
        dst.size = 0;
        for (int i = 0; i < size; i++) {
            if (score[i] <= 0) continue;
            if (dst.size == dst.feature.length) dst.grow();
            int j = dst.size++;
            dst.feature[j] = feature[i];
            dst.value[j] = value[i];
            dst.score[j] = score[i];
            dst.type[j] = type[i];
            dst.i1[j] = i1[i];
            dst.i2[j] = i2[i];
            dst.i3[j] = i3[i];
            dst.i4[j] = i4[i];
            dst.i5[j] = i5[i];
            dst.d1[j] = d1[i];
            dst.d2[j] = d2[i];
            dst.amount[j] = amount[i];
            dst.detail[j] = detail[i];
            dst.extra[j] = extra[i];
            int n = usualN[i];
            dst.usualN[j] = (byte) n;
            for (int k = 0; k < n; k++) {
                dst.usualDays[USUAL * j + k] = usualDays[USUAL * i + k];
                dst.usualIds[USUAL * j + k] = usualIds[USUAL * i + k];
                dst.usualValues[USUAL * j + k] = usualValue(i, k);
            }
        }
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
        String v = value[i];
        if (v == null && type[i] == COUNT) value[i] = v = countText(amount[i]);
        return v;
    }

    /** Adds a count entry: its text is made from {@code x} when first read. */
    int addCount(String f, double x, double s) {
        int i = add(f, null, s, COUNT);
        amount[i] = x;
        return i;
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
        for (int i = 0; i < size; i++) out.add(new FeatureScore(feature[i], value(i), round(score[i]), reason(i)));
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

    /** The plain-language reason of feature {@code i}'s score (built on demand). */
    public String reason(int i) {
        switch (type[i]) {
            case SILENCED:
                return "source address is in a configured VPN/egress range: location not scored";
            case CATEGORY: {
                int used = i1[i], days = i2[i], others = i3[i];
                StringBuilder sb = new StringBuilder();
                if (days == 0) sb.append("first day of history for this feature");
                else if (used == 0) sb.append("never used in ").append(days(days)).append(" of history");
                else sb.append("used on ").append(used).append(" of ").append(days(days));
                String usual = usual(i);
                if (usual != null) sb.append("; usual: ").append(usual);
                if (others >= 0) {
                    sb.append("; ").append(others == 0 ? "no other entity uses it"
                            : others == 1 ? "1 other entity uses it" : others + " other entities use it");
                }
                if (extra[i] != null) {
                    sb.append("; personal to ").append(extra[i]).append(" (").append(i4[i]).append(" of ").append(i5[i]).append(" entity-days)");
                }
                sb.append("; certainty ").append(pct(d1[i]));
                return sb.toString();
            }
            case TIME: {
                int days = i1[i];
                StringBuilder sb = new StringBuilder("activity at ").append(value[i]).append(" local time");
                // travelling: the hour where the entity is, when it is less unusual there than at home
                if (extra[i] != null) sb.append(" in ").append(extra[i]).append(", where the entity is travelling");
                if (days == 0) return sb.append("; first day of history").toString();
                sb.append("; active around then on ").append(oneDecimal(100 * d2[i])).append("% of ").append(days(days));
                if (detail[i] != null) sb.append("; usual hours: ").append(detail[i]);
                return sb.append("; certainty ").append(pct(d1[i])).toString();
            }
            case VISIT: {
                StringBuilder sb = new StringBuilder("logon at ").append(value[i]).append(" local time to ").append(extra[i]);
                int n = i1[i];
                if (n == 0) return sb.append("; no earlier logon to another entity's workstation on record").toString();
                sb.append("; ").append(oneDecimal(100 * d2[i])).append("% of its ").append(n)
                        .append(" recent logons to others' workstations were around then");
                if (detail[i] != null) sb.append("; usually ").append(detail[i]);
                return sb.append("; certainty ").append(pct(d1[i])).toString();
            }
            case COUNT: {
                int n = i1[i], span = i2[i]; // span > 0: the span window, the count over the last N days
                String what = span > 0 ? "count " + value(i) + " over the last " + span + " days" : "count " + value(i);
                int need = span > 0 ? 2 * span : 2;
                if (n < need) return what + "; fewer than " + need + " days of history";
                return what + "; usual " + oneDecimal(d1[i]) + " (σ " + oneDecimal(d2[i]) + ") over " + days(n);
            }
            case TRAVEL: {
                if (extra[i] == null) return "no previous location";
                double km = d1[i], hours = d2[i];
                return String.format(Locale.ROOT, "%.0f km from %s in %.2f h (%.0f km/h; limit %.0f km/h, %.0f km slack)",
                        km, extra[i], hours, Travel.speed(km, hours, travelSlack), travelLimit, travelSlack);
            }
            default:
                return "";
        }
    }
}
