package org.openueba.ui;

import org.openueba.alert.AlertStore.StoredAlert;
import org.openueba.model.EntitySummary;
import org.openueba.smart.Indicator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Alerts as the pages show them: numbers formatted, feature names in words, the window as one line,
 * the percentiles as a sentence, and next to each indicator what the entity usually does. Plain Java;
 * every string built here from alert fields is escaped by the templates like any other value.
 */
public final class AlertViews {
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Indicators shown per alert in the queue. */
    static final int TOP = 3;
    static final int QUEUE_VALUE_CHARS = 60;
    static final int USUAL_VALUES = 5;

    private AlertViews() {
    }

    /** One line of an indicator in the queue: "Unusual destination host (json)", its value, its share. */
    public record Top(String headline, String value, String share) {
    }

    /** One alert in a table. */
    public record Row(String id, String entity, String severity, String score, String smartValue, String window,
                      String crossedAt, String status, String sources, List<Top> top) {
    }

    /**
     * One indicator on the detail page.
     *
     * @param share share of the SMART value in words, with the contribution
     * @param bar   share of the SMART value as a bar length 0..100 (a computed number)
     * @param usual what the entity usually has for this feature, one line each (empty when the model has nothing)
     */
    public record IndicatorView(String headline, String feature, String value, String score, String share, String bar, String reason, List<String> evidence, String usualTitle,
                                List<String> usual) {
    }

    /** The detail page of one alert. */
    public record Detail(String id, String entity, String severity, String score, String smartValue, String status,
                         String window, String windowKind, String windowStart, String windowEnd, String groupId,
                         String firstEventId, String lastEventId, int eventCount, String sources, String crossedAt,
                         String updatedAt, String percentiles, String eventsUrl, List<IndicatorView> indicators,
                         String assignee, String comment, String feedback) {
    }

    static Row row(StoredAlert a) {
        List<Top> top = new ArrayList<>();
        for (Indicator i : a.indicators()) {
            if (top.size() == TOP) break;
            top.add(new Top(FeatureWords.headline(i.feature()), FeatureWords.shorten(i.value(), QUEUE_VALUE_CHARS),
                    FeatureWords.percent(i.share())));
        }
        return new Row(a.id(), a.entity(), a.severity(), score(a.score()),
                FeatureWords.number(a.smartValue(), 2), window(a), time(a.crossedAt()), a.status(),
                String.join(", ", a.sources()), top);
    }

    static Detail detail(StoredAlert a, EntitySummary summary) {
        List<IndicatorView> list = new ArrayList<>();
        for (Indicator i : a.indicators()) list.add(indicator(i, summary));
        boolean groups = a.groupId() != null;
        Instant to = groups ? a.windowEnd().plusMillis(1) : a.windowEnd();
        String eventsUrl = "/api/v1/events" + AlertFilter.query(linked("entity", a.entity(), "from", a.windowStart().toString(),
                "to", to.toString(), "limit", "1000"));
        return new Detail(a.id(), a.entity(), a.severity(), score(a.score()),
                FeatureWords.number(a.smartValue(), 3), a.status(), window(a), a.window(), SECOND.format(a.windowStart()) + " UTC",
                SECOND.format(a.windowEnd()) + " UTC", a.groupId(), a.firstEventId(), a.lastEventId(), a.eventCount(),
                String.join(", ", a.sources()), SECOND.format(a.crossedAt()) + " UTC", SECOND.format(a.updatedAt()) + " UTC",
                percentiles(a.userPercentile(), a.orgPercentile()), eventsUrl, list, a.assignee(), a.comment(), a.feedback());
    }

    static IndicatorView indicator(Indicator i, EntitySummary summary) {
        double share = Math.max(0, Math.min(1, i.share()));
        List<String> usual = new ArrayList<>();
        String title = usual(i.feature(), summary, usual);
        String shareText = FeatureWords.percent(share) + (i.contribution() > 0 ? " (" + FeatureWords.number(i.contribution(), 3) + ")"
                : " — a correlated indicator of the same group counts instead");
        return new IndicatorView(FeatureWords.headline(i.feature()), i.feature(), i.value() == null ? "" : i.value(),
                FeatureWords.number(i.score(), 1), shareText, SvgChart.f(100 * share), i.reason(), i.evidence(), title, usual);
    }

    /**
     * Fills {@code out} with what the entity's model summary says is usual for {@code feature} and
     * returns a title for it, or null when the summary has nothing for that feature.
     */
    static String usual(String feature, EntitySummary s, List<String> out) {
        if (s == null || feature == null) return null;
        String type = FeatureWords.type(feature);
        if (type.equals("time_of_day")) {
            out.add(s.usualHours() + " (time zone " + s.timeZone() + ", " + s.days() + " days of history)");
            return "Usual hours (model now)";
        }
        if (type.equals("visit_time")) {
            out.add(s.usualVisitHours() + " (time zone " + s.timeZone() + ")");
            return "Usual hours of logons to others' workstations (model now)";
        }
        for (EntitySummary.FeatureValues fv : s.features()) {
            if (!fv.feature().equals(feature)) continue;
            for (EntitySummary.ValueDays v : fv.values()) {
                if (out.size() == USUAL_VALUES) break;
                out.add(v.value() + " — on " + v.days() + " of " + fv.days() + " days");
            }
            if (out.isEmpty()) out.add("nothing yet in " + fv.days() + " days of history");
            return "Usual values (model now)";
        }
        for (EntitySummary.CountStatistics c : s.counts()) {
            if (!c.feature().equals(feature)) continue;
            String per = type.endsWith(".hour") ? "busiest hour of a day" : "day";
            out.add("on average " + FeatureWords.number(c.mean(), 1) + " per " + per + ", at most "
                    + FeatureWords.number(c.max(), 1) + " (" + c.days() + " days of history)");
            return "Usually (model now)";
        }
        return null;
    }

    /** "Higher than 97 % of this entity's days and 99.5 % of the organisation." */
    static String percentiles(Double user, Double org) {
        if (user == null && org == null) return "No history yet to compare this window with.";
        StringBuilder b = new StringBuilder("This window's SMART value is as high as or higher than ");
        if (user != null) b.append(FeatureWords.percent(user)).append(" of this entity's days");
        else b.append("(no history of this entity yet)");
        b.append(" and ");
        if (org != null) b.append(FeatureWords.percent(org)).append(" of the organisation (each entity's highest day in the last 30 days)");
        else b.append("(no organisation history yet)");
        return b.append('.').toString();
    }

    /** The window in one line: "2026-09-21 10:00–11:00 UTC (hour)", or the event group's first and last times. */
    static String window(StoredAlert a) {
        String start = MINUTE.format(a.windowStart()), end = MINUTE.format(a.windowEnd());
        if (a.groupId() != null) {
            return a.eventCount() + " events, " + start + " – " + end + " UTC (" + a.window() + ")";
        }
        if (start.regionMatches(0, end, 0, 11)) end = end.substring(11);
        return start + "–" + end + " UTC (" + a.window() + ")";
    }

    /** A SMART score with one decimal, always ("98.0"), so a column of scores lines up. */
    static String score(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    static String time(Instant t) {
        return t == null ? "" : MINUTE.format(t) + " UTC";
    }

    private static java.util.Map<String, String> linked(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
