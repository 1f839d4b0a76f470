package org.openueba.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the event path: DOWN while indexing into the database keeps failing. */
@Readiness
@ApplicationScoped
public class JournalHealth implements HealthCheck {
    private final EventLog log;

    public JournalHealth(EventLog log) {
        this.log = log;
    }

    @Override
    public HealthCheckResponse call() {
        String error = log.lastError();
        var b = HealthCheckResponse.named("event-journal").status(error == null)
                .withData("lastSeq", log.lastSeq()).withData("backlog", log.backlog());
        if (error != null) b.withData("indexingError", error);
        return b.build();
    }
}
