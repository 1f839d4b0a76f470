package org.openueba.ui;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.openueba.alert.AlertStore;
import org.openueba.api.EventDto;
import org.openueba.api.EventPage;
import org.openueba.api.ProblemException;
import org.openueba.directory.DirectoryEntry;
import org.openueba.directory.DirectoryService;
import org.openueba.model.EntitySummary;
import org.openueba.pipeline.ModelService;
import org.openueba.smart.SmartEngine;
import org.openueba.store.EventLog;
import org.openueba.store.EventQuery;
import org.openueba.store.EventStore;
import org.openueba.store.StoredEvent;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server-rendered pages for analysts: the overview at {@code /} and one page per entity (its risk,
 * alerts, second-layer charts and events). Every value shown comes from events and is
 * attacker-controlled; Qute escapes it in these HTML templates, and the charts hold only numbers.
 */
@RolesAllowed(Roles.ANALYST)
@Path("/")
public class UiResource {
    private static final int PAGE = 100;
    /** Alerts listed on an entity page (the queue filtered by entity has them all). */
    static final int ENTITY_ALERTS = 20;
    /** Alerts listed on the overview. */
    static final int OVERVIEW_ALERTS = 5;
    /** Weekly points of the risk trend. */
    static final int RISK_WEEKS = 12;
    private final EventStore store;
    private final EventLog log;
    private final DirectoryService directory;
    private final AlertStore alerts;
    private final ModelService models;

    public UiResource(EventStore store, EventLog log, DirectoryService directory, AlertStore alerts, ModelService models) {
        this.store = store;
        this.log = log;
        this.directory = directory;
        this.alerts = alerts;
        this.models = models;
    }

    /** One row of the entity list. */
    public record EntityRow(String id, long events, String firstSeen, String lastSeen, DirectoryEntry directory) {
    }

    /** The alerts on the overview: how many, how many are new, and the highest-scoring new ones. */
    public record AlertSummary(long total, long open, List<AlertViews.Row> top) {
    }

    /**
     * The entity's risk score (engine.md §3.6) at its latest event, a week before, and weekly before that.
     *
     * @param trend the change over the week in words ("+10 over the last week")
     */
    public record RiskView(int score, int weekAgo, String trend, String at, SvgChart.View chart) {
    }

    /** The entity's alerts, newest first, and how many there are in all. */
    public record EntityAlerts(List<AlertViews.Row> rows, long total, String queueUrl) {
    }

