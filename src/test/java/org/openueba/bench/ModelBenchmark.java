package org.openueba.bench;

import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoParameters;
import org.openueba.enrich.GeoEnricher;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.model.ScoredEvent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.openueba.bench.BenchSupport.intArg;
import static org.openueba.bench.BenchSupport.strArg;

/**
 * Throughput and memory of the first-layer behaviour models ({@link BehaviourEngine}): pure Java,
 * one thread, no server, no database. Figures and discussion: docs/performance.md, "First-layer
 * models (issue 3)".
 *
 * <pre>
 * ./mvnw -q test-compile
 * MAVEN_OPTS="-Xmx8g" ./mvnw -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.openueba.bench.ModelBenchmark \
 *     -Dexec.args="--entities 10000 --days 30 --reps 5 --seed 42"
 * </pre>
 * <p>Options (defaults): {@code --entities 10000 --days 30 --reps 5 --seed 42}, and
 * {@code --demo-users 300 --demo-weeks 9} for the demo replay ({@code --demo-users 0} skips both demo
 * parts, {@code --entities 0} the synthetic stream). The 10,000-entity stream (8.3 million events)
 * needs about 5 GB of heap for the events alone. Results go to stdout as Markdown tables.
 *
 * <p><b>Synthetic authentication stream.</b> Seeded ({@code new SplittableRandom(seed)}): N entities
 * over D days from Monday 2026-09-07, one data source ({@code synthetic-auth}), every event an
 * {@link EventKind#AUTHENTICATION} with srcHost, dstHost, srcIp, country and city and no other
 * categorical field (no ASN, no User-Agent, no coordinates; action and outcome are set but are not
 * categorical features of authentication). So exactly five categorical features are learnt and
 * scored per event (src_host, dst_host, src_ip, country, city), plus the engine's built-in models:
 * activity (first use of a kind of activity), day type (weekday/weekend), time of day, and the
 * window counts of authentication (events, failures, distinct destination hosts, each per hour and
 * per day): 14 feature scores per event. There is no travel score (no coordinates). Each entity has a
 * home city among 16 (70 % in four main offices) and that city's time zone, 1–3 workstations, 1–3
 * servers it logs on to (popular servers are shared by many), 1–3 source IPs; 2 % of events carry one
 * new value (another entity's workstation, another server, an unknown IP or another city); 3 % fail.
 * Active on 92 % of weekdays and 5 % of weekend days, 20–60 events per active day spread over 8–10
 * working hours starting 07:00–10:00 local.
 *
 * <p>All events are built in memory and sorted by time before anything is timed, then copied in
 * that order with their own time and field strings ({@link #relocate}), so that they lie in memory
 * in the order they are applied and each carries fresh strings, as events from a parser or the
 * journal reader do.
 *
 * <p><b>Throughput.</b> A small warm-up stream first (300 entities, its own seed: class loading and
 * JIT). Then one untimed pass over the stream with a fresh engine (more warm-up, the score
 * statistics and the heap measurement below), {@code --warmup} (3) more untimed passes (the JIT
 * settles on the stream's profile only after a few full passes), then {@code --reps} timed passes, each with a fresh
 * engine, timing only the loop of {@code engine.apply(event, out)} over the whole stream. Reported:
 * events/s (best and median over the repetitions), wall-clock ns/event, this thread's CPU ns/event
 * (less sensitive to other load on the machine) and bytes allocated per event. The same for the
 * demo organisation (DemoEvents with GeoIP, 300 users, 9 weeks, three sources) for comparison.
 *
 * <p><b>Memory.</b> (a) {@code engine.entityBytes(id)} over all entities (mean, median, p90, max):
 * the engine's own estimate of one entity's model arrays and objects; (b) a measured figure: heap
 * used (MemoryMXBean, after four {@code System.gc()} with pauses) before the engine is created and
 * after the events were applied, divided by the number of entities. The event list is referenced in
 * both measurements, so it cancels. (b) counts everything the engine holds: the per-entity models
 * plus the entity map and the organisation-level value dictionaries, population indexes and count
 * priors. Dictionary keys that are the events' own strings cancel with the events; derived keys
 * (the city feature's "city, country") are counted. Measured on the demo (seed 42, 300 users, the
 * first 30 days of a 5-week span) and on the synthetic stream.
 *
 * <p>No timing is asserted anywhere: this is a main, not a test.
 */
