package org.openueba.api;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.openueba.alert.AlertStore;
import org.openueba.alert.TriageService;
import org.openueba.security.Caller;
import org.openueba.event.Texts;
import org.openueba.smart.Severity;
import org.openueba.store.EventLog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/alerts} (filters, sort, paging, NDJSON and CSV export) and {@code GET /api/v1/alerts/{id}}.
 * Alerts are written by the pipeline with the events they come from; reads wait (at most 5 s) until
 * events acknowledged before the request are indexed.
 */
@RolesAllowed(Roles.ANALYST)
@Path("/api/v1/alerts")
public class AlertsResource {
    static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);
    static final String NDJSON = "application/x-ndjson";

    private final AlertStore alerts;
    private final EventLog log;
    private final ObjectMapper json;

    private final TriageService triage;
    private final Caller caller;

    public AlertsResource(AlertStore alerts, EventLog log, ObjectMapper json, TriageService triage,
                          Caller caller) {
        this.alerts = alerts;
        this.log = log;
        this.json = json;
        this.triage = triage;
        this.caller = caller;
    }

    static final List<String> CSV_HEADER = List.of("id", "entity", "severity", "score", "smartValue", "windowStart",
            "windowEnd", "crossedAt", "eventCount", "sources", "status", "assignee", "feedback", "indicators", "comment");

    static List<String> csvRow(AlertStore.StoredAlert a) {
        StringBuilder ind = new StringBuilder();
        for (var i : a.indicators()) {
            if (ind.length() > 0) ind.append("; ");
            ind.append(i.feature()).append('=').append(i.value() == null ? "" : i.value());
        }
        return java.util.Arrays.asList(a.id(), a.entity(), a.severity(), String.format(java.util.Locale.ROOT, "%.2f", a.score()),
                String.format(java.util.Locale.ROOT, "%.4f", a.smartValue()), a.windowStart().toString(), a.windowEnd().toString(),
                a.crossedAt().toString(), Integer.toString(a.eventCount()), String.join(",", a.sources()), a.status(),
                a.assignee(), a.feedback(), ind.toString(), a.comment());
    }

    /** One page of alerts and the number matching the filters. */
    public record AlertPage(List<AlertDto> items, long total, int offset, int limit) {
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, NDJSON, "text/csv"})
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
        boolean csv = "csv".equals(format);
        if (format != null && !format.isBlank() && !format.equals("ndjson") && !format.equals("json") && !csv) {
            throw ProblemException.badRequest("format must be json, ndjson or csv, was '" + Texts.printable(format, 20) + "'");
        }
        log.awaitAlerted(READ_YOUR_WRITES);
        AlertStore.Query q = new AlertStore.Query(QueryParams.blankToNull(status), min, QueryParams.blankToNull(entity), QueryParams.blankToNull(source), f, t,
                order, off, n);
        if (csv) {
            return export(q, "text/csv; charset=utf-8", "alerts.csv", SpreadsheetCsv.row(CSV_HEADER),
                    (w, a) -> w.write(SpreadsheetCsv.row(csvRow(a))));
        }
        if (ndjson) {
            return export(q, NDJSON, "alerts.ndjson", "", (w, a) -> {
                w.write(json.writeValueAsString(AlertDto.of(a)));
                w.write('\n');
            });
        }
        AlertStore.Page page = alerts.list(q);
        return Response.ok(new AlertPage(page.items().stream().map(AlertDto::of).toList(), page.total(), off, n),
                MediaType.APPLICATION_JSON).build();
    }

    /** Writes one alert of an export in its format. */
    @FunctionalInterface
    interface RowWriter {
        void write(Writer w, AlertStore.StoredAlert a) throws IOException;
    }

    /**
     * An export download: {@code header}, then each alert matching {@code q} (offset and limit
     * ignored) as {@code row} writes it, streamed in UTF-8 while the alerts are read.
     */
    private Response export(AlertStore.Query q, String mediaType, String fileName, String header, RowWriter row) {
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(header);
            try {
                alerts.forEach(q, a -> {
                    try {
                        row.write(w, a);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (SQLException e) {
                throw new IOException("alert export failed: " + e.getMessage(), e);
            }
            w.flush();
        };
        return Response.ok(body, mediaType).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public AlertDto one(@PathParam("id") String id) throws SQLException, InterruptedException {
        log.awaitAlerted(READ_YOUR_WRITES);
        return alerts.find(id).map(AlertDto::of)
                .orElseThrow(() -> ProblemException.notFound("no alert with id '" + Texts.printable(id, 80) + "'"));
    }

    /**
     * {@code POST /api/v1/alerts/{id}/triage} with {@code {status?, assignee?, comment?, feedback?}}:
     * a missing field is kept, an empty one cleared; answers the alert as it is now.
     */
    @POST
    @Path("/{id}/triage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public AlertDto triage(@PathParam("id") String id, TriageService.Change change) throws SQLException {
        if (change == null) throw ProblemException.badRequest("a JSON body {status?, assignee?, comment?, feedback?} is required");
        return AlertDto.of(triage.triage(id, change, caller.name(), caller.remote()));
    }
}
