package org.openueba.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * Maps every failure to RFC 9457 problem+json. Client errors keep their status; anything
 * unexpected becomes a 500 whose detail carries only an incident id (the cause is logged with
 * that id, never sent to the client).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), "/problems/" + e.type(), e.title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, uri);
        }
        Response.Status s = Response.Status.fromStatusCode(status);
        String title = s == null ? "HTTP " + status : s.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            case 415 -> "unsupported media type";
            default -> title;
        };
        return respond(status, "about:blank", title, detail, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        return internal(e, uri);
    }

    private static Response internal(Exception e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "incident %s: unexpected failure on %s", incident, uri == null ? "?" : uri.getPath());
        return respond(500, "/problems/internal", "Internal error",
                "the request failed unexpectedly; incident " + incident + " is logged", uri);
    }

    static Response respond(int status, String type, String title, String detail, UriInfo uri) {
        Problem p = new Problem(type, title, status, detail, uri == null ? null : uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
