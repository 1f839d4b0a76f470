package org.openueba.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;
import org.openueba.store.EventStore;

import java.sql.SQLException;

/**
 * A successful change made through the API or a web form (triage, users, tokens, settings, a password,
 * a directory import — and the audit entries written with them) is on disk before its answer leaves:
 * H2 writes recent commits to its file up to about a second later, so a process killed just after an
 * answer would otherwise lose an acknowledged change ({@link EventStore#makeDurable}: {@code CHECKPOINT
 * SYNC} on H2, nothing on PostgreSQL, whose commits are durable when they return). Event ingestion is
 * left alone: its fsync'd journal makes it durable, and the indexer makes the database durable before
 * it drops journal segments. Runs after the resource method and before the answer is written.
 */
@Provider
public class DurableChanges implements ContainerResponseFilter {
    private static final Logger LOG = Logger.getLogger(DurableChanges.class);
    private final EventStore store;

    public DurableChanges(EventStore store) {
        this.store = store;
    }

    /** Whether an answer to {@code method} on {@code path} with {@code status} acknowledges a stored change. */
    static boolean acknowledgesChange(String method, String path, int status) {
        if (status < 200 || status >= 400) return false;
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) return false;
        String p = path.startsWith("/") ? path : "/" + path;
        return !(p.equals("/api/v1/events") || p.startsWith("/api/v1/events/"));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!acknowledgesChange(request.getMethod(), request.getUriInfo().getPath(), response.getStatus())) return;
        try {
            store.makeDurable();
        } catch (SQLException e) {
            // the change is committed; only its durability against a kill in the next second is in doubt
            LOG.errorf("could not force the change of %s %s to disk: %s", request.getMethod(), request.getUriInfo().getPath(),
                    e.getMessage());
        }
    }
}
