package org.openueba.api;

import org.openueba.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openueba.directory.DirectoryService;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** {@code POST /api/v1/directory}: import entity attributes (CSV incl. CERT LDAP, JSON, JSON lines). */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/directory")
public class DirectoryResource {
    /** Directory exports are small; 32 MiB is hundreds of thousands of entries. */
    static final long MAX_BYTES = 32L << 20;
    private final DirectoryService directory;

    public DirectoryResource(DirectoryService directory) {
        this.directory = directory;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public DirectoryService.ImportResult importDirectory(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(413, "body-too-large", "Request body too large",
                    "directory imports are limited to " + MAX_BYTES + " bytes");
        }
        return directory.importFrom(new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
    }
}
