package org.openueba.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Candidate hours models for {@link TimeOfDayExplore} (exploration code, double precision, not tuned for speed). */
final class TimeOfDayVariants {
    static final int B = 144, WINDOW = 90;

    static List<TimeOfDayExplore.Variant> all() {
        List<TimeOfDayExplore.Variant> v = new ArrayList<>();
        v.add(new TimeOfDayExplore.Baseline());
        String spec = System.getProperty("tod.variants");
        if (spec != null) {
            for (String s : spec.split(";")) v.add(new Prob(s.trim()));
            return v;
        }
        v.add(new Prob("a=0 ends=0"));
        v.add(new Prob("a=2 prior=org ends=0"));
        v.add(new Prob("a=2 prior=org ends=1"));
        v.add(new Prob("a=2 prior=org ends=2"));
        v.add(new Prob("a=2 prior=org ends=1 hi=0.2 lo=0.01"));
        v.add(new Prob("a=2 prior=org ends=1 hi=0.1 lo=0.003"));
        v.add(new Prob("a=2 prior=wide ends=1"));
        v.add(new Prob("a=5 prior=org ends=1"));
        return v;
    }

    /**
     * q_b = (s_b + a·π_b)/(N + a), s_b = Σ_days max_hits L(d); score = 100·clamp(ln(hi/q)/ln(hi/lo), 0, 1)·certainty.
     */
    static final class Prob implements TimeOfDayExplore.Variant {
        final String spec;
        double a = 2, hi = 0.1, lo = 0.005, eps = 0.002, mid = 3.3, wideMid = 12, wideW = 0;
        int radius = 10, wideRadius = 24, ends = 0, enough = 10;
        String prior = "org";
        boolean mixk, fill;
        double flatPi = 0.01;
        double[] kernel, wideKernel;
        final Map<Integer, Ent> ents = new HashMap<>();
        int orgDay = Integer.MIN_VALUE;
        double[] orgPrior = flat();

        Prob(String spec) {
            this.spec = spec;
            for (String kv : spec.split("\\s+")) {
                if (kv.isEmpty()) continue;
                String[] p = kv.split("=");
                switch (p[0]) {
                    case "a" -> a = Double.parseDouble(p[1]);
                    case "hi" -> hi = Double.parseDouble(p[1]);
                    case "lo" -> lo = Double.parseDouble(p[1]);
                    case "eps" -> eps = Double.parseDouble(p[1]);
                    case "mid" -> mid = Double.parseDouble(p[1]);
                    case "radius" -> radius = Integer.parseInt(p[1]);
                    case "wmid" -> wideMid = Double.parseDouble(p[1]);
                    case "wr" -> wideRadius = Integer.parseInt(p[1]);
                    case "ww" -> wideW = Double.parseDouble(p[1]);
                    case "ends" -> ends = Integer.parseInt(p[1]);
                    case "enough" -> enough = Integer.parseInt(p[1]);
                    case "prior" -> prior = p[1];
                    case "fill" -> fill = Integer.parseInt(p[1]) == 1;
                    case "mixk" -> mixk = Integer.parseInt(p[1]) == 1;
                    case "flat" -> flatPi = Double.parseDouble(p[1]);
                    default -> throw new IllegalArgumentException(kv);
                }
            }
            wideKernel = new double[wideRadius + 1];
            for (int d = 0; d <= wideRadius; d++) wideKernel[d] = d == 0 ? 1 : 1 / (1 + Math.exp((d - wideMid) / 3.0));
            if (mixk) {
                int r = Math.max(radius, wideRadius);
                kernel = new double[r + 1];
                for (int d = 0; d <= r; d++) {
                    double l = d == 0 ? 1 : d <= radius ? 1 / (1 + Math.exp(d - mid)) : 0;
                    double w = d <= wideRadius ? wideKernel[d] : 0;
                    kernel[d] = Math.round(500 * ((1 - wideW) * l + wideW * w)) / 500.0;
                }
                wideW = 0;
            } else {
                kernel = new double[radius + 1];
                for (int d = 0; d <= radius; d++) kernel[d] = d == 0 ? 1 : 1 / (1 + Math.exp(d - mid));
            }
        }

        static double[] flat() {
            double[] f = new double[B];
            java.util.Arrays.fill(f, 1.0 / 24);
            return f;
        }

        public String name() {
            return spec;
        }

        final class Ent {
            final TreeMap<Integer, long[]> rows = new TreeMap<>();
            final double[] s = new double[B], w = new double[B];
            int n, cur = Integer.MIN_VALUE, folded = Integer.MIN_VALUE;
            double startScore;
            long startSec = Long.MIN_VALUE;
            int startDay, startBucket;

