package org.openueba.model;

import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoParameters;
import org.openueba.demo.GroundTruth;
import org.openueba.event.Event;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Exploration harness (not a test): replays the demo once through the engine to keep every event's
 * other feature scores, then replays only the time of day with candidate hours models, so many
 * variants can be compared in one run. Kept for the record of how the model was chosen.
 */
public final class TimeOfDayExplore {
    static final class Ev {
        int entity, day, bucket;
        long sec;
        byte action; // 0 other, 1 start (logon/connect/login), 2 end (logoff/disconnect)
        int gt = -1;
        boolean warm, victim;
        double baseTod;
        double[] others;
    }

    static final class Data {
        long seed;
        List<Ev> evs = new ArrayList<>();
        List<GroundTruth> truth;
        List<String> names = new ArrayList<>();
    }

    static Data load(long seed) throws IOException {
        Data d = new Data();
        d.seed = seed;
        DemoEvents.Generated demo = DemoEvents.generate(new DemoParameters(seed, 300, 9, DemoParameters.DEFAULT_START));
        d.truth = demo.truth();
        List<Event> events = demo.events();
        Map<String, ZoneId> zones = demo.zones();
        BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC));
        Map<String, Integer> injected = new HashMap<>();
        for (int i = 0; i < d.truth.size(); i++) for (String id : d.truth.get(i).eventIds()) injected.put(id, i);
        Set<String> victims = new HashSet<>();
        d.truth.forEach(g -> victims.add(g.entity()));
        Map<String, Integer> idx = new HashMap<>();
        Instant warm = events.get(0).time().plus(Duration.ofDays(Integer.getInteger("tod.warmDays", 21)));
        ScoredEvent out = new ScoredEvent();
        for (Event e : events) {
            engine.apply(e, out);
            Ev v = new Ev();
            v.entity = idx.computeIfAbsent(e.entity(), k -> {
                d.names.add(k);
                return d.names.size() - 1;
            });
            ZoneId z = zones.getOrDefault(e.entity(), ZoneOffset.UTC);
            long local = e.time().getEpochSecond() + z.getRules().getOffset(e.time()).getTotalSeconds();
            v.day = (int) Math.floorDiv(local, 86_400L);
            v.bucket = (int) (Math.floorMod(local, 86_400L) / 600);
            v.sec = e.time().getEpochSecond();
            String a = e.action() == null ? "" : e.action();
            v.action = (byte) (a.equals("logoff") || a.equals("disconnect") ? 2 : a.equals("logon") || a.equals("connect") ? 1 : 0);
            Integer g = injected.get(e.id().substring(e.id().indexOf(':') + 1));
            v.gt = g == null ? -1 : g;
            v.warm = e.time().isAfter(warm);
            v.victim = victims.contains(e.entity());
            double[] o = new double[out.size() - 1];
            int k = 0;
            for (int i = 0; i < out.size(); i++) {
                if (out.feature(i).equals(BehaviourEngine.TIME_OF_DAY)) v.baseTod = out.score(i);
                else o[k++] = out.score(i);
            }
            v.others = o;
            d.evs.add(v);
        }
        return d;
    }

    /** A candidate hours model for all entities. */
    interface Variant {
        String name();

        /** Scores the event (before learning it), then learns it. */
        double apply(Ev e);
    }

    /** The engine's own time_of_day score, as built (the baseline before the hours model was replaced). */
    static final class Baseline implements Variant {
        public String name() {
            return "engine as built";
        }

        public double apply(Ev e) {
            return e.baseTod;
        }
    }

    static void evaluate(Data d, Variant v, boolean verbose) {
        int n = d.truth.size();
        double[] max = new double[n], logon = new double[n];
        Arrays.fill(logon, -1);
        long ord = 0, g25 = 0, g50 = 0, g75 = 0, vic = 0, vicHigh = 0, orgHigh = 0;
        int[] noisy = new int[d.names.size()];
        String dump = System.getProperty("tod.dump");
        Map<Long, Double> windows = new HashMap<>(); // (entity, UTC hour) -> max ordinary tod
        for (Ev e : d.evs) {
            double s = v.apply(e);
            if (e.gt >= 0) {
                max[e.gt] = Math.max(max[e.gt], s);
                if (e.action == 1 && logon[e.gt] < 0) logon[e.gt] = s;
            } else if (e.warm) {
                ord++;
                windows.merge((long) e.entity << 32 | (e.sec / 3600), s, Math::max);
                if (s >= 25) g25++;
                if (s >= 50) {
                    g50++;
                    noisy[e.entity]++;
                    if (dump != null && dump.contains(d.names.get(e.entity))) System.out.printf(Locale.ROOT,
                            "      %s day %d %s %02d:%02d action %d score %.1f combined-others %.1f%n", d.names.get(e.entity),
                            e.day, java.time.LocalDate.ofEpochDay(e.day).getDayOfWeek(), e.bucket / 6, e.bucket % 6 * 10, e.action, s,
                            ScoreCombiner.combine(e.others));
                }
                if (s >= 75) g75++;
                double[] all = Arrays.copyOf(e.others, e.others.length + 1);
                all[all.length - 1] = s;
                double c = ScoreCombiner.combine(all);
                if (c >= 50) orgHigh++;
                if (e.victim) {
                    vic++;
                    if (c >= 50) vicHigh++;
                }
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-44s seed %2d |", v.name(), d.seed));
        for (int i = 0; i < n; i++) {
            String sc = d.truth.get(i).scenario().wireName();
            if (sc.contains("after-hours")) sb.append(String.format(Locale.ROOT, " %s %5.1f", shortName(sc), max[i]));
        }
        sb.append(String.format(Locale.ROOT, " | ord>=25 %.3f%% >=50 %.3f%% >=75 %.3f%% | victims c>=50 %.2f%% org c>=50 %.3f%%",
                100.0 * g25 / ord, 100.0 * g50 / ord, 100.0 * g75 / ord, 100.0 * vicHigh / vic, 100.0 * orgHigh / ord));
        long w50 = windows.values().stream().filter(x -> x >= 50).count();
        sb.append(String.format(Locale.ROOT, " | windows>=50 %.3f%% (%d of %d)", 100.0 * w50 / windows.size(), w50, windows.size()));
        System.out.println(sb);
        if (verbose) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < noisy.length; i++) if (noisy[i] > 0) order.add(i);
            order.sort((a, b) -> noisy[b] - noisy[a]);
            StringBuilder t = new StringBuilder("    noisiest:");
            for (int i = 0; i < Math.min(10, order.size()); i++) t.append(' ').append(d.names.get(order.get(i))).append('=').append(noisy[order.get(i)]);
            System.out.println(t);
        }
    }

    private static String shortName(String s) {
        return s.startsWith("admin") ? "adm" : "ahr";
    }

    public static void main(String[] args) throws IOException {
        long[] seeds = args.length == 0 ? new long[]{42, 7} : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        for (long seed : seeds) {
            Data d = load(seed);
            for (Variant v : TimeOfDayVariants.all()) evaluate(d, v, System.getProperty("tod.verbose") != null);
        }
    }
}