    /** The second layer's model of the entity, with its charts. */
    public record SmartSection(int days, int k, String sum, String max, String prior, int priorLeftOut, String priorWithAll,
                               String today, String threshold, SvgChart.View maxima, SvgChart.View histogram, SvgChart.View curves) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<EventStore.EntityActivity> sources, long total, long backlog,
                                             List<EntityRow> entities, long directoryEntries, AlertSummary alerts);

        static native TemplateInstance entity(String id, DirectoryEntry directory, List<EventStore.EntityActivity> activity,
                                              List<EventDto> events, String nextCursor, RiskView risk,
                                              EntityAlerts alerts, SmartSection smart, EntitySummary summary);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() throws SQLException, InterruptedException {
        log.awaitIndexed(Duration.ofSeconds(2));
        List<EventStore.EntityActivity> sources = store.sources();
        long total = sources.stream().mapToLong(EventStore.EntityActivity::events).sum();
        List<EventStore.EntityCount> busiest = store.busiestEntities(200);
        Map<String, DirectoryEntry> dir = directory.findAll(busiest.stream().map(EventStore.EntityCount::entity).toList());
        List<EntityRow> rows = busiest.stream().map(c -> new EntityRow(c.entity(), c.events(), c.firstSeen().toString(),
                c.lastSeen().toString(), dir.get(c.entity()))).toList();
        AlertStore.Page open = alerts.list(new AlertStore.Query("new", null, null, null, null, null,
                AlertStore.Sort.SCORE_DESC, 0, OVERVIEW_ALERTS));
        long all = alerts.list(new AlertStore.Query(null, null, null, null, null, null, AlertStore.Sort.SCORE_DESC, 0, 1)).total();
        AlertSummary summary = new AlertSummary(all, open.total(), open.items().stream().map(AlertViews::row).toList());
        return Templates.index(sources, total, log.backlog(), rows, directory.count(), summary);
    }

    @GET
    @Path("ui/entities/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance entity(@PathParam("id") String id, @QueryParam("cursor") String cursor)
            throws SQLException, InterruptedException {
        log.awaitIndexed(Duration.ofSeconds(2));
        List<EventStore.EntityActivity> activity = store.activity(id);
        DirectoryEntry entry = directory.find(id).orElse(null);
        if (activity.isEmpty() && entry == null) throw ProblemException.notFound("no entity with that id");
        EventPage.Cursor after = cursor == null || cursor.isBlank() ? null : EventPage.Cursor.decode(cursor);
        List<StoredEvent> rows = store.query(new EventQuery(id, null, null, null, after == null ? null : after.time(),
                after == null ? null : after.id(), PAGE + 1, true));
        String next = null;
        if (rows.size() > PAGE) {
            rows = rows.subList(0, PAGE);
            StoredEvent last = rows.get(PAGE - 1);
            next = new EventPage.Cursor(last.event().time(), last.event().id()).encode();
        }
        Instant last = activity.stream().map(EventStore.EntityActivity::lastSeen).max(Instant::compareTo).orElse(null);
        AlertStore.Page page = alerts.list(new AlertStore.Query(null, null, id, null, null, null, AlertStore.Sort.TIME_DESC,
                0, ENTITY_ALERTS));
        EntityAlerts entityAlerts = new EntityAlerts(page.items().stream().map(AlertViews::row).toList(), page.total(),
                "/ui/alerts?entity=" + UiExtensions.urlEncode(id) + "&sort=time");
        SmartSection smart = models.smartView(id).map(v -> smart(v, last)).orElse(null);
        return Templates.entity(id, entry, activity, rows.stream().map(EventDto::of).toList(), next, risk(id, last),
                entityAlerts, smart, models.summary(id).orElse(null));
    }

    /**
     * Risk at the entity's latest event rather than at the wall clock: event time drives the engine, so
     * a replay of last year shows the risk the entity had then. Null for an entity without events.
     */
    private RiskView risk(String id, Instant at) throws SQLException {
        if (at == null) return null;
        List<EntityCharts.RiskPoint> points = new ArrayList<>();
        for (int w = RISK_WEEKS; w >= 0; w--) {
            Instant t = at.minus(Duration.ofDays(7L * w));
            points.add(new EntityCharts.RiskPoint(t, alerts.risk(id, t)));
        }
        int now = points.get(RISK_WEEKS).score(), before = points.get(RISK_WEEKS - 1).score();
        int d = now - before;
        String trend = d == 0 ? "unchanged over the last week" : (d > 0 ? "+" : "") + d + " over the last week";
        return new RiskView(now, before, trend, AlertViews.time(at), EntityCharts.risk(points));
    }

    private SmartSection smart(SmartEngine.EntityView v, Instant last) {
        LocalDate lastDay = last == null ? LocalDate.of(1970, 1, 1) : LocalDate.ofInstant(last, ZoneOffset.UTC);
        double threshold = models.smartConfig().threshold();
        return new SmartSection(v.days(), v.k(), FeatureWords.number(v.sum(), 3), FeatureWords.number(v.max(), 3),
                FeatureWords.number(v.prior(), 3), v.priorLeftOut(), FeatureWords.number(v.priorWithAll(), 3),
                FeatureWords.number(v.today(), 3), FeatureWords.number(threshold, 1),
                EntityCharts.dailyMaxima(v, lastDay), EntityCharts.histogram(v), EntityCharts.curves(v, threshold));
    }
}
