package org.openueba.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.openueba.alert.AlertStore;
import org.openueba.event.Texts;
import org.openueba.smart.Severity;
import org.openueba.store.EventLog;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/alerts} (filters, sort, paging, NDJSON export) and {@code GET /api/v1/alerts/{id}}.
 * Alerts are written by the pipeline with the events they come from; reads wait (at most 5 s) until
 * events acknowledged before the request are indexed.
 */
@Path("/api/v1/alerts")
public class AlertsResource {
    static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);
    static final String NDJSON = "application/x-ndjson";

    private final AlertStore alerts;
    private final EventLog log;
    private final ObjectMapper json;

    public AlertsResource(AlertStore alerts, EventLog log, ObjectMapper json) {
        this.alerts = alerts;
        this.log = log;
        this.json = json;
    }

    /** One page of alerts and the number matching the filters. */
    public record AlertPage(List<AlertDto> items, long total, int offset, int limit) {
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, NDJSON})
    public Response list(@QueryParam("status") String status, @QueryParam("severity") String severity,
                         @QueryParam("entity") String entity, @QueryParam("source") String source,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("sort") String sort,
                         @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit,
                         @QueryParam("format") String format, @HeaderParam("Accept") String accept)
            throws SQLException, InterruptedException {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 1000) throw ProblemException.badRequest("limit must be 1..1000, was " + n);
        int off = offset == null ? 0 : offset;
        if (off < 0) throw ProblemException.badRequest("offset must be >= 0, was " + off);
        Severity min = null;
        if (severity != null && !severity.isBlank()) {
            try {
                min = Severity.parse(severity);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(e.getMessage());
            }
        }
        AlertStore.Sort order;
        try {
            order = AlertStore.Sort.parse(sort == null || sort.isBlank() ? null : sort);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        Instant f = QueryParams.time("from", from), t = QueryParams.time("to", to);
        if (f != null && t != null && !f.isBefore(t)) throw ProblemException.badRequest("from must be before to");
        boolean ndjson = "ndjson".equals(format) || (format == null && accept != null && accept.startsWith(NDJSON));
        if (format != null && !format.isBlank() && !format.equals("ndjson") && !format.equals("json")) {
            throw ProblemException.badRequest("format must be json or ndjson, was '" + Texts.printable(format, 20) + "'");
        }
        log.awaitIndexed(READ_YOUR_WRITES);
        AlertStore.Query q = new AlertStore.Query(QueryParams.blankToNull(status), min, QueryParams.blankToNull(entity), QueryParams.blankToNull(source), f, t,
                order, off, n);
        if (ndjson) {
            StreamingOutput body = out -> {
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                try {
                    alerts.forEach(q, a -> {
                        try {
                            w.write(json.writeValueAsString(AlertDto.of(a)));
                            w.write('\n');
                        } catch (java.io.IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (SQLException e) {
                    throw new java.io.IOException("alert export failed: " + e.getMessage(), e);
                }
                w.flush();
            };
            return Response.ok(body, NDJSON).header("Content-Disposition", "attachment; filename=\"alerts.ndjson\"").build();
        }
        AlertStore.Page page = alerts.list(q);
        return Response.ok(new AlertPage(page.items().stream().map(AlertDto::of).toList(), page.total(), off, n),
                MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public AlertDto one(@PathParam("id") String id) throws SQLException, InterruptedException {
        log.awaitIndexed(READ_YOUR_WRITES);
        return alerts.find(id).map(AlertDto::of)
                .orElseThrow(() -> ProblemException.notFound("no alert with id '" + Texts.printable(id, 80) + "'"));
    }
}
