package org.openueba.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;

/**
 * The first admin, without any default password. At start, when no user exists:
 * <ol>
 *   <li>with {@code ueba.security.bootstrap-admin-password} set (environment variable
 *       UEBA_BOOTSTRAP_ADMIN_PASSWORD), that admin is created;</li>
 *   <li>otherwise with {@code ueba.security.demo-users} (demo profile only) the demo users are
 *       created with published passwords, and the log says so loudly;</li>
 *   <li>otherwise a one-time setup token is printed to the log: whoever reads the log opens
 *       {@code /setup}, enters it and chooses the admin's name and password. The token lives only in
 *       memory and dies with the first user.</li>
 * </ol>
 */
@ApplicationScoped
public class Bootstrap {
    public static final String DEMO_ADMIN = "admin", DEMO_ADMIN_PASSWORD = "demo-admin-password";
    public static final String DEMO_ANALYST = "analyst", DEMO_ANALYST_PASSWORD = "demo-analyst-password";
    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    private final UserStore users;
    private final Identities identities;
    private final AuditLog audit;
    private final UebaConfig config;
    private volatile String setupToken;
    private volatile boolean demoUsers;

    public Bootstrap(UserStore users, Identities identities, AuditLog audit, UebaConfig config) {
        this.users = users;
        this.identities = identities;
        this.audit = audit;
        this.config = config;
    }

    void onStart(@Observes StartupEvent e) throws SQLException {
        if (!config.security().bootstrap()) return;
        if (users.count() > 0) {
            demoUsers = config.security().demoUsers() && users.find(DEMO_ANALYST).isPresent();
            if (demoUsers) warnDemo();
            return;
        }
        var password = config.security().bootstrapAdminPassword().filter(p -> !p.isEmpty());
        if (password.isPresent()) {
            String problem = Passwords.problem(password.get());
            if (problem != null) throw new IllegalStateException("ueba.security.bootstrap-admin-password: " + problem);
            String name = config.security().bootstrapAdminUser();
            if (!UserStore.USERNAME.matcher(name).matches())
                throw new IllegalStateException("ueba.security.bootstrap-admin-user: letters, digits and . _ @ - only");
            users.create(name, identities.passwords().hash(password.get()), Roles.ADMIN, "bootstrap", Instant.now());
            audit.record("bootstrap", "user-create", name, "success", null, "role=admin (from the bootstrap password)", null);
            LOG.infof("Created the first admin '%s' from ueba.security.bootstrap-admin-password", name);
        } else if (config.security().demoUsers()) {
            users.create(DEMO_ADMIN, identities.passwords().hash(DEMO_ADMIN_PASSWORD), Roles.ADMIN, "demo", Instant.now());
            users.create(DEMO_ANALYST, identities.passwords().hash(DEMO_ANALYST_PASSWORD), Roles.ANALYST, "demo", Instant.now());
            audit.record("bootstrap", "user-create", DEMO_ADMIN + "," + DEMO_ANALYST, "success", null, "demo users", null);
            demoUsers = true;
            warnDemo();
        } else {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            setupToken = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            LOG.warnf("%n"
                    + "==================================================================%n"
                    + " No user exists yet. Create the first admin at /setup with this%n"
                    + " one-time setup token (it is valid until the first user exists):%n%n"
                    + "     %s%n%n"
                    + " Or start with UEBA_BOOTSTRAP_ADMIN_PASSWORD set.%n"
                    + "==================================================================", setupToken);
        }
    }

    private void warnDemo() {
        LOG.warnf("%n"
                + "==================================================================%n"
                + " DEMO USERS ARE ENABLED, with published passwords:%n"
                + "   %s / %s   and   %s / %s%n"
                + " Never expose this installation. Real installations run the prod%n"
                + " profile, which has no demo users.%n"
                + "==================================================================",
                DEMO_ANALYST, DEMO_ANALYST_PASSWORD, DEMO_ADMIN, DEMO_ADMIN_PASSWORD);
    }

    /** Whether the demo users exist (the login page then says so). */
    public boolean demoUsers() {
        return demoUsers;
    }

    /** Whether {@code /setup} is open: a token was printed and still no user exists. */
    public boolean setupOpen() throws SQLException {
        if (setupToken == null) return false;
        if (users.count() > 0) {
            setupToken = null;
            return false;
        }
        return true;
    }

    /** Checks the one-time token in constant time. */
    public boolean setupTokenMatches(String token) {
        String t = setupToken;
        return t != null && token != null
                && MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), token.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the first admin with the setup token; false if someone was faster or the token is wrong. */
    public synchronized boolean completeSetup(String token, String username, String password, String remote)
            throws SQLException {
        if (!setupTokenMatches(token) || users.count() > 0) {
            audit.record(username, "setup", username, "failure", null, "wrong or used setup token", remote);
            return false;
        }
        users.create(username, identities.passwords().hash(password), Roles.ADMIN, "setup", Instant.now());
        setupToken = null;
        audit.record(username, "user-create", username, "success", null, "role=admin (first-run setup)", remote);
        return true;
    }

    /** For tests that drive the setup page: the token the log printed. */
    String setupTokenForTests() {
        return setupToken;
    }
}
