package org.openueba.demo;

import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.model.ScoredEvent;
import org.openueba.smart.SmartConfig;
import org.openueba.smart.SmartEngine;
import org.openueba.smart.WindowAlert;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs both layers over a generated demo organisation and compares the alerts with its ground truth
 * (docs/evaluation.md): per scenario instance, whether and how soon it was alerted; alerts that match
 * no scenario are false alerts, reported per 1,000 entity-days (days on which an entity had any
 * event). An alert matches an instance when it is about the same entity and its window overlaps the
 * instance's injected events (from one hour before the first to one hour after the last).
 *
 * <pre>./mvnw -q compile exec:java -Dexec.mainClass=org.openueba.demo.DemoEvaluation -Dexec.args="--seeds 42,7,1234"</pre>
 */
public final class DemoEvaluation {
    private DemoEvaluation() {
    }

    /** One scenario instance and the first alert that caught it (null when none). */
    public record Detection(GroundTruth truth, WindowAlert alert, Duration delay, double bestScore, double bestValue) {
        public boolean detected() {
            return alert != null;
        }
    }

    /**
     * The outcome for one demo organisation.
     *
     * @param seed        the demo seed
     * @param events      events replayed
     * @param entityDays  days on which some entity had an event (in its local time)
     * @param alerts      every alert (final state), in creation order
     * @param detections  one per ground-truth instance
     * @param falseAlerts alerts matching no instance
     */
    public record Report(long seed, int events, long entityDays, List<WindowAlert> alerts, List<Detection> detections,
                         List<WindowAlert> falseAlerts, double prior) {
        public double falsePerThousandEntityDays() {
            return entityDays == 0 ? 0 : 1000.0 * falseAlerts.size() / entityDays;
        }

        public long detected() {
            return detections.stream().filter(Detection::detected).count();
        }
    }

    /** Generates the demo for {@code seed} into a temporary directory and evaluates it. */
    public static Report run(long seed, int users, int weeks, ModelConfig models, SmartConfig smart) throws IOException {
        DemoEvents.Generated demo = DemoEvents.generate(new DemoParameters(seed, users, weeks, DemoParameters.DEFAULT_START));
        return evaluate(seed, demo.events(), demo.truth(), demo.zones(), models, smart);
    }

    /** Replays {@code events} (in time order) through both layers and scores the alerts against {@code truth}. */
    public static Report evaluate(long seed, List<Event> events, List<GroundTruth> truth, Map<String, ZoneId> zones,
                                  ModelConfig models, SmartConfig smart) {
        BehaviourEngine engine = new BehaviourEngine(models, (e, s) -> zones.getOrDefault(e, ZoneOffset.UTC));
        SmartEngine second = new SmartEngine(smart);
        ScoredEvent out = new ScoredEvent();
        Map<String, WindowAlert> alerts = new LinkedHashMap<>();
        Set<Long> entityDays = new HashSet<>();
        Map<String, Integer> entityIndex = new LinkedHashMap<>();
        Map<String, List<GroundTruth>> byEntity = new LinkedHashMap<>();
        for (GroundTruth g : truth) byEntity.computeIfAbsent(g.entity(), k -> new ArrayList<>()).add(g);
        Map<GroundTruth, double[]> best = new LinkedHashMap<>();
        for (Event e : events) {
            engine.apply(e, out);
            SmartEngine.Outcome o = second.accept(e, out);
            List<GroundTruth> gs = byEntity.get(e.entity());
            if (gs != null && o.smartValue() > 0) {
                for (GroundTruth g : gs) {
                    if (!e.time().isBefore(g.start().minus(Duration.ofHours(1))) && !e.time().isAfter(g.end().plus(Duration.ofHours(1)))) {
                        double[] b = best.computeIfAbsent(g, k -> new double[2]);
                        if (o.score() > b[0]) {
                            b[0] = o.score();
                            b[1] = o.smartValue();
                        }
                    }
                }
            }
            if (o.alert() != null) alerts.put(o.alert().id(), o.alert());
            int idx = entityIndex.computeIfAbsent(e.entity(), k -> entityIndex.size());
            entityDays.add(((long) idx << 32) | (Math.floorDiv(out.localEpochSecond(), 86_400L) & 0xffffffffL));
        }
        List<WindowAlert> all = new ArrayList<>(alerts.values());
        List<Detection> detections = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (GroundTruth g : truth) {
            WindowAlert first = null;
            for (WindowAlert a : all) {
                if (matches(a, g)) {
                    matched.add(a.id());
                    if (first == null || a.crossedAt().isBefore(first.crossedAt())) first = a;
                }
            }
            double[] b = best.getOrDefault(g, new double[2]);
            detections.add(new Detection(g, first, first == null ? null : Duration.between(g.start(), first.crossedAt()), b[0], b[1]));
        }
        List<WindowAlert> falseAlerts = all.stream().filter(a -> !matched.contains(a.id())).toList();
        return new Report(seed, events.size(), entityDays.size(), all, detections, falseAlerts, second.prior());
    }

