package org.openueba.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.openueba.config.UebaConfig;
import org.openueba.alert.AlertStore;
import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.EntitySummary;
import org.openueba.model.FeatureScore;
import org.openueba.model.ModelConfig;
import org.openueba.model.ModelStateCodec;
import org.openueba.model.ScoredEvent;
import org.openueba.smart.SmartConfig;
import org.openueba.smart.SmartEngine;
import org.openueba.smart.SmartStateCodec;
import org.openueba.smart.WindowAlert;
import org.openueba.store.EventScorer;
import org.openueba.store.EventStore;
import org.openueba.store.SnapshotStore;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the first-layer models inside the journal indexer: every event is scored and learnt in
 * journal order just before it is stored, and its scores are stored with it. The model state is
 * saved to the database every {@code ueba.models.snapshot-every} and at shutdown; at start the last
 * snapshot is restored and the stored events after it are re-applied, which gives exactly the
 * state of an uninterrupted run (the models are deterministic in journal order).
 *
 * <p>With {@code ueba.journal.alerts-ahead} (the default) a second copy of both layers, started from
 * the restored state, scores the journal's tail ahead of indexing ({@link #scoreAhead}) and commits
 * the alerts; the indexing copy then only scores the stored events and keeps the snapshots. Both see
 * the same events in the same order, so they stay equal; an admin's threshold change is applied to
 * the indexing copy at the journal position where the ahead copy took it.
 */