public final class ModelBenchmark {
    static final LocalDate START = DemoParameters.DEFAULT_START; // a Monday
    static final String SOURCE = "synthetic-auth";
    /** country, city, time zone; the first four are the main offices. */
    static final String[][] CITIES = {
            {"DE", "Berlin", "Europe/Berlin"}, {"GB", "London", "Europe/London"}, {"US", "New York", "America/New_York"},
            {"IN", "Bangalore", "Asia/Kolkata"}, {"DE", "Munich", "Europe/Berlin"}, {"FR", "Paris", "Europe/Paris"},
            {"NL", "Amsterdam", "Europe/Amsterdam"}, {"ES", "Madrid", "Europe/Madrid"}, {"PL", "Warsaw", "Europe/Warsaw"},
            {"US", "Chicago", "America/Chicago"}, {"US", "San Francisco", "America/Los_Angeles"},
            {"CA", "Toronto", "America/Toronto"}, {"BR", "Sao Paulo", "America/Sao_Paulo"},
            {"SG", "Singapore", "Asia/Singapore"}, {"JP", "Tokyo", "Asia/Tokyo"}, {"AU", "Sydney", "Australia/Sydney"}};

    public static void main(String[] args) throws Exception {
        int entities = intArg(args, "--entities", 10_000);
        int days = intArg(args, "--days", 30);
        int reps = intArg(args, "--reps", 5);
        long seed = Long.parseLong(strArg(args, "--seed", "42"));
        int demoUsers = intArg(args, "--demo-users", 300);
        int demoWeeks = intArg(args, "--demo-weeks", 9);
        warmupPasses = intArg(args, "--warmup", 3);
        System.out.printf(Locale.ROOT, "ModelBenchmark: entities=%d days=%d reps=%d warm-up passes=%d seed=%d demo=%d users/%d weeks; "
                        + "Java %s, %d cores, max heap %d MB%n%n", entities, days, reps, warmupPasses, seed, demoUsers, demoWeeks,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        // class loading and a first JIT pass before any heap measurement (a small stream of its own)
        Synthetic warm = Synthetic.generate(Math.min(entities, 300), days, seed + 1);
        BehaviourEngine warmEngine = new BehaviourEngine(ModelConfig.DEFAULT, (entity, source) -> warm.zones.get(entity));
        ScoredEvent warmOut = new ScoredEvent();
        for (Event e : warm.events) warmEngine.apply(e, warmOut);
        System.out.printf(Locale.ROOT, "warm-up: %,d events applied; load average %.2f%n", warm.events.size(), load());

        List<String> throughput = new ArrayList<>();
        List<String> memory = new ArrayList<>();
        List<String> scores = new ArrayList<>();

        if (entities > 0) synthetic(entities, days, reps, seed, throughput, memory, scores);
        Reference.reachabilityFence(warmEngine);
        if (demoUsers > 0) demo(demoUsers, demoWeeks, reps, throughput, memory, scores);
        System.out.printf(Locale.ROOT, "%nload average at the end: %.2f%n", load());

        System.out.println();
        System.out.println("| workload | events | entities | best events/s | median events/s | wall ns/event (best / median) | thread CPU ns/event (best / median) | allocated B/event |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        throughput.forEach(System.out::println);
        System.out.println();
        System.out.println("| workload | entities | entityBytes mean | median | p90 | max | heap per entity (measured) | engine heap total |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        memory.forEach(System.out::println);
        System.out.println();
        System.out.println("| workload (untimed pass) | events | exceptions | mean features/event | max ≥ 50 | max ≥ 90 | injected new value: max ≥ 50 | not injected: max ≥ 50 | features scoring ≥ 50 most often | features scoring ≥ 90 most often |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        scores.forEach(System.out::println);
    }

    /** The synthetic authentication stream: heap and scores (untimed pass), then the timed passes. */
    static void synthetic(int entities, int days, int reps, long seed, List<String> throughput, List<String> memory,
                          List<String> scores) throws InterruptedException {
        long g0 = System.nanoTime();
        Synthetic syn = Synthetic.generate(entities, days, seed);
        System.out.printf(Locale.ROOT, "synthetic: %,d events, %,d entities, %,d entity-days active, %.1f events per active day, "
                        + "%,d with an injected new value; built in %.1f s%n", syn.events.size(), syn.zones.size(),
                syn.activeDays, (double) syn.events.size() / syn.activeDays, syn.novel.cardinality(),
                (System.nanoTime() - g0) / 1e9);
        String name = String.format(Locale.ROOT, "synthetic auth, %,d entities, %d days", entities, days);
        memory.add(measure(name, syn.events, syn.zones::get, syn.novel, scores).row);
        throughput.add(time(name, syn.events, syn.zones::get, reps));
    }

    /** The demo organisation: replay throughput ({@code users}, {@code weeks}) and memory after 30 days (300 users). */
    static void demo(int demoUsers, int demoWeeks, int reps, List<String> throughput, List<String> memory,
                     List<String> scores) throws Exception {
        List<Event> demo;
        Map<String, ZoneId> demoZones;
        Path dir = Files.createTempDirectory("ueba-model-bench");
        try {
            DemoOrganisation.generate(new DemoParameters(42, demoUsers, demoWeeks, START), dir);
            demo = load(dir);
            demoZones = DemoEvents.zones(dir);
        } finally {
            BenchSupport.deleteTree(dir);
        }
        String demoName = String.format(Locale.ROOT, "demo replay, %d users, %d weeks", demoUsers, demoWeeks);
        System.out.printf(Locale.ROOT, "%ndemo: %,d events, %,d entities (%,d with a directory time zone)%n", demo.size(),
                distinctEntities(demo).size(), distinctEntities(demo).stream().filter(demoZones::containsKey).count());
        measure(demoName, demo, demoZones::get, null, scores);
        throughput.add(time(demoName, demo, demoZones::get, reps));
        demo = null;

        // memory after the first 30 days: 300 users, a 5-week span starting on a Monday
        dir = Files.createTempDirectory("ueba-model-bench");
        List<Event> first30;
        try {
            DemoParameters p = new DemoParameters(42, 300, 5, START);
            DemoOrganisation.generate(p, dir);
            Instant cut = p.spanStart().plusSeconds(30 * 86_400L);
            first30 = new ArrayList<>(load(dir).stream().filter(e -> e.time().isBefore(cut)).toList());
            demoZones = DemoEvents.zones(dir);
        } finally {
            BenchSupport.deleteTree(dir);
        }
        System.out.printf(Locale.ROOT, "%ndemo, 300 users, first 30 days of 5 weeks: %,d events%n", first30.size());
        memory.add(0, measure("demo, 300 users, first 30 days", first30, demoZones::get, null, scores).row);
    }

    // ------------------------------------------------------------------------------------------
    // measurement

    record Measured(String row) {
    }

    /**
     * The untimed pass: a fresh engine over all events, with the heap measured before and after
     * (events referenced throughout), entityBytes statistics, score statistics, exceptions.
     */
    static Measured measure(String name, List<Event> events, Function<String, ZoneId> zones, BitSet novel,
                            List<String> scoreRows) throws InterruptedException {
        long before = usedHeapAfterGc();
        BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (entity, source) -> zones.apply(entity));
        ScoredEvent out = new ScoredEvent();
        long t0 = System.nanoTime();
        long exceptions = 0, features = 0, max50 = 0, max90 = 0, novel50 = 0, plain50 = 0, novelN = 0;
        Throwable first = null;
        Map<String, Long> byFeature = new HashMap<>(), byFeature90 = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                engine.apply(events.get(i), out);
            } catch (RuntimeException ex) {
                if (first == null) first = ex;
                exceptions++;
                continue;
            }
            features += out.size();
            double max = out.max();
            if (max >= 50) max50++;
            if (max >= 90) max90++;
            if (novel != null) {
                boolean n = novel.get(i);
                if (n) novelN++;
                if (max >= 50) {
                    if (n) novel50++;
                    else plain50++;
                }
            }
            for (int f = 0; f < out.size(); f++) {
                if (out.score(f) >= 50) byFeature.merge(out.feature(f), 1L, Long::sum);
                if (out.score(f) >= 90) byFeature90.merge(out.feature(f), 1L, Long::sum);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = usedHeapAfterGc();
        Set<String> ids = distinctEntities(events);
        long[] bytes = new long[ids.size()];
        int k = 0;
        long sum = 0;
        long[] parts = new long[BehaviourEngine.entityParts().size()];
        for (String id : ids) {
            sum += bytes[k++] = engine.entityBytes(id);
            long[] p = engine.entityBytesByPart(id);
            for (int i = 0; i < parts.length; i++) parts[i] += p[i];
        }
        Arrays.sort(bytes);
        int n = bytes.length;
        double mean = (double) sum / n;
        double median = n % 2 == 1 ? bytes[n / 2] : (bytes[n / 2 - 1] + bytes[n / 2]) / 2.0;
        long p90 = bytes[(int) Math.ceil(0.9 * n) - 1];
        long engineHeap = after - before;
        if (engine.entityCount() != n) throw new IllegalStateException("entity count " + engine.entityCount() + " != " + n);
        System.out.printf(Locale.ROOT, "%s: untimed pass %.2f s (%.0f events/s incl. statistics); %d exceptions%s%n", name,
                seconds, events.size() / seconds, exceptions, first == null ? "" : " (first: " + first + ")");
        if (first != null) first.printStackTrace(System.out);
        System.out.printf(Locale.ROOT, "%s: heap before %,d B, after %,d B: engine %,d B = %,.0f B per entity; "
                        + "sum of entityBytes %,d B (%.0f %% of it)%n", name, before, after, engineHeap, (double) engineHeap / n,
                sum, 100.0 * sum / engineHeap);
        StringBuilder split = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            split.append(i == 0 ? "" : ", ").append(BehaviourEngine.entityParts().get(i))
                    .append(String.format(Locale.ROOT, " %,.0f B", (double) parts[i] / n));
        }
        System.out.printf(Locale.ROOT, "%s: entityBytes by part (mean): %s%n", name, split);
        Reference.reachabilityFence(events);
        Reference.reachabilityFence(engine);
        Reference.reachabilityFence(out);

        String top = top(byFeature), top90 = top(byFeature90);
        long applied = events.size() - exceptions;
        scoreRows.add(String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %s | %s | %s | %s | %s | %s |", name, events.size(),
                exceptions, (double) features / applied, pct(max50, applied), pct(max90, applied),
                novel == null ? "–" : pct(novel50, novelN), novel == null ? "–" : pct(plain50, applied - novelN), top, top90));
        return new Measured(String.format(Locale.ROOT, "| %s | %,d | %,.0f B | %,.0f B | %,d B | %,d B | %,.0f B | %.1f MB |",
                name, n, mean, median, p90, bytes[n - 1], (double) engineHeap / n, engineHeap / 1e6));
    }

    /** The four features with the most events, as "feature count, …". */
    private static String top(Map<String, Long> counts) {
        return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(4)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("–");
    }

    private static String pct(long a, long b) {
        return b == 0 ? "–" : String.format(Locale.ROOT, "%.2f %%", 100.0 * a / b);
    }

    /** Untimed passes over the whole stream before the timed ones ({@code --warmup}). */
    static int warmupPasses = 3;

    /**
     * {@code reps} timed passes, each with a fresh engine: wall time and this thread's CPU time. First
     * {@link #warmupPasses} untimed passes over the same stream: without them the first timed passes
     * ran while the JIT was still compiling the engine for this stream (in one run the first four of ten
     * reps rose from 423k to 809k events/s before the rest held 778–819k), which dragged the median down.
     */
    static String time(String name, List<Event> events, Function<String, ZoneId> zones, int reps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] ns = new double[reps], cpu = new double[reps], alloc = new double[reps];
        long sink = 0;
        for (int w = 0; w < warmupPasses; w++) {
            BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (entity, source) -> zones.apply(entity));
            long t0 = System.nanoTime();
            sink += pass(engine, events);
            System.out.printf(Locale.ROOT, "%s: untimed warm-up pass %d: %.2f s%n", name, w + 1, (System.nanoTime() - t0) / 1e9);
        }
        for (int r = 0; r < reps; r++) {
            BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (entity, source) -> zones.apply(entity));
            int size = events.size();
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += pass(engine, events);
            long t = System.nanoTime() - t0;
            long c = threads.getCurrentThreadCpuTime() - c0;
            long a = threads.getCurrentThreadAllocatedBytes() - a0;
            ns[r] = (double) t / size;
            cpu[r] = (double) c / size;
            alloc[r] = (double) a / size;
            System.out.printf(Locale.ROOT, "%s: rep %d: %.2f s, %,.0f events/s, %.0f ns/event wall, %.0f ns/event thread CPU, "
                    + "%.0f B/event allocated; load average %.2f%n", name, r + 1, t / 1e9, 1e9 / ns[r], ns[r], cpu[r], alloc[r], load());
        }
        if (sink == 42) System.out.println(); // keep the results observable
        return String.format(Locale.ROOT, "| %s | %,d | %,d | **%,.0f** | %,.0f | %.0f / %.0f | %.0f / %.0f | %.0f |", name,
                events.size(), distinctEntities(events).size(), 1e9 / min(ns), 1e9 / median(ns), min(ns), median(ns), min(cpu),
                median(cpu), median(alloc));
    }

    /** One pass of {@code engine.apply} over the stream (one reused scored event); the sum of the scored sizes, to keep the work observable. */
    private static long pass(BehaviourEngine engine, List<Event> events) {
        ScoredEvent out = new ScoredEvent();
        long sink = 0;
        for (int i = 0, size = events.size(); i < size; i++) {
            engine.apply(events.get(i), out);
            sink += out.size();
        }
        return sink;
    }

    static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Heap in use after a few full collections. */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static Set<String> distinctEntities(List<Event> events) {
        Set<String> ids = new LinkedHashSet<>();
        for (Event e : events) ids.add(e.entity());
        return ids;
    }

    static List<Event> load(Path dir) throws IOException {
        List<Event> sorted;
        try (GeoEnricher geo = GeoEnricher.bundled()) {
            sorted = DemoEvents.load(dir, geo);
        }
        List<Event> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            out.add(relocate(sorted.get(i)));
            sorted.set(i, null);
        }
        return out;
    }

    /**
     * A copy of {@code e} with its own time and field strings, made in stream order: the events of a
     * pre-built, sorted list then lie in memory in the order they are applied, with a fresh string
     * per field and event, as a parser or the journal reader delivers them (a list sorted after it
     * was built would make every event a cache miss that the real pipeline does not have, and shared
     * strings would make every dictionary lookup cheaper than it is). The source name and the id (which
     * the engine only passes through) stay shared.
     */
    static Event relocate(Event e) {
        return e.toBuilder()
                .time(Instant.ofEpochSecond(e.time().getEpochSecond(), e.time().getNano()))
                .entity(fresh(e.entity()))
                .action(fresh(e.action()))
                .srcHost(fresh(e.srcHost()))
                .dstHost(fresh(e.dstHost()))
                .srcIp(fresh(e.srcIp()))
                .dstIp(fresh(e.dstIp()))
                .country(fresh(e.country()))
                .city(fresh(e.city()))
                .asOrg(fresh(e.asOrg()))
                .device(fresh(e.device()))
                .userAgent(fresh(e.userAgent()))
                .build();
    }

    private static String fresh(String s) {
        return s == null ? null : new String(s.toCharArray());
    }

    // ------------------------------------------------------------------------------------------
    // the synthetic stream

    /** The events in time order, each entity's zone, which events carry an injected new value. */
    static final class Synthetic {
        final List<Event> events;
        final Map<String, ZoneId> zones;
        final BitSet novel;
        final long activeDays;

        private Synthetic(List<Event> events, Map<String, ZoneId> zones, BitSet novel, long activeDays) {
            this.events = events;
            this.zones = zones;
            this.novel = novel;
            this.activeDays = activeDays;
        }

        /** One entity's habits. */
        record Profile(String id, int home, ZoneId zone, String[] srcHosts, String[] dstHosts, String[] ips,
                       int startMinute, int spanMinutes) {
        }

        static Synthetic generate(int entities, int days, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int serverCount = Math.max(20, entities / 25);
            String[] servers = new String[serverCount];
            for (int s = 0; s < serverCount; s++) servers[s] = String.format(Locale.ROOT, "SRV-%04d", s);
            Profile[] profiles = new Profile[entities];
            Map<String, ZoneId> zones = new HashMap<>();
            for (int i = 0; i < entities; i++) {
                String id = String.format(Locale.ROOT, "user%05d", i);
                int home = rnd.nextDouble() < 0.7 ? rnd.nextInt(4) : rnd.nextInt(CITIES.length);
                ZoneId zone = ZoneId.of(CITIES[home][2]);
                String[] ws = new String[1 + few(rnd)];
                for (int k = 0; k < ws.length; k++) ws[k] = String.format(Locale.ROOT, "WS-%05d-%d", i, k);
                Set<String> dst = new LinkedHashSet<>();
                int nd = 1 + few(rnd);
                while (dst.size() < nd) dst.add(servers[skewed(rnd, serverCount)]);
                String[] ips = new String[1 + few(rnd)];
                for (int k = 0; k < ips.length; k++) ips[k] = "10." + ((i >> 8) & 255) + "." + (i & 255) + "." + (10 + k);
                profiles[i] = new Profile(id, home, zone, ws, dst.toArray(String[]::new), ips, 7 * 60 + rnd.nextInt(181),
                        480 + rnd.nextInt(121));
                zones.put(id, zone);
            }

            List<Event> generated = new ArrayList<>();
            BitSet novelFlags = new BitSet();
            long[] keys = new long[1 << 20];
            long base = START.minusDays(2).toEpochDay() * 86_400L;
            long activeDays = 0;
            for (int d = 0; d < days; d++) {
                LocalDate date = START.plusDays(d);
                boolean weekend = date.getDayOfWeek().getValue() >= 6;
                for (Profile p : profiles) {
                    if (rnd.nextDouble() >= (weekend ? 0.05 : 0.92)) continue;
                    activeDays++;
                    int offset = p.zone.getRules().getOffset(date.atTime(12, 0)).getTotalSeconds();
                    int start = p.startMinute + rnd.nextInt(61) - 30;
                    int n = 20 + rnd.nextInt(41);
                    for (int k = 0; k < n; k++) {
                        int minute = Math.max(0, Math.min(1439, start + rnd.nextInt(p.spanMinutes)));
                        long epoch = date.toEpochDay() * 86_400L + minute * 60L + rnd.nextInt(60) - offset;
                        String src = p.srcHosts[pick(rnd, p.srcHosts.length)];
                        String dst = p.dstHosts[pick(rnd, p.dstHosts.length)];
                        String ip = p.ips[pick(rnd, p.ips.length)];
                        String[] city = CITIES[p.home];
                        boolean isNovel = rnd.nextDouble() < 0.02;
                        if (isNovel) {
                            switch (rnd.nextInt(4)) {
                                case 0 -> src = profiles[rnd.nextInt(entities)].srcHosts[0];
                                case 1 -> dst = servers[rnd.nextInt(serverCount)];
                                case 2 -> ip = "10." + (100 + rnd.nextInt(100)) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
                                default -> city = CITIES[(p.home + 1 + rnd.nextInt(CITIES.length - 1)) % CITIES.length];
                            }
                        }
                        Event e = Event.builder()
                                .id("s" + Long.toString(generated.size(), 36))
                                .time(Instant.ofEpochSecond(epoch))
                                .source(SOURCE)
                                .entity(p.id)
                                .kind(EventKind.AUTHENTICATION)
                                .action("logon")
                                .outcome(rnd.nextDouble() < 0.03 ? Outcome.FAILURE : Outcome.SUCCESS)
                                .srcHost(src)
                                .dstHost(dst)
                                .srcIp(ip)
                                .country(city[0])
                                .city(city[1])
                                .build();
                        if (generated.size() == keys.length) keys = Arrays.copyOf(keys, keys.length * 2);
                        keys[generated.size()] = ((epoch - base) << 32) | generated.size();
                        if (isNovel) novelFlags.set(generated.size());
                        generated.add(e);
                    }
                }
            }
            long[] order = Arrays.copyOf(keys, generated.size());
            keys = null;
            Arrays.sort(order);
            List<Event> events = new ArrayList<>(order.length);
            BitSet novel = new BitSet(order.length);
            for (int i = 0; i < order.length; i++) {
                int at = (int) (order[i] & 0xffff_ffffL);
                events.add(relocate(generated.get(at)));
                if (novelFlags.get(at)) novel.set(i);
                generated.set(at, null);
            }
            return new Synthetic(events, zones, novel, activeDays);
        }

        /** 0 (60 %), 1 (30 %) or 2 (10 %): how many usual values beyond the first. */
        private static int few(SplittableRandom rnd) {
            double u = rnd.nextDouble();
            return u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
        }

        /** Mostly the first usual value (70 %), else any of them. */
        private static int pick(SplittableRandom rnd, int n) {
            return n == 1 || rnd.nextDouble() < 0.7 ? 0 : rnd.nextInt(n);
        }

        /** Skewed towards low indexes: a few servers (domain controllers, mail) are used by many. */
        private static int skewed(SplittableRandom rnd, int n) {
            double u = rnd.nextDouble();
            return Math.min(n - 1, (int) (n * u * u * u));
        }
    }
}