    static boolean matches(WindowAlert a, GroundTruth g) {
        if (!a.entity().equals(g.entity())) return false;
        Instant from = g.start().minus(Duration.ofHours(1)), to = g.end().plus(Duration.ofHours(1));
        return !a.windowStart().isAfter(to) && !a.windowEnd().isBefore(from);
    }

    /** Prints the per-instance table and the false-alert rate. */
    public static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "prior at the end %.3f%n", r.prior());
        out.printf(Locale.ROOT, "seed %d: %d events, %d entity-days, %d alerts, %d/%d instances alerted, %d false alerts = %.2f per 1,000 entity-days%n",
                r.seed(), r.events(), r.entityDays(), r.alerts().size(), r.detected(), r.detections().size(),
                r.falseAlerts().size(), r.falsePerThousandEntityDays());
        for (Detection d : r.detections()) {
            out.printf(Locale.ROOT, "  %-28s %-8s %s%n", d.truth().scenario().wireName(), d.truth().entity(),
                    d.detected() ? String.format(Locale.ROOT, "alerted after %d min, score %.1f (%s), top %s",
                            d.delay().toMinutes(), d.alert().score(), d.alert().severity().wireName(),
                            d.alert().indicators().isEmpty() ? "-" : d.alert().indicators().get(0).feature())
                            : String.format(Locale.ROOT, "NOT ALERTED (best score %.1f, value %.3f)", d.bestScore(), d.bestValue()));
        }
        for (WindowAlert a : r.falseAlerts()) {
            out.printf(Locale.ROOT, "  false: %s %s %s value %.3f score %.1f: %s%n", a.entity(), a.windowStart(), a.window(),
                    a.smartValue(), a.score(), a.indicators().stream().filter(i -> i.contribution() > 0)
                            .map(i -> i.feature() + "=" + i.value() + "(" + i.score() + ")").toList());
        }
    }

    public static void main(String[] args) throws IOException {
        List<Long> seeds = List.of(42L, 7L, 1234L);
        int users = 300, weeks = 9;
        boolean explain = false, sweep = false;
        SmartConfig smart = SmartConfig.DEFAULT;
        ModelConfig models = ModelConfig.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--weeks" -> weeks = Integer.parseInt(args[++i]);
                case "--explain" -> explain = true;
                case "--sweep" -> sweep = true;
                case "--threshold" -> smart = smart.withThreshold(Double.parseDouble(args[++i]));
                case "--prior" -> smart = smart.withPrior(Double.parseDouble(args[++i]), smart.pseudoCount(), smart.minPrior());
                case "--count-percentile" -> models = models.withCountPriorPercentile(Double.parseDouble(args[++i]));
                case "--span-days" -> models = models.withSpan(Integer.parseInt(args[++i]), ModelConfig.DEFAULT.spanMetrics());
                case "--fence" -> smart = smart.withPriorFence(Double.parseDouble(args[++i]));
                case "--weights" -> {
                    java.util.Map<String, Double> w = new java.util.LinkedHashMap<>(smart.weights());
                    for (String kv : args[++i].split(",")) w.put(kv.substring(0, kv.indexOf('=')), Double.parseDouble(kv.substring(kv.indexOf('=') + 1)));
                    smart = smart.withWeights(w);
                }
                default -> throw new IllegalArgumentException("usage: [--seeds 42,7,1234] [--users 300] [--weeks 9] [--sweep|--explain] [--threshold T] [--prior P] [--fence K] [--count-percentile P] [--span-days N] [--weights type=w,…]; unknown " + args[i]);
            }
        }
        for (long seed : seeds) {
            if (sweep) {
                Report r = run(seed, users, weeks, models, smart.withThreshold(0.01));
                System.out.printf(Locale.ROOT, "seed %d (%d entity-days, prior %.3f): threshold → instances alerted, false alerts (per 1,000 entity-days)%n",
                        seed, r.entityDays(), r.prior());
                for (int t = 40; t <= 95; t += 5) {
                    int th = t;
                    long det = r.detections().stream().filter(d -> r.alerts().stream().anyMatch(a -> a.score() >= th && matches(a, d.truth()))).count();
                    long fa = r.falseAlerts().stream().filter(a -> a.score() >= th).count();
                    System.out.printf(Locale.ROOT, "  %3d  %2d/%d  %4d (%.2f)%n", t, det, r.detections().size(), fa, 1000.0 * fa / r.entityDays());
                }
            } else if (explain) {
                Report r = run(seed, users, weeks, models, smart.withThreshold(0.01));
                for (Detection d : r.detections()) {
                    System.out.println(d.truth().scenario().wireName() + " " + d.truth().entity() + " " + d.truth().start());
                    for (WindowAlert a : r.alerts()) {
                        if (matches(a, d.truth())) System.out.printf(Locale.ROOT, "    %s value %.3f score %.1f %s%n", a.windowStart(),
                                a.smartValue(), a.score(), a.indicators().stream().map(i -> i.feature() + "=" + i.value() + "(" + i.score() + "," + i.contribution() + ")").toList());
                    }
                }
            } else {
                print(run(seed, users, weeks, models, smart), System.out);
            }
        }
    }
}
