package org.openueba.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Geometry of a small chart drawn as inline SVG by the {@code chart} tag: data coordinates are mapped
 * to a fixed viewBox here, so the template only prints numbers this class computed (plus tick labels,
 * which are numbers or dates). Nothing from events ever reaches an SVG attribute.
 *
 * <p>Plain Java, no state shared between charts; not thread-safe.
 */
public final class SvgChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    static final double LEFT = 46, RIGHT = 14, TOP = 12, BOTTOM = 30;

    /** A polyline: {@code points} is "x,y x,y …" in viewBox units. */
    public record Line(String css, String name, String points) {
    }

    public record Bar(String x, String y, String w, String h, String css, String title) {
    }

    public record Tick(String x, String y, String label) {
    }

    /** A reference line with its label at (lx, ly). */
    public record Rule(String x1, String y1, String x2, String y2, String css, String label, String lx, String ly) {
    }

    /** A marker dot. */
    public record Dot(String cx, String cy, String css, String title) {
    }

    /** What the template draws; every string is a formatted number except labels and titles. */
    public record View(String title, int width, int height, String plotLeft, String plotRight, String plotTop, String plotBottom,
                List<Line> lines, List<Bar> bars, List<Dot> dots, List<Rule> rules, List<Tick> xTicks, List<Tick> yTicks,
                String xLabel, String yLabel) {
    }

    private final String title;
    private final double x0, x1, y0, y1;
    private final List<Line> lines = new ArrayList<>();
    private final List<Bar> bars = new ArrayList<>();
    private final List<Dot> dots = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Tick> xTicks = new ArrayList<>();
    private final List<Tick> yTicks = new ArrayList<>();
    private String xLabel = "", yLabel = "";

    /**
     * @param title  accessible title of the chart
     * @param xMin   data value at the left edge (must be below xMax; equal bounds are widened by 1)
     * @param yMin   data value at the bottom edge
     */
    SvgChart(String title, double xMin, double xMax, double yMin, double yMax) {
        this.title = title;
        this.x0 = xMin;
        this.x1 = xMax > xMin ? xMax : xMin + 1;
        this.y0 = yMin;
        this.y1 = yMax > yMin ? yMax : yMin + 1;
    }

    double px(double x) {
        return LEFT + (clamp(x, x0, x1) - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
    }

    double py(double y) {
        return HEIGHT - BOTTOM - (clamp(y, y0, y1) - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
    }

    SvgChart axes(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        return this;
    }

    /** A polyline through (xs[i], ys[i]); non-finite points are skipped. */
    SvgChart line(String css, String name, double[] xs, double[] ys) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) continue;
            if (b.length() > 0) b.append(' ');
            b.append(f(px(xs[i]))).append(',').append(f(py(ys[i])));
        }
        lines.add(new Line(css, name, b.toString()));
        return this;
    }

    /** A bar over [xFrom, xTo] from the bottom up to y; {@code title} shows on hover. */
    SvgChart bar(double xFrom, double xTo, double y, String css, String title) {
        double a = px(xFrom), b = px(xTo), top = py(y), bottom = py(y0);
        double w = Math.max(1, b - a - 1);
        bars.add(new Bar(f(a + 0.5), f(top), f(w), f(Math.max(0, bottom - top)), css, title));
        return this;
    }

    SvgChart dot(double x, double y, String css, String title) {
        dots.add(new Dot(f(px(x)), f(py(y)), css, title));
        return this;
    }

    /** A horizontal reference line at y across the plot, labelled at its right end. */
    SvgChart hRule(double y, String css, String label) {
        if (y < y0 || y > y1 || !Double.isFinite(y)) return this;
        double yy = py(y);
        rules.add(new Rule(f(LEFT), f(yy), f(WIDTH - RIGHT), f(yy), css, label, f(WIDTH - RIGHT - 2), f(yy - 3)));
        return this;
    }

    /** A vertical reference line at x, labelled at its top. */
    SvgChart vRule(double x, String css, String label) {
        return vRule(x, css, label, 0);
    }

    /** A vertical reference line at x, its label on text row {@code row} from the top (so close lines' labels do not overlap). */
    SvgChart vRule(double x, String css, String label, int row) {
        if (x < x0 || x > x1 || !Double.isFinite(x)) return this;
        double xx = px(x);
        rules.add(new Rule(f(xx), f(TOP), f(xx), f(HEIGHT - BOTTOM), css, label, f(xx - 3), f(TOP + 9 + 12 * row)));
        return this;
    }

    /** About {@code n} x ticks at round values, labelled by {@code format}. */
    SvgChart xTicks(int n, DoubleFunction<String> format) {
        for (double v : ticks(x0, x1, n)) xTick(v, format.apply(v));
        return this;
    }

    SvgChart xTick(double x, String label) {
        xTicks.add(new Tick(f(px(x)), f(HEIGHT - BOTTOM + 14), label));
        return this;
    }

    /** About {@code n} y ticks at round values. */
    SvgChart yTicks(int n, DoubleFunction<String> format) {
        for (double v : ticks(y0, y1, n)) yTicks.add(new Tick(f(LEFT - 5), f(py(v) + 4), format.apply(v)));
        return this;
    }

    View view() {
        return new View(title, WIDTH, HEIGHT, f(LEFT), f(WIDTH - RIGHT), f(TOP), f(HEIGHT - BOTTOM), List.copyOf(lines),
                List.copyOf(bars), List.copyOf(dots), List.copyOf(rules), List.copyOf(xTicks), List.copyOf(yTicks),
                xLabel, yLabel);
    }

    /** Round tick values in [lo, hi], about n of them: steps of 1, 2 or 5 times a power of ten. */
    static List<Double> ticks(double lo, double hi, int n) {
        List<Double> out = new ArrayList<>();
        if (!(hi > lo) || n < 1) return out;
        double step = niceStep((hi - lo) / n);
        double first = Math.ceil(lo / step - 1e-9) * step;
        for (int i = 0; i <= 2 * n + 2; i++) {
            double v = first + i * step;
            if (v > hi + step * 1e-9) break;
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out;
    }

    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(rough)));
        double r = rough / mag;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** viewBox coordinate with one decimal, locale-independent. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