@ApplicationScoped
public class ModelService implements EventScorer {
    private static final Logger LOG = Logger.getLogger(ModelService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventStore store;
    private final SnapshotStore snapshots;
    private final AgroalDataSource dataSource;
    private final UebaConfig config;
    private final ModelConfig modelConfig;
    private final Map<String, ZoneId> sourceZones = new HashMap<>();
    private final ScoredEvent out = new ScoredEvent();
    /** Scores of the current, not yet committed chunk, so that a retried chunk is not learnt twice. */
    private final Map<Long, Score> uncommitted = new LinkedHashMap<>();
    private volatile SmartConfig smartConfig;
    /** Alerts created or updated by the current chunk, by id: written in its transaction. */
    private final Map<String, PendingAlert> pendingAlerts = new LinkedHashMap<>();
    private volatile BehaviourEngine engine;
    private volatile SmartEngine smart;
    private long appliedSeq;
    private long snapshotSeq;
    private long committedSeq;
    private long failures;
    private long lastSnapshotNanos = System.nanoTime();

    /** {@code ueba.journal.alerts-ahead}: a second copy scores ahead of indexing. */
    private final boolean alertsAhead;
    /** Guards the ahead copy's models (null until the first restore) and its position. */
    private final Object aheadLock = new Object();
    private BehaviourEngine aheadEngine;
    private SmartEngine aheadSmart;
    private long aheadApplied;
    private final ScoredEvent aheadOut = new ScoredEvent();
    /**
     * Alerts the ahead copy created or updated and has not committed yet, by id. Only the alert-scorer
     * thread uses it (and restore, before that thread starts), so it is written outside the lock.
     */
    private final Map<String, PendingAlert> aheadPending = new LinkedHashMap<>();
    /** Threshold changes taken by the ahead copy after position {@code afterSeq}, for the indexing copy. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ThresholdChange> thresholdChanges = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private record ThresholdChange(long afterSeq, double threshold) {
    }

    public ModelService(EventStore store, SnapshotStore snapshots, AgroalDataSource dataSource, UebaConfig config) {
        this.store = store;
        this.snapshots = snapshots;
        this.dataSource = dataSource;
        this.config = config;
        config.sources().forEach((name, s) -> {
            try {
                sourceZones.put(name, ZoneId.of(s.timeZone()));
            } catch (DateTimeException e) {
                // rejected with a clear message by the source registry
            }
        });
        this.modelConfig = EngineSettings.models(config);
        this.smartConfig = EngineSettings.smart(config);
        this.engine = new BehaviourEngine(modelConfig, this::indexingZoneOf);
        this.smart = new SmartEngine(smartConfig);
        this.alertsAhead = config.journal().alertsAhead();
    }

    @Override
    public boolean scoresAhead() {
        return alertsAhead;
    }

    /** Snapshot format: the first layer's codec version × 1000 + the second layer's. */
    static final int SNAPSHOT_VERSION = ModelStateCodec.VERSION * 1000 + SmartStateCodec.VERSION;

    private record PendingAlert(WindowAlert alert, long seq) {
    }

    /**
     * Ahead of indexing: the zone the ahead copy gave each entity it created, taken by the indexing copy
     * when it creates the same entity — one directory look-up instead of two, and the same zone in both
     * copies even when the directory changes in between.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, ZoneId> aheadZones = new java.util.concurrent.ConcurrentHashMap<>();

    private ZoneId aheadZoneOf(String entity, String source) {
        ZoneId z = zoneOf(entity, source);
        aheadZones.put(entity, z);
        return z;
    }

    private ZoneId indexingZoneOf(String entity, String source) {
        ZoneId z = aheadZones.remove(entity);
        return z != null ? z : zoneOf(entity, source);
    }

    /** The directory's time zones by entity (only entries that have one), reloaded after each import. */
    private volatile Map<String, ZoneId> directoryZones = Map.of();

    /** An entity's zone: the directory's time zone, else the source's, else UTC. A map look-up, no query. */
    private ZoneId zoneOf(String entity, String source) {
        ZoneId z = directoryZones.get(entity);
        return z != null ? z : sourceZones.getOrDefault(source, ZoneOffset.UTC);
    }

    /** Reads the directory's time zones (at start and after each import's commit). */
    void reloadDirectoryZones() {
        Map<String, ZoneId> zones = new HashMap<>();
        Map<String, ZoneId> parsed = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT id, time_zone FROM entities WHERE time_zone IS NOT NULL");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                String z = rs.getString(2);
                try {
                    zones.put(rs.getString(1), parsed.computeIfAbsent(z, ZoneId::of));
                } catch (DateTimeException e) {
                    LOG.debugf("models: directory time zone '%s' of %s is not usable; the source's zone applies", z, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            LOG.warnf("models: cannot read the directory's time zones (%s); keeping the ones read before", e.getMessage());
            return;
        }
        directoryZones = zones;
    }

    void onDirectoryChanged(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
                            org.openueba.directory.DirectoryChanged e) {
        reloadDirectoryZones();
    }

    @Override
    public synchronized void restore(long indexedSeq) throws Exception {
        reloadDirectoryZones();
        Double stored = OrganisationSettings.storedThreshold(dataSource);
        if (stored != null && stored != smartConfig.threshold()) {
            LOG.infof("models: alert threshold %.1f (set by an admin; configured %.1f)", stored, smartConfig.threshold());
            smartConfig = smartConfig.withThreshold(stored);
        }
        BehaviourEngine e = new BehaviourEngine(modelConfig, this::indexingZoneOf);
        SmartEngine sm = new SmartEngine(smartConfig);
        long from = 0;
        Optional<SnapshotStore.SnapshotInfo> latest = snapshots.latest();
        if (latest.isPresent() && latest.get().seq() <= indexedSeq) {
            if (latest.get().formatVersion() != SNAPSHOT_VERSION) {
                LOG.warnf("models: snapshot %d has format %d, this version reads %d; rebuilding from the stored events",
                        latest.get().id(), latest.get().formatVersion(), SNAPSHOT_VERSION);
            } else {
                try (InputStream in = snapshots.open(latest.get())) {
                    e = ModelStateCodec.read(in, modelConfig, this::indexingZoneOf);
                    sm = SmartStateCodec.read(in, smartConfig);
                    from = latest.get().seq();
                    LOG.infof("models: restored snapshot %d (journal position %d, %d entities)", latest.get().id(), from, e.entityCount());
                } catch (IOException ex) {
                    LOG.warnf("models: snapshot %d cannot be used (%s); rebuilding from the stored events", latest.get().id(), ex.getMessage());
                    e = new BehaviourEngine(modelConfig, this::indexingZoneOf);
                    sm = new SmartEngine(smartConfig);
                    from = 0;
                }
            }
        }
        BehaviourEngine target = e;
        SmartEngine second = sm;
        long[] n = {0};
        ScoredEvent scratch = new ScoredEvent();
        // the alerts of these events were committed with them: only the state is rebuilt here
        store.forEachAfter(from, indexedSeq, s -> {
            target.apply(s.event(), scratch);
            second.accept(s.event(), scratch);
            n[0]++;
        });
        if (n[0] > 0) LOG.infof("models: re-applied %d stored events after position %d", n[0], from);
        engine = target;
        smart = second;
        appliedSeq = indexedSeq;
        committedSeq = indexedSeq;
        snapshotSeq = from;
        uncommitted.clear();
        pendingAlerts.clear();
        thresholdChanges.clear();
        aheadZones.clear();
        if (alertsAhead) {
            // the ahead copy starts from the same state: through the snapshot codec, which restores equal models
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(encode(target, second));
            BehaviourEngine a = ModelStateCodec.read(in, modelConfig, this::aheadZoneOf);
            SmartEngine b = SmartStateCodec.read(in, smartConfig);
            synchronized (aheadLock) {
                aheadEngine = a;
                aheadSmart = b;
                aheadApplied = indexedSeq;
                aheadPending.clear();
            }
        }
    }

    @Override
    public void scoreAhead(List<org.openueba.store.EventJournal.Entry> chunk) throws SQLException {
        // the models under the lock (the entity API reads them); the database write outside it, since H2
        // can keep a writer waiting while it stores the indexer's large transactions
        synchronized (aheadLock) {
            for (org.openueba.store.EventJournal.Entry e : chunk) {
                if (e.seq() <= aheadApplied) continue; // learnt before a failed commit
                aheadApplied = e.seq();
                try {
                    aheadEngine.apply(e.event(), aheadOut);
                    SmartEngine.Outcome o = aheadSmart.accept(e.event(), aheadOut);
                    if (o.alert() != null) aheadPending.put(o.alert().id(), new PendingAlert(o.alert(), e.seq()));
                } catch (RuntimeException ex) {
                    // the indexing copy fails on the same event and stores it unscored (and logs it)
                    LOG.debugf(ex, "alerts: scoring event %s ahead of indexing failed", e.event().id());
                }
            }
        }
        if (aheadPending.isEmpty()) return;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeAlerts(c, aheadPending);
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
        aheadPending.clear();
    }

    private static void writeAlerts(Connection c, Map<String, PendingAlert> alerts) throws SQLException {
        for (PendingAlert p : alerts.values()) AlertStore.upsert(c, p.alert(), p.seq());
    }

    @Override
    public synchronized Score score(long seq, Event event) {
        if (seq <= appliedSeq) {
            return uncommitted.get(seq); // a retried chunk: already learnt (null when it was committed before a restart)
        }
        appliedSeq = seq;
        for (ThresholdChange c; (c = thresholdChanges.peek()) != null && c.afterSeq() < seq; thresholdChanges.poll()) {
            smart.threshold(c.threshold());
        }
        try {
            engine.apply(event, out);
            SmartEngine.Outcome o = smart.accept(event, out);
            if (o.alert() != null && !alertsAhead) pendingAlerts.put(o.alert().id(), new PendingAlert(o.alert(), seq));
        } catch (RuntimeException e) {
            // a model bug must never stop events from being stored: store this one unscored, say so loudly
            failures++;
            if (failures <= 10 || failures % 10_000 == 0) {
                LOG.errorf(e, "models: scoring event %s failed (%d failures so far); it is stored without scores", event.id(), failures);
            }
            return null;
        }
        Score s = new Score((int) Math.round(out.combined()), json(out.features()));
        uncommitted.put(seq, s);
        return s;
    }

    static String json(List<FeatureScore> features) {
        String all = json(features, false);
        return all.length() <= 20_000 ? all : json(features, true); // very long values: keep the scoring features
    }

    private static String json(List<FeatureScore> features, boolean onlyScoring) {
        List<Map<String, Object>> list = new ArrayList<>(features.size());
        for (FeatureScore f : features) {
            if (onlyScoring && f.score() == 0) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", f.feature());
            m.put("value", f.value());
            m.put("score", f.score());
            m.put("reason", f.reason());
            list.add(m);
        }
        try {
            String s = JSON.writeValueAsString(list);
            return s.length() <= 20_000 ? s : "[]";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write feature scores", e);
        }
    }

    @Override
    public synchronized void beforeCommit(Connection connection) throws SQLException {
        writeAlerts(connection, pendingAlerts);
    }

    @Override
    public synchronized void indexed(long indexedSeq) {
        uncommitted.clear();
        pendingAlerts.clear();
        committedSeq = indexedSeq;
        if (System.nanoTime() - lastSnapshotNanos >= config.models().snapshotEvery().toNanos()) snapshot(indexedSeq);
    }

    @Override
    public synchronized void close(long indexedSeq) {
        if (indexedSeq > snapshotSeq) snapshot(indexedSeq);
    }

    /** Saves the models as of {@code indexedSeq} (everything up to it is applied and committed). */
    synchronized void snapshot(long indexedSeq) {
        lastSnapshotNanos = System.nanoTime();
        if (appliedSeq != indexedSeq) return; // cannot happen in journal order; never save a state that does not match
        try {
            long t0 = System.nanoTime();
            long id = snapshots.save(indexedSeq, SNAPSHOT_VERSION, o -> {
                ModelStateCodec.write(engine, o);
                SmartStateCodec.write(smart, o);
            });
            snapshotSeq = indexedSeq;
            LOG.infof("models: snapshot %d saved at journal position %d (%d entities, %d ms)", id, indexedSeq,
                    engine.entityCount(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            LOG.error("models: snapshot failed; the previous snapshot stays in use", e);
        }
    }

    /**
     * For tests: a digest of the indexing copy's state (both layers, snapshot encoding) and, ahead of
     * indexing, of the ahead copy's, when both are at the same journal position; otherwise null.
     */
    public String[] stateDigests() throws IOException {
        synchronized (this) {
            synchronized (aheadLock) {
                if (alertsAhead && aheadEngine != null && aheadApplied != appliedSeq) return null;
                String indexing = digest(engine, smart);
                return alertsAhead && aheadEngine != null ? new String[]{indexing, digest(aheadEngine, aheadSmart)} : new String[]{indexing};
            }
        }
    }

    /** Both layers in the snapshot encoding. */
    private static byte[] encode(BehaviourEngine e, SmartEngine s) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ModelStateCodec.write(e, bytes);
        SmartStateCodec.write(s, bytes);
        return bytes.toByteArray();
    }

    private static String digest(BehaviourEngine e, SmartEngine s) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(encode(e, s)));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The second layer's view of an entity (daily maxima, histogram, curves), or empty. */
    public Optional<SmartEngine.EntityView> smartView(String entity) {
        if (alertsAhead) {
            synchronized (aheadLock) {
                if (aheadSmart != null) return Optional.ofNullable(aheadSmart.view(entity));
            }
        }
        synchronized (this) {
            return Optional.ofNullable(smart.view(entity));
        }
    }

    /** An admin's change of the alert threshold, from the next event on (OrganisationSettings). */
    public synchronized void threshold(double t) {
        smartConfig = smartConfig.withThreshold(t);
        if (alertsAhead) {
            synchronized (aheadLock) {
                if (aheadSmart != null) {
                    aheadSmart.threshold(t);
                    // the indexing copy takes it at the same position (its state records which windows alerted)
                    thresholdChanges.add(new ThresholdChange(aheadApplied, t));
                    return;
                }
            }
        }
        smart.threshold(t);
    }

    /** The second-layer settings in use. */
    public SmartConfig smartConfig() {
        return smartConfig;
    }

    /** The first-layer settings in use. */
    public ModelConfig modelConfig() {
        return modelConfig;
    }

    /** Model summary of an entity, or empty when the models have not seen it. */
    public Optional<EntitySummary> summary(String entity) {
        if (alertsAhead) {
            synchronized (aheadLock) {
                if (aheadEngine != null) return Optional.ofNullable(aheadEngine.summary(entity));
            }
        }
        synchronized (this) {
            return Optional.ofNullable(engine.summary(entity));
        }
    }
}
