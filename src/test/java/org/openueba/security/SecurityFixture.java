package org.openueba.security;

import io.quarkus.arc.Arc;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * Real credentials in the running test application (users through the store, tokens issued for
 * real): created once per application, since test classes of one profile share it.
 */
final class SecurityFixture {
    static final String ADMIN = "matrix-admin", ANALYST = "matrix-analyst";
    static final String PASSWORD = "matrix-password-0123";
    private static String ingestToken, analystToken, scopedToken;

    private SecurityFixture() {
    }

    static synchronized void ensure() throws Exception {
        UserStore users = Arc.container().instance(UserStore.class).get();
        Identities identities = Arc.container().instance(Identities.class).get();
        if (users.find(ADMIN).isEmpty()) {
            users.create(ADMIN, identities.passwords().hash(PASSWORD), Roles.ADMIN, "test", Instant.now());
            users.create(ANALYST, identities.passwords().hash(PASSWORD), Roles.ANALYST, "test", Instant.now());
        }
        TokenStore tokens = Arc.container().instance(TokenStore.class).get();
        if (ingestToken == null || tokens.findByToken(ingestToken).isEmpty()) {
            ingestToken = tokens.issue("matrix-ingest", Roles.INGEST, List.of(), null, "test", Instant.now()).token();
            analystToken = tokens.issue("matrix-analyst", Roles.ANALYST, List.of(), null, "test", Instant.now()).token();
            scopedToken = tokens.issue("matrix-vpn-only", Roles.INGEST, List.of("vpn"), null, "test", Instant.now()).token();
        }
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static String ingestBearer() {
        return "Bearer " + ingestToken;
    }

    static String analystBearer() {
        return "Bearer " + analystToken;
    }

    static String vpnOnlyBearer() {
        return "Bearer " + scopedToken;
    }
}
