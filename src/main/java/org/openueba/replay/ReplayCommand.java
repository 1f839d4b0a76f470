package org.openueba.replay;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Singleton;
import org.openueba.Main;
import org.openueba.alert.AlertStore;
import org.openueba.config.UebaConfig;
import org.openueba.directory.DirectoryService;
import org.openueba.ingest.SourceRegistry;
import org.openueba.model.BehaviourEngine;
import org.openueba.pipeline.EngineSettings;
import org.openueba.pipeline.Enrichment;
import org.openueba.source.AdapterLimits;
import org.openueba.smart.WindowAlert;
import org.openueba.source.SourceProfile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code replay} command, run by {@link Main} inside the application booted in command mode, so
 * that it has exactly the server's configuration: the data sources (predefined and
 * {@code ueba.sources.*}), the pseudonymisation key and fields and GeoIP ({@link Enrichment}), the
 * ingestion limits, and the models' and SMART settings ({@link EngineSettings}). It resolves the
 * inputs' sources, optionally imports a directory file, runs the pure {@link ReplayJob}, and with
 * {@code --db} stores the alerts in that database's {@code alerts} table ({@link AlertStore}).
 *
 * <p>Zones: an entity's time zone comes from the directory in the database when it has one (as in
 * the live pipeline), else from the source profile of the entity's first event.
 */
@Singleton
public class ReplayCommand implements QuarkusApplication {
    private final UebaConfig config;
    private final SourceRegistry sources;
    private final Enrichment enrichment;
    private final AgroalDataSource dataSource;
    private final DirectoryService directory;

    public ReplayCommand(UebaConfig config, SourceRegistry sources, Enrichment enrichment, AgroalDataSource dataSource,
                         DirectoryService directory) {
        this.config = config;
        this.sources = sources;
        this.enrichment = enrichment;
        this.dataSource = dataSource;
        this.directory = directory;
    }

    @Override
    public int run(String... args) throws Exception {
        PrintStream err = System.err;
        err.printf(Locale.ROOT, "replay: application started in %d ms (JVM up %d ms)%n", Main.nanosSinceBoot() / 1_000_000,
                ManagementFactory.getRuntimeMXBean().getUptime());
        ReplayArguments a = ReplayArguments.parse(List.of(args));
        Map<String, SourceProfile> profiles = new HashMap<>();
        for (ReplayArguments.Input in : a.inputs()) {
            SourceProfile p = sources.find(in.source()).orElse(null);
            if (p == null) {
                err.println("replay: --input " + in + ": unknown data source '" + in.source() + "'; known sources: "
                        + sources.all().keySet());
                return 2;
            }
            profiles.put(p.name(), p);
        }
        if (a.directory() != null) {
            try (Reader r = Files.newBufferedReader(a.directory(), StandardCharsets.UTF_8)) {
                DirectoryService.ImportResult res = directory.importFrom(r);
                err.printf(Locale.ROOT, "replay: directory %s: %d entries imported, %d lines rejected%n", a.directory(),
                        res.imported(), res.rejected());
                res.errors().forEach(e -> err.println(a.directory() + ":" + e.line() + ": rejected (directory): " + e.reason()));
            }
        }
        UebaConfig.Ingest limits = config.ingest();
        InputReader.Settings settings = new InputReader.Settings(enrichment.pseudonymiser(), enrichment.geo(),
                enrichment.globalPseudonymisedFields(), new AdapterLimits(limits.maxLineLength(), limits.maxFields()),
                Instant.now().plus(limits.maxFutureSkew()), limits.maxReportedErrors());
        try (Connection c = dataSource.getConnection()) {
            ReplayJob.Report report = ReplayJob.run(a.inputs(), a.alertsOut(), profiles, settings,
                    EngineSettings.models(config), EngineSettings.smart(config), zones(c, profiles, err),
                    Runtime.getRuntime().availableProcessors(), err);
            ReplayJob.printSummary(report, err);
            err.println("replay: " + report.scored().alerts().size() + " alerts written to " + a.alertsOut().toAbsolutePath());
            if (a.db() != null) {
                long t = System.nanoTime();
                store(c, report.scored().alerts());
                err.printf(Locale.ROOT, "replay: %d alerts stored in the database (%d ms)%n", report.scored().alerts().size(),
                        (System.nanoTime() - t) / 1_000_000);
            }
        } catch (IOException e) {
            err.println("replay: failed: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /**
     * Upserts the alerts into the {@code alerts} table through {@link AlertStore} in one transaction: a
     * replay into the same database again updates the same rows and keeps their triage fields. A replayed
     * alert has no journal position: its created/updated sequence numbers are 0.
     */
    static void store(Connection c, List<WindowAlert> alerts) throws SQLException {
        c.setAutoCommit(false); // the pool restores auto-commit when the connection is returned
        boolean committed = false;
        try {
            for (WindowAlert w : alerts) AlertStore.upsert(c, w, 0);
            c.commit();
            committed = true;
        } finally {
            if (!committed) c.rollback();
        }
    }

    /**
     * The directory's time zone of an entity, else its source's zone. When the directory holds no time
     * zone at all the database is not asked per entity.
     */
    static BehaviourEngine.ZoneLookup zones(Connection c, Map<String, SourceProfile> profiles, PrintStream err)
            throws SQLException {
        long withZone;
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM entities WHERE time_zone IS NOT NULL");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            withZone = rs.getLong(1);
        }
        err.printf(Locale.ROOT, "replay: %d directory entries with a time zone%n", withZone);
        if (withZone == 0) return (entity, source) -> profiles.get(source).timeZone();
        PreparedStatement lookup = c.prepareStatement("SELECT time_zone FROM entities WHERE id = ?");
        Map<String, ZoneId> parsed = new HashMap<>();
        return (entity, source) -> {
            try {
                lookup.setString(1, entity);
                try (ResultSet rs = lookup.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        String z = rs.getString(1);
                        ZoneId id = parsed.get(z);
                        if (id == null) parsed.put(z, id = ZoneId.of(z));
                        return id;
                    }
                }
            } catch (SQLException | DateTimeException e) {
                // as the live pipeline: an unusable directory zone falls back to the source's
            }
            return profiles.get(source).timeZone();
        };
    }
}
