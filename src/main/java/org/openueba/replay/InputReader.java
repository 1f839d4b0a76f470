package org.openueba.replay;

import org.openueba.enrich.GeoEnricher;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.enrich.NormalisingListener;
import org.openueba.enrich.RecordNormaliser;
import org.openueba.event.Event;
import org.openueba.source.AdapterLimits;
import org.openueba.source.Adapters;
import org.openueba.source.SourceProfile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads one replay input exactly as live ingestion reads one request body: gzip by its magic bytes,
 * UTF-8 with invalid bytes making the line a rejected record, the source's adapter, then the
 * {@link RecordNormaliser} (source, entity field, limits, GeoIP, pseudonyms, stable id). The whole
 * file is one batch: identical raw records without a native id get occurrence-numbered ids, as they
 * would in one request. Pure Java; an instance per input, safe to run inputs on several threads.
 */
public final class InputReader {
    /**
     * What live ingestion is configured with.
     *
     * @param keyed           the pseudonymiser (keyed by {@code ueba.pseudonymisation.key})
     * @param geo             GeoIP enrichment, null when disabled
     * @param globalFields    {@code ueba.pseudonymisation.fields}
     * @param limits          adapter limits ({@code ueba.ingest.max-line-length}, {@code max-fields})
     * @param latestAllowed   events after this instant are rejected (clock plus {@code ueba.ingest.max-future-skew})
     * @param maxListed       rejected records listed one by one per input; the count is always exact
     */
    public record Settings(Pseudonymiser keyed, GeoEnricher geo, List<String> globalFields, AdapterLimits limits,
                           Instant latestAllowed, int maxListed) {
    }

    /** Receives each listed rejected record of an input (at most {@link Settings#maxListed}). */
    public interface Rejections {
        void rejected(ReplayArguments.Input input, long line, String reason);
    }

    /** Receives each accepted event of an input, in file order, with the line its record starts on. */
    public interface Events {
        void accept(long line, Event event);
    }

    /**
     * One input's counts.
     *
     * @param accepted events handed on (before any duplicate id is dropped)
     * @param rejected records rejected (with line and reason through {@link Rejections}, up to the listing limit)
     * @param skipped  well-formed lines that carry no event (headers, comments)
     */
    public record Counts(long accepted, long rejected, long skipped) {
    }

    /**
     * One input's outcome.
     *
     * @param events   accepted events in file order
     * @param rejected records rejected (with line and reason through {@link Rejections}, up to the listing limit)
     * @param skipped  well-formed lines that carry no event (headers, comments)
     */
    public record Result(ReplayArguments.Input input, List<Event> events, long rejected, long skipped) {
    }

    private InputReader() {
    }

    /** Reads {@code input} with {@code profile} into a list. Rejected records are reported and counted, never thrown. */
    public static Result read(ReplayArguments.Input input, SourceProfile profile, Settings settings, Rejections out)
            throws IOException {
        List<Event> events = new ArrayList<>();
        Counts c = read(input, profile, settings, out, (line, e) -> events.add(e));
        return new Result(input, events, c.rejected(), c.skipped());
    }

    /**
     * Reads {@code input} with {@code profile}, handing each accepted event to {@code sink} as soon as it
     * is read. Rejected records are reported and counted, never thrown; whatever {@code sink} throws
     * ends the reading and propagates.
     */
    public static Counts read(ReplayArguments.Input input, SourceProfile profile, Settings settings, Rejections out,
                              Events sink) throws IOException {
        RecordNormaliser normaliser = new RecordNormaliser(profile, settings.keyed(), settings.geo(),
                settings.globalFields(), settings.limits().maxFields(), settings.latestAllowed());
        Collector c = new Collector(input, normaliser, settings.maxListed(), out, sink);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(input.file()), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            InputStream decoded = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            Reader reader = new InputStreamReader(decoded, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            Adapters.create(profile, settings.limits()).read(reader, c);
        }
        return new Counts(c.accepted, c.rejected, c.skipped);
    }

    private static final class Collector extends NormalisingListener {
        final ReplayArguments.Input input;
        final int maxListed;
        final Rejections out;
        final Events sink;
        long accepted, rejected, skipped;

        Collector(ReplayArguments.Input input, RecordNormaliser normaliser, int maxListed, Rejections out, Events sink) {
            super(normaliser);
            this.input = input;
            this.maxListed = maxListed;
            this.out = out;
            this.sink = sink;
        }

        @Override
        protected void normalised(long line, Event e) {
            accepted++;
            sink.accept(line, e);
        }

        @Override
        public void reject(long line, String reason) {
            if (rejected++ < maxListed) out.rejected(input, line, reason);
        }

        @Override
        public void skip(long line, String why) {
            skipped++;
        }
    }
}
