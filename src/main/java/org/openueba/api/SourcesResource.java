package org.openueba.api;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openueba.ingest.SourceRegistry;

import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/sources}: the configured data-source profiles. */
@RolesAllowed({Roles.ANALYST, Roles.INGEST})
@Path("/api/v1/sources")
public class SourcesResource {
    private final SourceRegistry registry;

    public SourcesResource(SourceRegistry registry) {
        this.registry = registry;
    }

    /** A profile as shown to clients. */
    public record SourceView(String name, String adapter, String entityField, String timeZone,
                             Map<String, String> mapping, Map<String, String> options, List<String> pseudonymise) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<SourceView> list() {
        return registry.all().values().stream()
                .map(p -> new SourceView(p.name(), p.adapter(), p.entityField(), p.timeZone().getId(), p.mapping(),
                        p.options(), p.pseudonymise()))
                .toList();
    }
}
