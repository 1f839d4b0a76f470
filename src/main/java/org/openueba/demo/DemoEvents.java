package org.openueba.demo;

import org.openueba.directory.DirectoryParser;
import org.openueba.directory.DirectoryRecord;
import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.enrich.NormalisingListener;
import org.openueba.enrich.RecordNormaliser;
import org.openueba.event.Event;
import org.openueba.source.AdapterLimits;
import org.openueba.source.Adapters;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.SourceProfile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a generated demo organisation (docs/demo.md) the way the engine ingests it — the same
 * adapters, profiles and enrichment — into one list of events in event-time order, for benchmarks,
 * model tests and evaluations that run without the server. Pure Java.
 */
public final class DemoEvents {
    /** Demo file → data source that ingests it. */
    public static final List<String[]> FILES = List.of(new String[]{"logon.csv", "cert-logon"},
            new String[]{"device.csv", "cert-device"}, new String[]{"vpn.ndjson", "vpn"});

    private DemoEvents() {
    }

    /**
     * All events of the demo in {@code dir}, sorted by time then id.
     *
     * @param geo GeoIP enrichment (null: none)
     * @throws IOException on unreadable files, or when any record is rejected (the demo has none)
     */
    public static List<Event> load(Path dir, GeoEnricher geo) throws IOException {
        List<Event> events = new ArrayList<>();
        Pseudonymiser keyed = new Pseudonymiser("demo-events-key-0123456789abcdef0123456789");
        for (String[] f : FILES) {
            SourceProfile profile = PredefinedProfiles.byName(f[1]).orElseThrow();
            RecordNormaliser normaliser = new RecordNormaliser(profile, keyed, geo, List.of(), 256, Instant.parse("2100-01-01T00:00:00Z"));
            try (Reader r = Files.newBufferedReader(dir.resolve(f[0]), StandardCharsets.UTF_8)) {
                Adapters.create(profile, AdapterLimits.DEFAULT).read(r, new NormalisingListener(normaliser) {
                    @Override
                    protected void normalised(long line, Event e) {
                        events.add(e);
                    }

                    @Override
                    public void reject(long line, String reason) {
                        throw new IllegalStateException(f[0] + " line " + line + ": " + reason);
                    }
                });
            }
        }
        events.sort(Comparator.comparing(Event::time).thenComparing(Event::id));
        return events;
    }

    /** A generated demo organisation read back: ground truth, events in time order, directory time zones. */
    public record Generated(List<GroundTruth> truth, List<Event> events, Map<String, ZoneId> zones) {
    }

    /**
     * Generates the demo organisation of {@code p} into a temporary directory, reads it back with the
     * bundled GeoIP databases ({@link #load}, {@link #zones}) and deletes the directory.
     */
    public static Generated generate(DemoParameters p) throws IOException {
        Path dir = Files.createTempDirectory("demo-" + p.seed() + "-");
        try {
            List<GroundTruth> truth = DemoOrganisation.generate(p, dir);
            List<Event> events;
            try (GeoEnricher geo = GeoEnricher.bundled()) {
                events = load(dir, geo);
            }
            return new Generated(truth, events, zones(dir));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The time zones of the demo directory (directory.csv), by entity. */
    public static Map<String, ZoneId> zones(Path dir) throws IOException {
        Map<String, ZoneId> zones = new HashMap<>();
        try (Reader r = Files.newBufferedReader(dir.resolve("directory.csv"), StandardCharsets.UTF_8)) {
            DirectoryParser.parse(r, new DirectoryParser.Listener() {
                @Override
                public void record(long line, DirectoryRecord rec) {
                    if (rec.timeZone() != null) zones.put(rec.id(), ZoneId.of(rec.timeZone()));
                }

                @Override
                public void reject(long line, String reason) {
                    throw new IllegalStateException("directory.csv line " + line + ": " + reason);
                }
            });
        }
        return zones;
    }
}
