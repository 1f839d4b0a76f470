package org.openueba.api;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openueba.directory.DirectoryEntry;
import org.openueba.directory.DirectoryService;
import org.openueba.store.EventStore;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/entities/{id}}: directory attributes and stored activity of one entity. */
@RolesAllowed(Roles.ANALYST)
@Path("/api/v1/entities")
public class EntitiesResource {
    private final DirectoryService directory;
    private final EventStore store;
    private final org.openueba.store.EventLog log;
    private final org.openueba.pipeline.ModelService models;

    private final org.openueba.alert.AlertStore alerts;

    public EntitiesResource(DirectoryService directory, EventStore store, org.openueba.store.EventLog log,
                            org.openueba.pipeline.ModelService models, org.openueba.alert.AlertStore alerts) {
        this.directory = directory;
        this.alerts = alerts;
        this.models = models;
        this.store = store;
        this.log = log;
    }

    /**
     * The entity view: directory, stored activity, first-layer model summaries, the risk score, and
     * the second layer (SMART daily maxima, histogram, user / organisation / blended curves).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntityView(String id, Directory directory, List<EventStore.EntityActivity> activity,
                             org.openueba.model.EntitySummary models, Risk risk,
                             org.openueba.smart.SmartEngine.EntityView smart) {
    }

    /**
     * Entity risk: 20/15/10/5 points per critical/high/medium/low alert over the 90 days before
     * {@code at} (the entity's latest event), the same a week earlier, and the difference (the trend).
     */
    public record Risk(int score, int weekAgo, int trend, Instant at) {
    }

    /** Directory attributes as the API shows them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Directory(String displayName, String email, String department, String role, String supervisor,
                            String timeZone, String businessUnit, String functionalUnit, String team) {
        static Directory of(DirectoryEntry e) {
            return new Directory(e.displayName, e.email, e.department, e.role, e.supervisor, e.timeZone,
                    e.businessUnit, e.functionalUnit, e.team);
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public EntityView entity(@PathParam("id") String id) throws SQLException, InterruptedException {
        log.awaitIndexed(java.time.Duration.ofSeconds(5));
        var entry = directory.find(id);
        var activity = store.activity(id);
        if (entry.isEmpty() && activity.isEmpty()) {
            throw ProblemException.notFound("no entity '" + org.openueba.event.Texts.printable(id, 80)
                    + "' in the directory or the events");
        }
        // at the entity's latest event, not the wall clock: event time drives the engine (a replay of last
        // year shows the risk the entity had then), and the entity page shows the same figure
        Instant at = activity.stream().map(EventStore.EntityActivity::lastSeen).max(Instant::compareTo).orElse(null);
        Risk risk = null;
        if (at != null) {
            int now = alerts.risk(id, at), before = alerts.risk(id, at.minus(java.time.Duration.ofDays(7)));
            risk = new Risk(now, before, now - before, at);
        }
        return new EntityView(id, entry.map(Directory::of).orElse(null), activity, models.summary(id).orElse(null),
                risk, models.smartView(id).orElse(null));
    }
}
