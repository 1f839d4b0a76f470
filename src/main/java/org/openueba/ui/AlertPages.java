package org.openueba.ui;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.openueba.alert.AlertStore;
import org.openueba.alert.TriageService;
import org.openueba.security.Caller;
import org.openueba.security.WebProtections;
import org.openueba.api.ProblemException;
import org.openueba.event.Texts;
import org.openueba.pipeline.ModelService;
import org.openueba.store.EventLog;
import org.openueba.store.EventStore;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The analyst's alert pages: the queue at {@code /ui/alerts} (filters as a GET form, sorted by score
 * or time, paged, with the NDJSON export of the same filters) and one page per alert. Entity names,
 * values and reasons come from events and are attacker-controlled: the templates escape them.
 */
@RolesAllowed(Roles.ANALYST)
@Path("/ui/alerts")
public class AlertPages {
    static final Duration READ_YOUR_WRITES = Duration.ofSeconds(5);

    private final AlertStore alerts;
    private final EventStore store;
    private final EventLog log;
    private final ModelService models;

    private final TriageService triage;
    private final WebProtections web;
    private final Caller caller;

    public AlertPages(AlertStore alerts, EventStore store, EventLog log, ModelService models, TriageService triage,
                      WebProtections web, Caller caller) {
        this.alerts = alerts;
        this.store = store;
        this.log = log;
        this.models = models;
        this.triage = triage;
        this.web = web;
        this.caller = caller;
    }

    /**
     * One page of the queue.
     *
     * @param first  1-based position of the first row shown (0 when none)
     * @param prev   link to the previous page, or null
     * @param next   link to the next page, or null
     */
    public record QueuePage(List<AlertViews.Row> rows, long total, long first, long last, int page, long pages,
                            String prev, String next, String firstPage, String byScore, String byTime, String export,
                            String exportCsv, boolean filtered) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(AlertFilter filter, QueuePage result, List<String> sources,
                                             List<String> severities, List<String> statuses);

        static native TemplateInstance alert(AlertViews.Detail alert, List<String> statuses, List<String> feedback,
                                             String error);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response queue(@QueryParam("status") String status, @QueryParam("severity") String severity,
                          @QueryParam("entity") String entity, @QueryParam("source") String source,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("sort") String sort, @QueryParam("page") String page)
            throws SQLException, InterruptedException {
        log.awaitAlerted(READ_YOUR_WRITES);
        AlertFilter f = new AlertFilter(status, severity, entity, source, from, to, sort, page);
        List<String> sources = new java.util.ArrayList<>(store.sources().stream().map(EventStore.EntityActivity::source).toList());
        if (f.source != null && !sources.contains(f.source)) sources.add(f.source);
        List<String> statuses = f.status == null || f.status.equals("new") ? List.of("new") : List.of("new", f.status);
        QueuePage result;
        if (f.valid()) {
            AlertStore.Page p = alerts.list(f.query());
            long pages = Math.max(1, (p.total() + AlertFilter.PAGE_SIZE - 1) / AlertFilter.PAGE_SIZE);
            long firstRow = p.items().isEmpty() ? 0 : (long) (f.page - 1) * AlertFilter.PAGE_SIZE + 1;
            result = new QueuePage(p.items().stream().map(AlertViews::row).toList(), p.total(), firstRow,
                    firstRow == 0 ? 0 : firstRow + p.items().size() - 1, f.page, pages,
                    f.page > 1 ? f.pageUrl(Math.min(f.page - 1, (int) pages)) : null,
                    f.page < pages ? f.pageUrl(f.page + 1) : null, f.pageUrl(1),
                    f.queueUrl("score", 1), f.queueUrl("time", 1), f.exportUrl(), f.exportUrl("csv"), f.filtered());
        } else {
            result = new QueuePage(List.of(), 0, 0, 0, 1, 1, null, null, null, f.queueUrl("score", 1), f.queueUrl("time", 1),
                    null, null, f.filtered());
        }
        return Response.status(f.valid() ? 200 : 400)
                .entity(Templates.queue(f, result, sources, AlertFilter.SEVERITIES, statuses)).type(MediaType.TEXT_HTML).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance alert(@PathParam("id") String id) throws SQLException, InterruptedException {
        log.awaitIndexed(READ_YOUR_WRITES);
        AlertStore.StoredAlert a = alerts.find(id)
                .orElseThrow(() -> ProblemException.notFound("no alert with id '" + Texts.printable(id, 80) + "'"));
        return Templates.alert(AlertViews.detail(a, models.summary(a.entity()).orElse(null)), TriageService.STATUSES,
                TriageService.FEEDBACK, null);
    }

    /** The triage form of the alert page; back to the page (303) when saved, the page with the error otherwise. */
    @POST
    @Path("/{id}/triage")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response triage(@PathParam("id") String id, @FormParam("status") String status,
                           @FormParam("assignee") String assignee, @FormParam("comment") String comment,
                           @FormParam("feedback") String feedback, @FormParam(WebProtections.CSRF_FIELD) String csrf)
            throws SQLException {
        if (!caller.formTokenValid(web, csrf)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN)
                    .entity("The form has expired or did not come from this site: reload the page and try again.").build();
        }
        try {
            triage.triage(id, new TriageService.Change(status, assignee == null ? "" : assignee,
                    comment == null ? "" : comment, feedback == null ? "" : feedback), caller.name(), caller.remote());
        } catch (ProblemException e) {
            if (e.status() == 404) throw e;
            AlertStore.StoredAlert a = alerts.find(id).orElseThrow();
            return Response.status(e.status()).type(MediaType.TEXT_HTML)
                    .entity(Templates.alert(AlertViews.detail(a, models.summary(a.entity()).orElse(null)),
                            TriageService.STATUSES, TriageService.FEEDBACK, e.getMessage())).build();
        }
        return Response.seeOther(java.net.URI.create("/ui/alerts/" + UiExtensions.urlEncode(id))).build();
    }
}
