package org.openueba.ui;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import org.openueba.security.Caller;
import org.openueba.security.Roles;
import org.openueba.security.WebProtections;

/**
 * Values every page's frame needs, read from the current request while the page renders: who is
 * logged in (for the header and its logout form) and the form's CSRF token.
 */
@TemplateGlobal
final class UiGlobals {
    private UiGlobals() {
    }

    private static Caller caller() {
        return Arc.container().instance(Caller.class).get();
    }

    /**
     * The logged-in user's name, or null on the public pages and for an identity that holds no role of
     * this engine (the identity provider's at {@code /sso/login}, before the engine's session exists).
     */
    static String sessionUser() {
        Caller c = caller();
        if (c.name() == null) return null;
        for (String role : Roles.USER_ROLES) if (c.identity().hasRole(role)) return c.name();
        return null;
    }

    /** Whether the logged-in user is an admin. */
    static boolean sessionAdmin() {
        Caller c = caller();
        return c.name() != null && c.identity().hasRole(Roles.ADMIN);
    }

    /** The CSRF token for forms on this page (bound to this browser's cookie and this user). */
    static String csrf() {
        var rc = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        return Arc.container().instance(WebProtections.class).get().formToken(rc, caller().name());
    }
}
