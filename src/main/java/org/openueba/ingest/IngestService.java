package org.openueba.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.api.ProblemException;
import org.openueba.config.UebaConfig;
import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.enrich.NormalisingListener;
import org.openueba.enrich.RecordNormaliser;
import org.openueba.event.Event;
import org.openueba.pipeline.Enrichment;
import org.openueba.source.AdapterLimits;
import org.openueba.source.Adapters;
import org.openueba.source.RecordAdapter;
import org.openueba.source.SourceProfile;
import org.openueba.store.EventLog;

import java.io.IOException;
import java.io.Reader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads one batch of raw records of a source, normalises and stores the valid ones in a single
 * transaction, and reports every rejected record with its line number.
 *
 * <p>Batch semantics: <b>partial acceptance</b>. Valid records are stored even when others are
 * rejected; the answer lists the rejected ones. Storage itself is all-or-nothing per request: the
 * accepted records are appended to the event journal together, after the whole body was read, and a
 * request that fails as a whole (I/O error, body too large, journal failure) stores nothing.
 * Re-sending any batch is safe: ids are stable and stored ids are never stored again.
 */
@ApplicationScoped
public class IngestService {
    private final SourceRegistry sources;
    private final EventLog log;
    private final UebaConfig config;
    private final Enrichment enrichment;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();

    public IngestService(SourceRegistry sources, EventLog log, UebaConfig config, Enrichment enrichment,
                         MeterRegistry meters) {
        this.sources = sources;
        this.log = log;
        this.config = config;
        this.enrichment = enrichment;
        this.meters = meters;
    }

    /** The profile of {@code name}, or a 404 problem listing the known sources. */
    public SourceProfile profile(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("query parameter 'source' is required; known sources: "
                    + sources.all().keySet());
        }
        return sources.find(name).orElseThrow(() -> new ProblemException(404, "unknown-source", "Unknown source",
                "no data source named '" + org.openueba.event.Texts.printable(name, 64) + "'; known sources: "
                        + sources.all().keySet()));
    }

    /**
     * Ingests everything {@code body} holds for {@code profile}: {@link #parse}, then {@link #store}.
     *
     * @throws IOException  when reading the body fails (including the size limit being exceeded);
     *                      nothing is stored then
     * @throws SQLException when the duplicate check fails; nothing is stored then
     */
    public IngestResult ingest(SourceProfile profile, Reader body) throws IOException, SQLException {
        return store(parse(profile, body));
    }

    /**
     * The records of one body read with the source's adapter and normalised, not yet stored.
     *
     * @param accepted records that passed validation, in body order
     * @param errors   the first rejected records (up to {@code ueba.ingest.max-reported-errors})
     */
    public record Parsed(SourceProfile profile, List<Event> accepted, long rejected, long skipped,
                         List<IngestResult.RecordError> errors) {
    }

    /**
     * Reads and normalises everything {@code body} holds for {@code profile}; stores nothing.
     *
     * @throws IOException when reading the body fails (including the size limit being exceeded)
     */
    public Parsed parse(SourceProfile profile, Reader body) throws IOException {
        UebaConfig.Ingest limits = config.ingest();
        RecordAdapter adapter = Adapters.create(profile, new AdapterLimits(limits.maxLineLength(), limits.maxFields()));
        Pseudonymiser keyed = enrichment.pseudonymiser();
        GeoEnricher geo = enrichment.geo();
        Instant latest = Instant.now().plus(limits.maxFutureSkew());
        RecordNormaliser normaliser = new RecordNormaliser(profile, keyed, geo, enrichment.globalPseudonymisedFields(),
                limits.maxFields(), latest);
        Tally tally = new Tally(limits.maxReportedErrors(), normaliser);
        adapter.read(body, tally);
        return new Parsed(profile, tally.accepted, tally.rejected, tally.skipped, List.copyOf(tally.errors));
    }

    /**
     * Durably appends the accepted events of {@code p} (duplicates of stored events are dropped) and
     * counts them. Returns after the journal write.
     *
     * @throws SQLException when the duplicate check fails; nothing is stored then
     */
    public IngestResult store(Parsed p) throws IOException, SQLException {
        EventLog.Appended appended = log.append(p.accepted(), Instant.now());
        Counter[] c = counters(p.profile().name());
        c[0].increment(p.accepted().size());
        c[1].increment(p.rejected());
        c[2].increment(appended.duplicates());
        return new IngestResult(p.profile().name(), p.accepted().size(), appended.stored(), appended.duplicates(),
                p.rejected(), p.skipped(), p.errors(), p.rejected() > p.errors().size());
    }

    /**
     * Stores several parsed bodies the way a SIEM forwards live activity: all their events merged in
     * event-time order (ties by id) and appended in batches of {@code batch}, so that the models see
     * each entity's events in the order they happened. One result per part, in the given order.
     *
     * @throws SQLException when a duplicate check fails; batches appended before stay stored
     */
    public List<IngestResult> storeInTimeOrder(List<Parsed> parts, int batch) throws IOException, SQLException {
        List<Event> all = new ArrayList<>();
        for (Parsed p : parts) all.addAll(p.accepted());
        all.sort(java.util.Comparator.comparing(Event::time).thenComparing(Event::id));
        Map<String, long[]> perSource = new java.util.HashMap<>(); // stored, duplicates
        for (int from = 0; from < all.size(); from += batch) {
            List<Event> chunk = all.subList(from, Math.min(all.size(), from + batch));
            boolean[] dropped = log.append(chunk, Instant.now()).dropped();
            for (int i = 0; i < chunk.size(); i++) {
                perSource.computeIfAbsent(chunk.get(i).source(), k -> new long[2])[dropped[i] ? 1 : 0]++;
            }
        }
        List<IngestResult> results = new ArrayList<>(parts.size());
        for (Parsed p : parts) {
            long[] n = perSource.getOrDefault(p.profile().name(), new long[2]);
            Counter[] c = counters(p.profile().name());
            c[0].increment(p.accepted().size());
            c[1].increment(p.rejected());
            results.add(new IngestResult(p.profile().name(), p.accepted().size(), n[0], n[1], p.rejected(), p.skipped(),
                    p.errors(), p.rejected() > p.errors().size()));
        }
        perSource.forEach((source, n) -> counters(source)[2].increment(n[1]));
        return results;
    }

    private Counter[] counters(String source) {
        return counters.computeIfAbsent(source, s -> new Counter[]{
                Counter.builder("ueba.events.accepted").description("Events accepted by ingestion")
                        .tag("source", s).register(meters),
                Counter.builder("ueba.events.rejected").description("Records rejected by ingestion")
                        .tag("source", s).register(meters),
                Counter.builder("ueba.events.duplicates").description("Accepted events that were already stored")
                        .tag("source", s).register(meters)});
    }

    /** Normalises and collects what the adapter reports. Never throws into the adapter. */
    private static final class Tally extends NormalisingListener {
        private final int maxErrors;
        private final List<IngestResult.RecordError> errors = new ArrayList<>();
        private final List<Event> accepted = new ArrayList<>();
        private long rejected;
        private long skipped;

        Tally(int maxErrors, RecordNormaliser normaliser) {
            super(normaliser);
            this.maxErrors = maxErrors;
        }

        @Override
        protected void normalised(long line, Event e) {
            accepted.add(e);
        }

        @Override
        public void reject(long line, String reason) {
            rejected++;
            if (errors.size() < maxErrors) errors.add(new IngestResult.RecordError(line, reason));
        }

        @Override
        public void skip(long line, String why) {
            skipped++;
        }
    }
}
