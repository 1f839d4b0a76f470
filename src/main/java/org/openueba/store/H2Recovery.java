package org.openueba.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The embedded H2 database after a crash: a marker file beside the database says it is in use
 * ({@code <database>.running}); found at start, it means the last run did not stop cleanly, and every
 * table is rebuilt from its committed rows ({@link H2Repair}) before anything else reads or writes
 * (the journal's indexer depends on this bean). At a clean stop, after everything else has stopped,
 * the database is checkpointed and the marker removed. Nothing happens for PostgreSQL or an
 * in-memory H2.
 */
@Startup(1) // before every other start-up bean and observer (they default to 2500)
@ApplicationScoped
public class H2Recovery {
    private static final Logger LOG = Logger.getLogger(H2Recovery.class);
    private static final String FILE_URL = "jdbc:h2:file:";

    private final EventStore store;
    private final Path marker;

    public H2Recovery(EventStore store,
                      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.store = store;
        this.marker = markerOf(url);
        if (marker == null) return; // PostgreSQL or an in-memory H2: nothing survives a crash half-written
        if (!closesAfterShutdown(url)) {
            LOG.warnf("database: the H2 URL lacks ;DB_CLOSE_ON_EXIT=FALSE: H2 then closes itself before the engine's shutdown,"
                    + " so the last model snapshot is lost and every start rebuilds the database as after a crash");
        }
        try {
            if (Files.exists(marker)) {
                LOG.warnf("database: %s is there, so the last run did not stop cleanly; rebuilding every table from its committed rows"
                        + " (H2 can keep half-written transactions after a crash, docs/reliability.md)", marker);
                H2Repair.Result r = H2Repair.repair(url, user.orElse(""), password.orElse(""));
                LOG.warnf("database: rebuilt %d tables, %d rows, in %d ms%s", r.tables(), r.rows(), r.millis(),
                        r.resumed() ? " (finishing a repair a crash had cut off)" : "");
            }
            Files.createDirectories(marker.toAbsolutePath().getParent());
            // forced to the device: a marker lost with the power would skip the repair the crash calls for
            Files.writeString(marker, "in use since " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("database: cannot write " + marker + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("database: the repair after an unclean stop failed: " + e.getMessage(), e);
        }
    }

    /**
     * The marker of an H2 file database: the database's path (as in the URL, before its options) plus
     * {@code .running}; null for other databases.
     */
    static Path markerOf(String url) {
        if (url == null || !url.startsWith(FILE_URL)) return null;
        String rest = url.substring(FILE_URL.length());
        int options = rest.indexOf(';');
        String path = options < 0 ? rest : rest.substring(0, options);
        if (path.startsWith("~/")) path = System.getProperty("user.home") + path.substring(1);
        return Path.of(path + ".running");
    }

    /** Whether the URL keeps H2 open until its last connection closes (not closed by its own exit hook). */
    static boolean closesAfterShutdown(String url) {
        for (String option : url.split(";")) {
            String o = option.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
            if (o.equals("DB_CLOSE_ON_EXIT=FALSE")) return true;
        }
        return false;
    }

    /** Last of the stop observers: the journal's has stopped the indexer and saved the models by now. */
    void onStop(@Observes @Priority(10_000) ShutdownEvent e) {
        if (marker == null) return;
        try {
            store.makeDurable(); // CHECKPOINT SYNC: everything written so far is in the file
            Files.deleteIfExists(marker);
        } catch (SQLException | IOException ex) {
            LOG.warnf("database: could not mark a clean stop (%s); the next start rebuilds the tables", ex.getMessage());
        }
    }
}
