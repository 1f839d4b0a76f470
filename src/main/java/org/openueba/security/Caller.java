package org.openueba.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who makes the current request and from which address: what the audit log records and the web
 * forms' CSRF check needs. One place instead of every resource reading the identity and the request.
 */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    public Caller(SecurityIdentity identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public SecurityIdentity identity() {
        return identity;
    }

    /** The principal's name (a user name or {@code token:<name>}); null when anonymous. */
    public String name() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** The remote address of the current request, or null. */
    public String remote() {
        return remote(request.getCurrent());
    }

    public Administration.Actor actor() {
        return new Administration.Actor(name(), remote());
    }

    /** Whether a posted form's CSRF token fits this browser and this caller. */
    public boolean formTokenValid(WebProtections web, String token) {
        return web.checkForm(request.getCurrent(), name(), token);
    }

    /** The remote address of {@code rc}, or null. */
    public static String remote(RoutingContext rc) {
        return rc == null || rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
    }
}
