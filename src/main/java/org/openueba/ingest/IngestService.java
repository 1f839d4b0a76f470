package org.openueba.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.api.ProblemException;
import org.openueba.config.UebaConfig;
import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.enrich.RecordNormaliser;
import org.openueba.event.Event;
import org.openueba.event.InvalidRecordException;
import org.openueba.pipeline.Enrichment;
import org.openueba.source.AdapterLimits;
import org.openueba.source.Adapters;
import org.openueba.source.RecordAdapter;
import org.openueba.source.RecordListener;
import org.openueba.source.SourceProfile;
import org.openueba.store.EventLog;

import java.io.IOException;
import java.io.Reader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
     * Ingests everything {@code body} holds for {@code profile}.
     *
     * @throws IOException  when reading the body fails (including the size limit being exceeded);
     *                      nothing is stored then
     * @throws SQLException when the duplicate check fails; nothing is stored then
     */
    public IngestResult ingest(SourceProfile profile, Reader body) throws IOException, SQLException {
        UebaConfig.Ingest limits = config.ingest();
        RecordAdapter adapter = Adapters.create(profile, new AdapterLimits(limits.maxLineLength(), limits.maxFields()));
        Pseudonymiser keyed = enrichment.pseudonymiser();
        GeoEnricher geo = enrichment.geo();
        Instant latest = Instant.now().plus(limits.maxFutureSkew());
        RecordNormaliser normaliser = new RecordNormaliser(profile, keyed, geo, enrichment.globalPseudonymisedFields(),
                limits.maxFields(), latest);
        int maxErrors = limits.maxReportedErrors();
        Tally tally = new Tally(maxErrors, normaliser);
        adapter.read(body, tally);
        EventLog.Appended appended = log.append(tally.accepted, Instant.now());
        Counter[] c = counters(profile.name());
        c[0].increment(tally.accepted.size());
        c[1].increment(tally.rejected);
        c[2].increment(appended.duplicates());
        return new IngestResult(profile.name(), tally.accepted.size(), appended.stored(), appended.duplicates(),
                tally.rejected, tally.skipped, List.copyOf(tally.errors), tally.rejected > tally.errors.size());
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
    private static final class Tally implements RecordListener {
        private final int maxErrors;
        private final RecordNormaliser normaliser;
        private final List<IngestResult.RecordError> errors = new ArrayList<>();
        private final List<Event> accepted = new ArrayList<>();
        private long rejected;
        private long skipped;

        Tally(int maxErrors, RecordNormaliser normaliser) {
            this.maxErrors = maxErrors;
            this.normaliser = normaliser;
        }

        @Override
        public void record(long line, String raw, Event.Builder event) {
            if (raw.indexOf('\uFFFD') >= 0) {
                reject(line, "line is not valid UTF-8");
                return;
            }
            Event e;
            try {
                e = normaliser.normalise(raw, event);
            } catch (InvalidRecordException ex) {
                reject(line, ex.getMessage());
                return;
            }
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
