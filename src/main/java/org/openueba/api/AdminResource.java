package org.openueba.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.openueba.pipeline.OrganisationSettings;
import org.openueba.security.Administration;
import org.openueba.security.AuditLog;
import org.openueba.security.Caller;
import org.openueba.security.Roles;
import org.openueba.security.TokenStore;
import org.openueba.security.UserStore;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Administration over the API (admins only): users ({@code /api/v1/admin/users}), bearer tokens
 * ({@code /api/v1/admin/tokens}; a token's text is in the answer to its creation and nowhere else)
 * the audit log ({@code /api/v1/admin/audit}) and the organisation's sensitivity
 * ({@code /api/v1/admin/settings}). Every change is audited.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final Administration admin;
    private final UserStore users;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Caller caller;
    private final OrganisationSettings settings;

    public AdminResource(Administration admin, UserStore users, TokenStore tokens, AuditLog audit, Caller caller,
                         OrganisationSettings settings) {
        this.settings = settings;
        this.caller = caller;
        this.admin = admin;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
    }

    /**
     * A user as shown (never the hash).
     *
     * @param external whether the user signs in with single sign-on (and has no password here)
     */
    public record UserDto(String username, String role, boolean enabled, Instant createdAt, String createdBy,
                          Instant passwordChangedAt, Instant lastLoginAt, boolean external) {
        static UserDto of(UserStore.User u) {
            return new UserDto(u.username(), u.role(), u.enabled(), u.createdAt(), u.createdBy(), u.passwordChangedAt(),
                    u.lastLoginAt(), u.external());
        }
    }

    public record NewUser(String username, String password, String role) {
    }

    public record UserChange(String role, Boolean enabled, String password) {
    }

    /** A token as listed: never its text. */
    public record TokenDto(String id, String name, String prefix, String role, List<String> sources, String createdBy,
                           Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy,
                           boolean active) {
        static TokenDto of(TokenStore.TokenInfo t) {
            return new TokenDto(t.id(), t.name(), t.prefix(), t.role(), t.sources(), t.createdBy(), t.createdAt(),
                    t.expiresAt(), t.lastUsedAt(), t.revokedAt(), t.revokedBy(), t.activeAt(Instant.now()));
        }
    }

    public record NewToken(String name, String role, List<String> sources, String expiresAt) {
    }

    /** The answer to a token's creation: {@code token} is shown this once. */
    public record IssuedToken(String token, TokenDto info) {
    }

    public record AuditPage(List<AuditLog.Entry> items, int offset, int limit) {
    }

    @GET
    @Path("users")
    public List<UserDto> users() throws SQLException {
        return users.list().stream().map(UserDto::of).toList();
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createUser(NewUser body) throws SQLException {
        if (body == null) throw ProblemException.badRequest("a JSON body {username, password, role} is required");
        return Response.status(201).entity(UserDto.of(admin.createUser(actor(), body.username(), body.password(), body.role())))
                .build();
    }

    @PATCH
    @Path("users/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserDto updateUser(@PathParam("username") String username, UserChange body) throws SQLException {
        if (body == null) throw ProblemException.badRequest("a JSON body {role?, enabled?, password?} is required");
        return UserDto.of(admin.updateUser(actor(), username, body.role(), body.enabled(), body.password()));
    }

    @GET
    @Path("tokens")
    public List<TokenDto> tokens() throws SQLException {
        return tokens.list().stream().map(TokenDto::of).toList();
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issueToken(NewToken body) throws SQLException {
        if (body == null) throw ProblemException.badRequest("a JSON body {name, role, sources?, expiresAt?} is required");
        Instant expires = QueryParams.time("expiresAt", body.expiresAt());
        TokenStore.Issued issued = admin.issueToken(actor(), body.name(), body.role(), body.sources(), expires);
        return Response.status(201).entity(new IssuedToken(issued.token(), TokenDto.of(issued.info()))).build();
    }

    @DELETE
    @Path("tokens/{id}")
    public TokenDto revokeToken(@PathParam("id") String id) throws SQLException {
        return TokenDto.of(admin.revokeToken(actor(), id));
    }

    public record SettingsChange(Double threshold) {
    }

    /** The organisation's sensitivity: the SMART score that makes an alert. */
    @GET
    @Path("settings")
    public OrganisationSettings.Settings settings() throws SQLException {
        return settings.get();
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public OrganisationSettings.Settings changeSettings(SettingsChange body) throws SQLException {
        if (body == null || body.threshold() == null) throw ProblemException.badRequest("a JSON body {threshold} is required");
        Administration.Actor a = actor();
        return settings.threshold(body.threshold(), a.name(), a.remote());
    }

    @GET
    @Path("audit")
    public AuditPage audit(@QueryParam("actor") String actor, @QueryParam("action") String action,
                           @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) throws SQLException {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) throw ProblemException.badRequest("limit must be 1..1000, was " + n);
        int off = offset == null ? 0 : offset;
        if (off < 0) throw ProblemException.badRequest("offset must be >= 0, was " + off);
        return new AuditPage(audit.list(QueryParams.blankToNull(actor), QueryParams.blankToNull(action),
                QueryParams.time("from", from), QueryParams.time("to", to), off, n), off, n);
    }

    private Administration.Actor actor() {
        return caller.actor();
    }
}
