package org.openueba.ingest;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.openueba.api.EventDto;
import org.openueba.api.EventPage;
import org.openueba.api.ProblemException;
import org.openueba.api.QueryParams;
import org.openueba.config.UebaConfig;
import org.openueba.security.Identities;
import org.openueba.source.SourceProfile;
import org.openueba.store.EventQuery;
import org.openueba.store.EventStore;
import org.openueba.store.StoredEvent;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * {@code POST /api/v1/events?source=NAME} ingests a batch; {@code GET /api/v1/events} reads stored
 * events for evidence. See docs/architecture.md for the batch semantics.
 */
@RolesAllowed(Roles.ANALYST)
@Path("/api/v1/events")
public class EventsResource {
    /** Media types accepted for ingestion (the body's format is the source's, whatever the label). */
    static final Set<String> ACCEPTED_TYPES = Set.of("application/x-ndjson", "application/ndjson", "application/jsonl",
            "application/json", "text/plain", "text/csv", "text/tab-separated-values", "application/octet-stream",
            "application/gzip", "application/x-gzip");

    /** How long a query waits for events acknowledged before it to be indexed. */
    static final java.time.Duration READ_YOUR_WRITES = java.time.Duration.ofSeconds(5);
    private final IngestService ingest;
    private final EventStore store;
    private final org.openueba.store.EventLog log;
    private final UebaConfig config;
    private final SecurityIdentity identity;

    public EventsResource(IngestService ingest, EventStore store, org.openueba.store.EventLog log, UebaConfig config,
                          SecurityIdentity identity) {
        this.ingest = ingest;
        this.store = store;
        this.log = log;
        this.config = config;
        this.identity = identity;
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public IngestResult ingest(@QueryParam("source") String source, @HeaderParam("Content-Type") String contentType,
                               @HeaderParam("Content-Encoding") String contentEncoding,
                               @HeaderParam("Content-Length") String contentLength, InputStream body)
            throws IOException, SQLException {
        SourceProfile profile = ingest.profile(source);
        if (!Identities.maySend(identity, profile.name())) {
            throw new ProblemException(403, "source-not-allowed", "Source not allowed for this token",
                    "this token may not send events of source '" + profile.name() + "'");
        }
        checkMediaType(contentType);
        long limit = config.ingest().maxBodyBytes();
        if (contentLength != null) {
            try {
                if (Long.parseLong(contentLength.trim()) > limit) throw tooLarge(limit);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length is not a number");
            }
        }
        InputStream in = new BufferedInputStream(body == null ? InputStream.nullInputStream() : body, 65_536);
        boolean gzip = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
        if (contentEncoding != null && !gzip && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            throw new ProblemException(415, "unsupported-encoding", "Unsupported content encoding",
                    "Content-Encoding '" + org.openueba.event.Texts.printable(contentEncoding, 40)
                            + "' is not supported; use gzip or identity");
        }
        if (!gzip) {
            in.mark(2);
            int b0 = in.read(), b1 = in.read();
            in.reset();
            gzip = b0 == 0x1f && b1 == 0x8b;
        }
        try {
            InputStream decoded = gzip ? new GZIPInputStream(in, 65_536) : in;
            Reader reader = new InputStreamReader(new LimitedInputStream(decoded, limit),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
            return ingest.ingest(profile, reader);
        } catch (BodyTooLargeException e) {
            throw tooLarge(limit);
        } catch (ZipException | java.io.EOFException e) {
            throw ProblemException.badRequest("the body is not valid gzip: " + e.getMessage()
                    + "; nothing was stored");
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public EventPage query(@QueryParam("entity") String entity, @QueryParam("source") String source,
                           @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor)
            throws SQLException, InterruptedException {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) throw ProblemException.badRequest("limit must be 1..1000, was " + n);
        Instant f = QueryParams.time("from", from);
        Instant t = QueryParams.time("to", to);
        if (f != null && t != null && !f.isBefore(t)) throw ProblemException.badRequest("from must be before to");
        EventPage.Cursor after = cursor == null || cursor.isBlank() ? null : EventPage.Cursor.decode(cursor);
        log.awaitIndexed(READ_YOUR_WRITES);
        List<StoredEvent> rows = store.query(new EventQuery(QueryParams.blankToNull(entity), QueryParams.blankToNull(source), f, t,
                after == null ? null : after.time(), after == null ? null : after.id(), n + 1));
        boolean more = rows.size() > n;
        List<StoredEvent> page = more ? rows.subList(0, n) : rows;
        String next = null;
        if (more) {
            StoredEvent last = page.get(page.size() - 1);
            next = new EventPage.Cursor(last.event().time(), last.event().id()).encode();
        }
        return new EventPage(page.stream().map(EventDto::of).toList(), next);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public EventDto one(@PathParam("id") String id) throws SQLException, InterruptedException {
        log.awaitIndexed(READ_YOUR_WRITES);
        return store.find(id).map(EventDto::of)
                .orElseThrow(() -> ProblemException.notFound("no event with id '" + org.openueba.event.Texts.printable(id, 80) + "'"));
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "body-too-large", "Request body too large",
                "the request body exceeds " + limit + " bytes (ueba.ingest.max-body-bytes, measured after gzip"
                        + " decompression); split the batch. Nothing was stored.");
    }

    private static void checkMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) return; // curl --data-binary without -H: treat as text
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_TYPES.contains(base) && !base.equals("application/x-www-form-urlencoded")) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "Content-Type '" + org.openueba.event.Texts.printable(base, 60) + "' is not accepted; use one of "
                            + ACCEPTED_TYPES.stream().sorted().toList());
        }
    }
}
