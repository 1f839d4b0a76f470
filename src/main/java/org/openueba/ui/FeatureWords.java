package org.openueba.ui;

import java.util.Locale;
import java.util.Map;

/**
 * Plain words for the engine's feature names ({@code vpn.country}, {@code json.failures.hour},
 * {@code time_of_day}) so an analyst reads "unusual country (vpn)" rather than a key.
 *
 * <p>A feature is either a bare model name ({@code time_of_day}, {@code day_type}, {@code activity},
 * {@code travel}) or {@code SOURCE.TYPE} where TYPE is a category ({@code dst_host}) or a count metric
 * with its window ({@code failures.hour}). Unknown names are shown as they are.
 */
final class FeatureWords {
    private static final Map<String, String> CATEGORY = Map.ofEntries(
            Map.entry("src_host", "source host"), Map.entry("dst_host", "destination host"),
            Map.entry("src_ip", "source IP address"), Map.entry("dst_ip", "destination IP address"),
            Map.entry("country", "country"), Map.entry("city", "city"), Map.entry("asn", "network (AS number)"),
            Map.entry("device", "device"), Map.entry("action", "action"), Map.entry("user_agent", "user agent"));
    private static final Map<String, String> METRIC = Map.of(
            "events", "number of events", "failures", "number of failures", "dst_hosts", "number of distinct destination hosts",
            "bytes", "volume of bytes", "device_connections", "number of device connections");
    private static final Map<String, String> BARE = Map.of(
            "time_of_day", "time of day", "day_type", "day of the week (weekday or weekend)",
            "activity", "kind of activity", "travel", "travel between locations",
            "visit_time", "time of a logon to another person's workstation");

    private FeatureWords() {
    }

    /** The data source a feature belongs to, or null for a model over all sources. */
    static String source(String feature) {
        if (feature == null || BARE.containsKey(feature)) return null;
        int dot = feature.indexOf('.');
        return dot > 0 ? feature.substring(0, dot) : null;
    }

    /** The feature without its source: {@code dst_host}, {@code failures.hour}, {@code time_of_day}. */
    static String type(String feature) {
        if (feature == null) return "";
        String s = source(feature);
        return s == null ? feature : feature.substring(s.length() + 1);
    }

    /** What the feature measures, in words: "destination host", "number of failures in one hour". */
    static String label(String feature) {
        String t = type(feature);
        String w = CATEGORY.get(t);
        if (w == null) w = BARE.get(t);
        if (w == null) {
            int dot = t.lastIndexOf('.');
            String metric = dot > 0 ? METRIC.get(t.substring(0, dot)) : null;
            if (metric != null) {
                String window = t.substring(dot + 1);
                w = metric + switch (window) {
                    case "hour" -> " in one hour";
                    case "day" -> " in one day";
                    default -> " per " + window;
                };
            }
        }
        if (w == null) return feature == null ? "" : feature;
        String s = source(feature);
        return s == null ? w : w + " (" + s + ")";
    }

    /** A headline for an indicator: "Unusual destination host (json)", "Impossible or unusual travel". */
    static String headline(String feature) {
        String l = label(feature);
        if ("travel".equals(type(feature))) return "Unusual travel between locations";
        return "Unusual " + l;
    }

    /** Whether the feature is a count per window (its value is a number of things). */
    static boolean isCount(String feature) {
        String t = type(feature);
        int dot = t.lastIndexOf('.');
        return dot > 0 && METRIC.containsKey(t.substring(0, dot));
    }

    /** Cuts a long value for a table cell (the full value stays on the detail page). */
    static String shorten(String value, int max) {
        if (value == null) return "";
        if (value.length() <= max) return value;
        return value.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** A 0..1 share or percentile as "97 %", "99.5 %" (one decimal only when it is not whole). */
    static String percent(double share) {
        double p = Math.round(share * 1000) / 10.0;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + " %";
    }

    /** A number with at most {@code decimals} decimals, without trailing zeros. */
    static String number(double x, int decimals) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return "—";
        String s = String.format(Locale.ROOT, "%." + decimals + "f", x);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s.equals("-0") ? "0" : s;
    }
}
