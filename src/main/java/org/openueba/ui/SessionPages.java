package org.openueba.ui;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.openueba.security.AuditLog;
import org.openueba.security.Bootstrap;
import org.openueba.security.Caller;
import org.openueba.security.Passwords;
import org.openueba.security.SingleSignOn;
import org.openueba.security.UserStore;
import org.openueba.security.WebProtections;

import java.net.URI;
import java.sql.SQLException;

/**
 * The public pages: the login form ({@code /login}, posting to Quarkus' {@code /j_security_check};
 * with single sign-on on, also a link to {@code /sso/login}, see {@link SsoPages}),
 * the first-run setup ({@code /setup}, open only until the first user exists) and logout.
 */
@PermitAll
@Path("/")
public class SessionPages {
    /** Name of the form login's session cookie (quarkus.http.auth.form.cookie-name). */
    static final String SESSION_COOKIE = "ueba-session";
    private final Bootstrap bootstrap;
    private final WebProtections web;
    private final AuditLog audit;
    private final Caller caller;
    private final SingleSignOn sso;

    public SessionPages(Bootstrap bootstrap, WebProtections web, AuditLog audit, Caller caller, SingleSignOn sso) {
        this.bootstrap = bootstrap;
        this.web = web;
        this.audit = audit;
        this.caller = caller;
        this.sso = sso;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean error, boolean demo, boolean setupOpen, boolean created, boolean sso);

        static native TemplateInstance setup(String error, String username);
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public Response login(@QueryParam("error") String error, @QueryParam("created") String created) throws SQLException {
        if (caller.name() != null) return Response.seeOther(URI.create("/ui/alerts")).build();
        return Response.status(error != null ? 401 : 200)
                .entity(Templates.login(error != null, bootstrap.demoUsers(), bootstrap.setupOpen(), created != null,
                        sso.enabled()))
                .type(MediaType.TEXT_HTML).build();
    }

    @Authenticated
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@FormParam(WebProtections.CSRF_FIELD) String csrf) {
        if (!caller.formTokenValid(web, csrf)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("The form has expired: reload the page and try again.").build();
        }
        audit.record(caller.name(), "logout", null, "success", null, null, caller.remote());
        return Response.seeOther(URI.create("/login"))
                .cookie(new NewCookie.Builder(SESSION_COOKIE).value("").path("/").maxAge(0).httpOnly(true).build())
                .build();
    }

    @GET
    @Path("setup")
    @Produces(MediaType.TEXT_HTML)
    public Response setupForm() throws SQLException {
        if (!bootstrap.setupOpen()) return Response.seeOther(URI.create("/login")).build();
        return Response.ok(Templates.setup(null, "admin")).type(MediaType.TEXT_HTML).build();
    }

    @POST
    @Path("setup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response setup(@FormParam("token") String token, @FormParam("username") String username,
                          @FormParam("password") String password, @FormParam("confirm") String confirm,
                          @FormParam(WebProtections.CSRF_FIELD) String csrf) throws SQLException {
        if (!bootstrap.setupOpen()) return Response.seeOther(URI.create("/login")).build();
        if (!caller.formTokenValid(web, csrf)) {
            return Response.status(403).entity(Templates.setup("The form has expired: reload the page and try again.",
                    username)).type(MediaType.TEXT_HTML).build();
        }
        String problem = username == null || !UserStore.USERNAME.matcher(username).matches()
                ? "A user name has 1 to 64 letters, digits or . _ @ -" : Passwords.problem(password);
        if (problem == null && !password.equals(confirm)) problem = "The two passwords differ";
        if (problem == null && !bootstrap.completeSetup(token, username, password, caller.remote())) {
            problem = "That is not the setup token printed in the log";
        }
        if (problem != null) {
            return Response.status(400).entity(Templates.setup(problem, username)).type(MediaType.TEXT_HTML).build();
        }
        return Response.seeOther(URI.create("/login?created")).build();
    }
}
