package org.openueba.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.openueba.api.EventDto;
import org.openueba.api.EventPage;
import org.openueba.api.ProblemException;
import org.openueba.directory.DirectoryEntry;
import org.openueba.directory.DirectoryService;
import org.openueba.store.EventLog;
import org.openueba.store.EventQuery;
import org.openueba.store.EventStore;
import org.openueba.store.StoredEvent;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Server-rendered pages for analysts: the overview at {@code /} and one page per entity. Every
 * value shown comes from events and is attacker-controlled; Qute escapes it in these HTML templates.
 */
@Path("/")
public class UiResource {
    private static final int PAGE = 100;
    private final EventStore store;
    private final EventLog log;
    private final DirectoryService directory;

    public UiResource(EventStore store, EventLog log, DirectoryService directory) {
        this.store = store;
        this.log = log;
        this.directory = directory;
    }

    /** One row of the entity list. */
    public record EntityRow(String id, long events, String firstSeen, String lastSeen, DirectoryEntry directory) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<EventStore.EntityActivity> sources, long total, long backlog,
                                             List<EntityRow> entities, long directoryEntries);

        static native TemplateInstance entity(String id, DirectoryEntry directory, List<EventStore.EntityActivity> activity,
                                              List<EventDto> events, String nextCursor);
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
        return Templates.index(sources, total, log.backlog(), rows, directory.count());
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
        return Templates.entity(id, entry, activity, rows.stream().map(EventDto::of).toList(), next);
    }
}
