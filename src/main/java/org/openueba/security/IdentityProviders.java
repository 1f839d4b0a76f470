package org.openueba.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Quarkus identity providers over {@link Identities}; database work runs off the event loop. */
public final class IdentityProviders {
    private IdentityProviders() {
    }

    static String remote(AuthenticationRequest request) {
        String remote = Caller.remote(HttpSecurityUtils.getRoutingContextAttribute(request));
        return remote == null ? "unknown" : remote;
    }

    static String channel(AuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        return rc != null && rc.normalizedPath().endsWith("/j_security_check") ? "form" : "basic";
    }

    /** User name and password: the login form and HTTP Basic. */
    @ApplicationScoped
    public static class Password implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
        private final Identities identities;

        public Password(Identities identities) {
            this.identities = identities;
        }

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                                  AuthenticationRequestContext context) {
            String remote = remote(request), channel = channel(request);
            String password = new String(request.getPassword().getPassword());
            return context.runBlocking(() -> identities.password(request.getUsername(), password, remote, channel));
        }
    }

    /** The user name inside a valid (decrypted, unexpired) session cookie of the form login. */
    @ApplicationScoped
    public static class Session implements IdentityProvider<TrustedAuthenticationRequest> {
        private final Identities identities;

        public Session(Identities identities) {
            this.identities = identities;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> identities.session(request.getPrincipal()));
        }
    }

    /**
     * Bearer tokens of the engine (the {@code Authorization} header). The OIDC extension's ID and
     * access tokens arrive as the same kind of request with credentials of their own classes: those
     * are left to its provider.
     */
    @ApplicationScoped
    public static class Token implements IdentityProvider<TokenAuthenticationRequest> {
        private final Identities identities;

        public Token(Identities identities) {
            this.identities = identities;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            if (request.getToken().getClass() != TokenCredential.class) return Uni.createFrom().nullItem();
            String token = request.getToken().getToken();
            return context.runBlocking(() -> identities.token(token));
        }
    }
}
