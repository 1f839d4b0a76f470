package org.openueba.pipeline;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.api.ProblemException;
import org.openueba.config.UebaConfig;
import org.openueba.security.AuditLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The organisation's sensitivity, tuned by admins at run time: the SMART score an entity window
 * needs to become an alert (default {@code ueba.smart.threshold}). Stored in the {@code settings}
 * table, applied to the running engine at once and at every start, audited with before and after.
 */
@ApplicationScoped
public class OrganisationSettings {
    static final String THRESHOLD = "alert-threshold";
    public static final double MIN_THRESHOLD = 50, MAX_THRESHOLD = 99.9;
    private final AgroalDataSource dataSource;
    private final ModelService models;
    private final AuditLog audit;
    private final UebaConfig config;

    public OrganisationSettings(AgroalDataSource dataSource, ModelService models, AuditLog audit, UebaConfig config) {
        this.dataSource = dataSource;
        this.models = models;
        this.audit = audit;
        this.config = config;
    }

    /** The settings as the API shows them. */
    public record Settings(double threshold, double configuredThreshold, Instant updatedAt, String updatedBy) {
    }

    public Settings get() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT setting, updated_at, updated_by FROM settings WHERE name = ?")) {
            p.setString(1, THRESHOLD);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return new Settings(models.smartConfig().threshold(), config.smart().threshold(), null, null);
                return new Settings(models.smartConfig().threshold(), config.smart().threshold(),
                        r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3));
            }
        }
    }

    /** Sets the alert threshold (50 ≤ t ≤ 99.9); audited; effective for the next event. */
    public synchronized Settings threshold(double t, String actor, String remote) throws SQLException {
        if (Double.isNaN(t) || t < MIN_THRESHOLD || t > MAX_THRESHOLD) {
            throw ProblemException.badRequest("threshold must be " + MIN_THRESHOLD + ".." + MAX_THRESHOLD + ", was " + t);
        }
        double before = models.smartConfig().threshold();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM settings WHERE name = ?")) {
                p.setString(1, THRESHOLD);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO settings (name, setting, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
                p.setString(1, THRESHOLD);
                p.setString(2, Double.toString(t));
                p.setObject(3, Instant.now().atOffset(ZoneOffset.UTC));
                p.setString(4, actor);
                p.executeUpdate();
            }
        }
        models.threshold(t);
        audit.record(actor, "settings-change", THRESHOLD, "success", "threshold=" + before, "threshold=" + t, remote);
        return get();
    }

    /** The threshold an admin stored, or null (read by the model service before it restores). */
    static Double storedThreshold(AgroalDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT setting FROM settings WHERE name = ?")) {
            p.setString(1, THRESHOLD);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Double.valueOf(r.getString(1)) : null;
            }
        }
    }
}
