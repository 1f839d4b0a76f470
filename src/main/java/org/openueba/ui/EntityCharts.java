package org.openueba.ui;

import org.openueba.smart.SmartEngine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The entity page's charts, built from numbers only: the second layer's daily maxima, their
 * histogram, the three fitted curves (user, organisation, blended) and the risk trend.
 */
final class EntityCharts {
    private EntityCharts() {
    }

    /** One risk score measured at a time. */
    record RiskPoint(Instant at, int score) {
    }

    /**
     * Daily maxima of the SMART value per local day as bars, the current day's maximum so far as a
     * distinct bar at {@code lastDay}, and the organisation prior as a horizontal line.
     *
     * @param lastDay the entity's latest day (its latest event's UTC date); the axis ends there
     */
    static SvgChart.View dailyMaxima(SmartEngine.EntityView v, LocalDate lastDay) {
        List<SmartEngine.DayMax> maxima = v.dailyMaxima();
        long end = lastDay.toEpochDay();
        if (!maxima.isEmpty()) end = Math.max(end, LocalDate.parse(maxima.get(maxima.size() - 1).day()).toEpochDay() + 1);
        long start = end - 29;
        if (!maxima.isEmpty()) start = Math.min(start, LocalDate.parse(maxima.get(0).day()).toEpochDay());
        double top = Math.max(v.today(), v.prior());
        for (SmartEngine.DayMax d : maxima) top = Math.max(top, d.value());
        top = top <= 0 ? 1 : top * 1.15;
        SvgChart c = new SvgChart("Highest SMART value of each day", start, end + 1, 0, top)
                .axes("local day", "SMART value");
        for (SmartEngine.DayMax d : maxima) {
            long day = LocalDate.parse(d.day()).toEpochDay();
            c.bar(day, day + 1, d.value(), "bar", d.day() + ": " + FeatureWords.number(d.value(), 3));
        }
        if (v.today() > 0) c.bar(end, end + 1, v.today(), "bar today", "latest day so far: " + FeatureWords.number(v.today(), 3));
        c.hRule(v.prior(), "rule prior", "organisation prior " + FeatureWords.number(v.prior(), 2));
        double step = Math.max(1, SvgChart.niceStep((end + 1 - start) / 5.0));
        for (double d = Math.ceil(start / step) * step; d <= end; d += step) {
            c.xTick(d + 0.5, LocalDate.ofEpochDay((long) d).toString().substring(5));
        }
        c.yTicks(4, y -> FeatureWords.number(y, 2));
        return c.view();
    }

    /** How many days had their maximum in each bin (days with maximum 0 in the first bin). */
    static SvgChart.View histogram(SmartEngine.EntityView v) {
        int[] h = v.histogram();
        double width = v.binWidth() > 0 ? v.binWidth() : 1;
        int most = 1;
        for (int n : h) most = Math.max(most, n);
        double right = width * h.length;
        SvgChart c = new SvgChart("Days by their highest SMART value", 0, right, 0, most * 1.1)
                .axes("SMART value", "days");
        for (int i = 0; i < h.length; i++) {
            if (h[i] == 0) continue;
            c.bar(i * width, (i + 1) * width, h[i], "bar", FeatureWords.number(i * width, 2) + "–"
                    + FeatureWords.number((i + 1) * width, 2) + ": " + h[i] + (h[i] == 1 ? " day" : " days"));
        }
        c.vRule(v.prior(), "rule prior", "prior");
        c.xTicks(6, x -> FeatureWords.number(x, 2));
        c.yTicks(4, y -> y == Math.rint(y) ? FeatureWords.number(y, 0) : "");
        return c.view();
    }

    /** The SMART score a value would get from the user curve, the organisation curve and their blend. */
    static SvgChart.View curves(SmartEngine.EntityView v, double threshold) {
        List<SmartEngine.CurvePoint> pts = v.curve();
        int n = pts.size();
        double[] x = new double[n], user = new double[n], org = new double[n], blended = new double[n];
        for (int i = 0; i < n; i++) {
            SmartEngine.CurvePoint p = pts.get(i);
            x[i] = p.value();
            user[i] = p.user();
            org[i] = p.organisation();
            blended[i] = p.blended();
        }
        double right = n == 0 ? 1 : x[n - 1];
        SvgChart c = new SvgChart("SMART score of a value under the user, organisation and blended curves", 0, right, 0, 100)
                .axes("SMART value", "score");
        c.hRule(threshold, "rule threshold", "alert threshold " + FeatureWords.number(threshold, 1));
        c.vRule(v.prior(), "rule prior", "prior");
        // the blend is the lower of the two scores, so it lies on one of them: drawn first and wide, the
        // other two stay visible on top of it
        c.line("curve blended", "blended (the score used)", x, blended);
        c.line("curve user", "this user", x, user);
        c.line("curve org", "organisation", x, org);
        if (v.max() > 0) c.vRule(v.max(), "rule max", "highest day", 1);
        c.xTicks(6, t -> FeatureWords.number(t, 2));
        c.yTicks(5, t -> FeatureWords.number(t, 0));
        return c.view();
    }

    /** The entity's risk score at each point, oldest first. */
    static SvgChart.View risk(List<RiskPoint> points) {
        int n = points.size();
        double[] x = new double[n], y = new double[n];
        int most = 20;
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = points.get(i).score();
            most = Math.max(most, points.get(i).score());
        }
        SvgChart c = new SvgChart("Risk score, weekly", 0, Math.max(1, n - 1), 0, most * 1.15).axes("week", "risk");
        c.line("curve risk", "risk score", x, y);
        for (int i = 0; i < n; i++) {
            RiskPoint p = points.get(i);
            c.dot(i, p.score(), "dot", day(p.at()) + ": " + p.score());
        }
        for (int i = 0; i < n; i += Math.max(1, n / 4)) c.xTick(i, day(points.get(i).at()).substring(5));
        c.yTicks(4, t -> FeatureWords.number(t, 0));
        return c.view();
    }

    static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }
}
