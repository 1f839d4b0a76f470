package org.openueba.bench;

import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoEvents;
import org.openueba.demo.DemoParameters;
import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.FeatureScore;
import org.openueba.model.ModelConfig;
import org.openueba.model.ScoredEvent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.openueba.bench.BenchSupport.intArg;
import static org.openueba.bench.BenchSupport.strArg;

/**
 * A fingerprint of everything the first-layer models say about a stream: a SHA-256 over every
 * event's feature names, values, exact scores (the double's bits), reasons and combined score. Two
 * builds of the model package score identically on a stream exactly when they print the same digest.
 * Used to check that performance work changes no score (docs/performance.md).
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) org.openueba.bench.ModelChecksum \
 *     --entities 1000 --days 30 --seed 42 --demo-users 300 --demo-weeks 9
 * </pre>
 */
public final class ModelChecksum {
    public static void main(String[] args) throws Exception {
        int entities = intArg(args, "--entities", 1000);
        int days = intArg(args, "--days", 30);
        long seed = Long.parseLong(strArg(args, "--seed", "42"));
        int demoUsers = intArg(args, "--demo-users", 300);
        int demoWeeks = intArg(args, "--demo-weeks", 9);
        if (entities > 0) {
            ModelBenchmark.Synthetic syn = ModelBenchmark.Synthetic.generate(entities, days, seed);
            System.out.printf(Locale.ROOT, "synthetic %d entities %d days seed %d: %s%n", entities, days, seed,
                    digest(syn.events, syn.zones::get));
        }
        if (demoUsers > 0) {
            Path dir = Files.createTempDirectory("ueba-model-checksum");
            List<Event> demo;
            Map<String, ZoneId> zones;
            try {
                DemoOrganisation.generate(new DemoParameters(42, demoUsers, demoWeeks, ModelBenchmark.START), dir);
                demo = ModelBenchmark.load(dir);
                zones = DemoEvents.zones(dir);
            } finally {
                BenchSupport.deleteTree(dir);
            }
            System.out.printf(Locale.ROOT, "demo %d users %d weeks: %s%n", demoUsers, demoWeeks, digest(demo, zones::get));
        }
    }

    static String digest(List<Event> events, Function<String, ZoneId> zones) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        BehaviourEngine engine = new BehaviourEngine(ModelConfig.DEFAULT, (entity, source) -> zones.apply(entity));
        ScoredEvent out = new ScoredEvent();
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            engine.apply(e, out);
            sb.setLength(0);
            sb.append(out.eventId()).append('|').append(out.entity()).append('|')
                    .append(Double.doubleToLongBits(out.combined())).append('\n');
            for (int i = 0; i < out.size(); i++) {
                sb.append(out.feature(i)).append('|').append(Double.doubleToLongBits(out.score(i))).append('\n');
            }
            for (FeatureScore f : out.features()) {
                sb.append(f.feature()).append('|').append(f.value()).append('|').append(f.score()).append('|')
                        .append(f.reason()).append('\n');
            }
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return events.size() + " events, sha256 " + HexFormat.of().formatHex(md.digest());
    }
}