            void hit(int day, int bucket) {
                long[] bits = rows.computeIfAbsent(day, k -> new long[3]);
                if ((bits[bucket >>> 6] & (1L << (bucket & 63))) != 0) return;
                boolean done = day < folded;
                if (done) fold(bits, -1);
                bits[bucket >>> 6] |= 1L << (bucket & 63);
                if (done) fold(bits, +1);
            }

            void advance(int day) {
                for (Map.Entry<Integer, long[]> r : rows.entrySet()) {
                    if (r.getKey() >= folded && r.getKey() < day) fold(r.getValue(), +1);
                }
                folded = day;
                Iterator<Map.Entry<Integer, long[]>> it = rows.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<Integer, long[]> r = it.next();
                    if (r.getKey() > day - WINDOW) break;
                    fold(r.getValue(), -1);
                    it.remove();
                }
                cur = day;
            }

            void fold(long[] bits, int sign) {
                double[] c = smooth(bits, kernel, eps);
                double[] cw = wideW > 0 || prior.equals("wide") ? smooth(bits, wideKernel, eps) : null;
                for (int b = 0; b < B; b++) {
                    s[b] += sign * c[b];
                    if (cw != null) w[b] += sign * cw[b];
                }
                n += sign;
            }
        }

        static double[] smooth(long[] bits, double[] k, double eps) {
            double[] c = new double[B];
            int r = k.length - 1;
            for (int h = 0; h < B; h++) {
                if ((bits[h >>> 6] & (1L << (h & 63))) == 0) continue;
                for (int d = -r; d <= r; d++) {
                    int b = Math.floorMod(h + d, B);
                    c[b] = Math.max(c[b], k[Math.abs(d)]);
                }
            }
            for (int b = 0; b < B; b++) c[b] = Math.max(c[b], eps);
            return c;
        }

        void rebuildOrg() {
            double[] p = new double[B];
            int m = 0;
            for (Ent e : ents.values()) {
                if (e.n < 3) continue;
                for (int b = 0; b < B; b++) p[b] += e.s[b] / e.n;
                m++;
            }
            if (m == 0) return;
            for (int b = 0; b < B; b++) p[b] /= m;
            orgPrior = p;
        }

        double q(Ent e, int b) {
            double pi;
            if (prior.equals("wide")) pi = e.n == 0 ? orgPrior[b] : e.w[b] / e.n;
            else if (prior.equals("mix")) pi = e.n == 0 ? orgPrior[b] : 0.5 * (e.w[b] / e.n + orgPrior[b]);
            else if (prior.equals("flat")) pi = flatPi;
            else pi = orgPrior[b];
            double own = e.s[b];
            if (wideW > 0) own = (1 - wideW) * own + wideW * e.w[b];
            return (own + a * pi) / (e.n + a);
        }

        double map(double q) {
            double x = Math.log(hi / q) / Math.log(hi / lo);
            return 100 * Math.max(0, Math.min(1, x));
        }

        public double apply(TimeOfDayExplore.Ev ev) {
            if (ev.day > orgDay) {
                orgDay = ev.day;
                rebuildOrg();
            }
            Ent e = ents.computeIfAbsent(ev.entity, k -> new Ent());
            if (ev.day > e.cur) e.advance(ev.day);
            double cert = Certainty.of(e.n, 1, enough);
            double s = map(q(e, ev.bucket)) * cert;
            if (ev.action == 2 && ends >= 1) {
                // an end scores at most what the start of its session scored (last start within 12 h)
                if (ev.sec - e.startSec <= 12 * 3600) s = Math.min(s, e.startScore);
            }
            boolean filled = false;
            if (ev.action == 2 && fill && ev.sec - e.startSec <= 12 * 3600 && ev.sec >= e.startSec) {
                long from = (long) e.startDay * B + e.startBucket, to = (long) ev.day * B + ev.bucket;
                if (to - from <= 72) {
                    for (long x = from; x <= to; x++) if (x / B > e.cur - WINDOW) e.hit((int) (x / B), (int) (x % B));
                    filled = true;
                }
            }
            if (ev.action != 2) {
                e.startScore = s;
                e.startSec = ev.sec;
                e.startDay = ev.day;
                e.startBucket = ev.bucket;
            }
            boolean learn = !(ends == 2 && ev.action == 2);
            if (learn) {
                e.hit(ev.day, ev.bucket);
            } else {
                e.rows.computeIfAbsent(ev.day, k -> new long[3]);
            }
            return s;
        }
    }
}
