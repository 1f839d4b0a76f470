package org.openueba.api;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.openueba.security.Administration;
import org.openueba.security.Caller;
import org.openueba.security.Identities;
import org.openueba.security.Roles;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /api/v1/me}: who the caller is; {@code PUT /api/v1/me/password}: change one's own password. */
@Authenticated
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    private final Caller caller;
    private final Administration admin;

    public MeResource(Caller caller, Administration admin) {
        this.caller = caller;
        this.admin = admin;
    }

    /** @param sources for an ingest token, the sources it may send (empty: all) */
    public record Me(String name, Set<String> roles, String via, List<String> sources) {
    }

    public record PasswordChange(String current, String password) {
    }

    @GET
    public Me me() {
        var identity = caller.identity();
        List<String> sources = identity.getAttribute(Identities.SOURCES);
        return new Me(caller.name(), new TreeSet<>(identity.getRoles()), identity.getAttribute(Identities.VIA),
                sources == null ? List.of() : sources);
    }

    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @PUT
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response password(PasswordChange body) throws SQLException {
        if (body == null) throw ProblemException.badRequest("a JSON body {current, password} is required");
        admin.changeOwnPassword(caller.actor(), body.current(), body.password());
        return Response.noContent().build();
    }
}
