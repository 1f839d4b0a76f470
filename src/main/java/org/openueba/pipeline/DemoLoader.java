package org.openueba.pipeline;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;
import org.openueba.demo.DemoOrganisation;
import org.openueba.demo.DemoParameters;
import org.openueba.directory.DirectoryService;
import org.openueba.ingest.IngestResult;
import org.openueba.ingest.IngestService;
import org.openueba.store.EventStore;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the demo organisation (docs/demo.md) at start when {@code ueba.demo.enabled} is set and
 * the event store is empty: generates the files, imports the directory and ingests the files
 * through the ordinary ingestion path, merged in event-time order as live forwarding would deliver
 * them. Runs in the background; readiness reports DOWN until done.
 */
@ApplicationScoped
public class DemoLoader {
    private static final Logger LOG = Logger.getLogger(DemoLoader.class);
    /** Demo file → data source that ingests it. */
    static final List<String[]> FILES = org.openueba.demo.DemoEvents.FILES;
    /** Events per ingest batch when the demo is loaded. */
    static final int BATCH = 20_000;

    private final UebaConfig config;
    private final IngestService ingest;
    private final DirectoryService directory;
    private final EventStore store;
    private final AtomicReference<String> state = new AtomicReference<>("idle");
    private final java.util.Map<String, IngestResult> results = new java.util.concurrent.ConcurrentHashMap<>();

    public DemoLoader(UebaConfig config, IngestService ingest, DirectoryService directory, EventStore store) {
        this.config = config;
        this.ingest = ingest;
        this.directory = directory;
        this.store = store;
    }

    void onStart(@Observes StartupEvent e) {
        if (!config.demo().enabled()) return;
        state.set("loading");
        Thread t = new Thread(this::load, "demo-loader");
        t.setDaemon(true);
        t.start();
    }

    /** Generates (if needed) and loads the demo; safe to call when data exists (does nothing). */
    public void load() {
        try {
            if (store.count() > 0) {
                LOG.info("demo: the event store already holds events; not loading the demo organisation");
                state.set("done");
                return;
            }
            UebaConfig.Demo d = config.demo();
            Path dir = Path.of(d.dir());
            long t0 = System.nanoTime();
            DemoOrganisation.generate(new DemoParameters(d.seed(), d.users(), d.weeks(), DemoParameters.DEFAULT_START), dir);
            try (Reader r = Files.newBufferedReader(dir.resolve("directory.csv"), StandardCharsets.UTF_8)) {
                directory.importFrom(r);
            }
            long total = 0;
            for (IngestResult res : ingestInTimeOrder(dir).values()) total += res.accepted();
            LOG.infof("demo: loaded %d events of %d users from %s in %.1f s (seed %d); open http://localhost:%s",
                    total, d.users(), dir.toAbsolutePath(), (System.nanoTime() - t0) / 1e9, d.seed(),
                    System.getProperty("quarkus.http.port", "8080"));
            state.set("done");
        } catch (Exception ex) {
            LOG.error("demo: loading the demo organisation failed", ex);
            state.set("failed: " + ex.getMessage());
        }
    }

    /**
     * Ingests the demo files the way a SIEM forwards live activity: the three sources merged in
     * event-time order (ties by id) and sent in batches of {@value #BATCH}. Sent file after file, every
     * VPN and device event would arrive weeks late for its entity, and the models and alerts would not
     * be those of live running (nor of the replay command and docs/evaluation.md).
     */
    private Map<String, IngestResult> ingestInTimeOrder(Path dir) throws IOException, SQLException {
        List<IngestService.Parsed> parsed = new ArrayList<>();
        for (String[] f : FILES) {
            try (Reader r = Files.newBufferedReader(dir.resolve(f[0]), StandardCharsets.UTF_8)) {
                IngestService.Parsed p = ingest.parse(ingest.profile(f[1]), r);
                if (p.rejected() > 0) LOG.warnf("demo: %s had %d rejected records: %s", f[0], p.rejected(), p.errors());
                parsed.add(p);
            }
        }
        List<IngestResult> stored = ingest.storeInTimeOrder(parsed, BATCH);
        for (int i = 0; i < FILES.size(); i++) results.put(FILES.get(i)[0], stored.get(i));
        return results;
    }

    /** Loading state: idle, loading, done or failed: REASON. */
    public String state() {
        return state.get();
    }

    /** The ingestion result of each demo file loaded by this process. */
    public java.util.Map<String, IngestResult> results() {
        return java.util.Map.copyOf(results);
    }

    /** Readiness is DOWN while the demo loads or when it failed to load. */
    @Readiness
    @ApplicationScoped
    static class Check implements HealthCheck {
        private final DemoLoader loader;

        Check(DemoLoader loader) {
            this.loader = loader;
        }

        @Override
        public HealthCheckResponse call() {
            String s = loader.state();
            return HealthCheckResponse.named("demo-data").status(s.equals("idle") || s.equals("done"))
                    .withData("state", s).build();
        }
    }
}
