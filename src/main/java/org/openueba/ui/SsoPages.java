package org.openueba.ui;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.openueba.security.Caller;
import org.openueba.security.SingleSignOn;

import java.sql.SQLException;
import java.util.Map;

/**
 * {@code /sso/login}: the end of a single sign-on. Only the OIDC authorization-code flow reaches
 * this page (application.properties: its permission names the mechanism {@code code}); by then
 * Quarkus has verified the ID token. The page hands over to the engine's own session and forgets
 * the provider's: see {@link SingleSignOn}.
 * <p>
 * A signed-in person gets a page that moves on to the alert queue (a meta refresh and a link)
 * instead of a redirect: the session cookie is SameSite=Strict, and a browser does not send it on
 * a redirect chain that began at the identity provider, another site; a navigation started by this
 * page is same-site.
 */
@Path("/sso")
public class SsoPages {
    static final String LANDING = "/ui/alerts";
    private final SingleSignOn sso;
    private final Caller caller;
    private final CurrentVertxRequest request;
    private final OidcSession oidcSession;

    public SsoPages(SingleSignOn sso, Caller caller, CurrentVertxRequest request, OidcSession oidcSession) {
        this.sso = sso;
        this.caller = caller;
        this.request = request;
        this.oidcSession = oidcSession;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signedIn(String username, String next);

        static native TemplateInstance refused(String reason);
    }

    @Authenticated
    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response login() throws SQLException {
        if (!sso.enabled()) return Response.status(404).build();
        IdTokenCredential idToken = caller.identity().getCredential(IdTokenCredential.class);
        if (idToken == null) {
            // not the OIDC flow's identity (cannot happen while the permission names the mechanism)
            return Response.status(403).entity(Templates.refused("Single sign-on did not take place.")).build();
        }
        Map<String, Object> claims = SingleSignOn.claims(idToken.getToken());
        SingleSignOn.Outcome outcome = sso.signIn(claims, caller.remote());
        // the engine's session replaces the provider's (refused: a new try starts at the provider)
        oidcSession.logout().await().indefinitely();
        if (!outcome.signedIn()) {
            return Response.status(403).entity(Templates.refused(outcome.refusal())).build();
        }
        sso.startSession(request.getCurrent(), outcome.username());
        return Response.ok(Templates.signedIn(outcome.username(), LANDING)).build();
    }
}
