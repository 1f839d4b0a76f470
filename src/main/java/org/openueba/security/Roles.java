package org.openueba.security;

import java.util.List;
import java.util.Set;

/**
 * The engine's three roles (docs/security.md). A user is an {@code admin} or an {@code analyst}; a
 * bearer token is an {@code ingest} or an {@code analyst} token. An admin holds every role, so an
 * endpoint names only the least role it needs.
 */
public final class Roles {
    /** Everything: settings, users, tokens, the audit log, plus what the other two roles may do. */
    public static final String ADMIN = "admin";
    /** Reads alerts, entities and events; triages alerts. */
    public static final String ANALYST = "analyst";
    /** Only ingests events (of the sources its token is limited to). */
    public static final String INGEST = "ingest";

    /** Roles a person can have. */
    public static final List<String> USER_ROLES = List.of(ADMIN, ANALYST);
    /** Roles a bearer token can have (never admin: administration needs a person). */
    public static final List<String> TOKEN_ROLES = List.of(INGEST, ANALYST);

    private Roles() {
    }

    /** The roles an identity with {@code role} holds. */
    public static Set<String> granted(String role) {
        return switch (role) {
            case ADMIN -> Set.of(ADMIN, ANALYST, INGEST);
            case ANALYST -> Set.of(ANALYST);
            case INGEST -> Set.of(INGEST);
            default -> throw new IllegalArgumentException("unknown role '" + role + "'");
        };
    }
}
