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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures the time-of-day feature on the demo organisation (not a test; run by hand):
 * <pre>
 *   ./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=org.openueba.model.TimeOfDayEvaluation -Dexec.args="42 7"
 * </pre>
 * For each seed: per scenario instance the highest and lowest {@code time_of_day} score of its injected
 * events and the highest combined score; the share of ordinary (not injected) events of the whole
 * organisation after the first three weeks scoring ≥ 25 / 50 / 75 on {@code time_of_day}, and the
 * share of ordinary events of the scenario users with a combined score ≥ 50 (what DemoModelsTest bounds).
 */
public final class TimeOfDayEvaluation {
    public static void main(String[] args) throws IOException {
        List<Long> seeds = new ArrayList<>();
        for (String a : args) seeds.add(Long.parseLong(a));
        if (seeds.isEmpty()) seeds = List.of(42L, 7L);
        boolean verbose = System.getProperty("tod.verbose") != null;
        for (long seed : seeds) run(seed, verbose);
    }

    static void run(long seed, boolean verbose) throws IOException {
        DemoEvents.Generated demo = DemoEvents.generate(new DemoParameters(seed, 300, 9, DemoParameters.DEFAULT_START));
        List<GroundTruth> truth = demo.truth();
        List<Event> events = demo.events();
        Map<String, ZoneId> zones = demo.zones();
        BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC));
        Map<String, GroundTruth> injected = new HashMap<>();
        for (GroundTruth g : truth) for (String id : g.eventIds()) injected.put(id, g);
        Set<String> victims = new HashSet<>();
        truth.forEach(g -> victims.add(g.entity()));
        Map<GroundTruth, double[]> per = new HashMap<>(); // max tod, min tod, max combined, logon tod
        Map<GroundTruth, List<String>> detail = new HashMap<>();
        Instant warm = events.get(0).time().plus(Duration.ofDays(21));
        long ordinary = 0, ge25 = 0, ge50 = 0, ge75 = 0, vic = 0, vicHigh = 0, positive = 0;
        Map<String, int[]> noisy = new TreeMap<>();
        ScoredEvent out = new ScoredEvent();
        for (Event e : events) {
            engine.apply(e, out);
            double tod = 0;
            String todValue = null;
            for (int i = 0; i < out.size(); i++) {
                if (out.feature(i).equals(BehaviourEngine.TIME_OF_DAY)) {
                    tod = out.score(i);
                    todValue = out.value(i);
                }
            }
            if (tod > 0) positive++;
            String id = e.id().substring(e.id().indexOf(':') + 1);
            GroundTruth g = injected.get(id);
            if (g != null) {
                double[] p = per.computeIfAbsent(g, k -> new double[]{0, 101, 0, -1});
                p[0] = Math.max(p[0], tod);
                p[1] = Math.min(p[1], tod);
                p[2] = Math.max(p[2], out.combined());
                if ("logon".equals(e.action()) && p[3] < 0) p[3] = tod;
                detail.computeIfAbsent(g, k -> new ArrayList<>()).add(String.format(Locale.ROOT, "%s %s %.1f",
                        e.action(), todValue, tod));
            } else if (e.time().isAfter(warm)) {
                ordinary++;
                if (tod >= 25) ge25++;
                if (tod >= 50) ge50++;
                if (tod >= 75) ge75++;
                if (tod >= 50) noisy.computeIfAbsent(e.entity(), k -> new int[1])[0]++;
                if (victims.contains(e.entity())) {
                    vic++;
                    if (out.combined() >= 50) vicHigh++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "== seed %d: %d events, %d ordinary after 3 weeks%n", seed, events.size(), ordinary);
        System.out.println("| scenario | entity | time_of_day max | min | logon | combined max |");
        for (GroundTruth g : truth) {
            double[] p = per.get(g);
            if (p == null) continue;
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %.1f |%n", g.scenario().wireName(), g.entity(), p[0],
                    p[1], p[3] < 0 ? "–" : String.format(Locale.ROOT, "%.1f", p[3]), p[2]);
            if (verbose && (g.scenario().wireName().contains("after-hours"))) {
                System.out.println("    " + detail.get(g) + "  " + engine.summary(g.entity()).usualHours()
                        + " hours=" + java.util.Arrays.toString(engine.summary(g.entity()).hours()));
            }
        }
        System.out.printf(Locale.ROOT, "ordinary time_of_day >= 25: %.3f %%, >= 50: %.3f %%, >= 75: %.3f %% (of %d)%n",
                100.0 * ge25 / ordinary, 100.0 * ge50 / ordinary, 100.0 * ge75 / ordinary, ordinary);
        System.out.printf(Locale.ROOT, "events with time_of_day > 0 (their reason lists the usual hours): %.1f %%%n",
                100.0 * positive / events.size());
        System.out.printf(Locale.ROOT, "scenario users' ordinary events with combined >= 50: %.3f %% (%d of %d)%n",
                100.0 * vicHigh / vic, vicHigh, vic);
        if (verbose) {
            List<Map.Entry<String, int[]>> top = new ArrayList<>(noisy.entrySet());
            top.sort((a, b) -> b.getValue()[0] - a.getValue()[0]);
            StringBuilder sb = new StringBuilder("entities with most ordinary time_of_day >= 50:");
            for (int i = 0; i < Math.min(12, top.size()); i++) sb.append(' ').append(top.get(i).getKey()).append('=').append(top.get(i).getValue()[0]);
            System.out.println(sb);
        }
    }
}
