package org.openueba.alert;

import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.api.ProblemException;
import org.openueba.event.Texts;
import org.openueba.security.AuditLog;

import java.sql.SQLException;
import java.util.List;

/**
 * An analyst's triage of an alert: status (new → investigating → closed, any order), assignee,
 * comment and feedback ({@code risk}: a real risk; {@code not_a_risk}: a false or benign alert,
 * which then no longer counts in the entity's risk score). Each change is audited with the fields
 * before and after.
 */
@ApplicationScoped
public class TriageService {
    public static final List<String> STATUSES = List.of("new", "investigating", "closed");
    public static final List<String> FEEDBACK = List.of("risk", "not_a_risk");
    static final int MAX_COMMENT = 4000;
    static final int MAX_ASSIGNEE = 200;
    private final AlertStore alerts;
    private final AuditLog audit;

    public TriageService(AlertStore alerts, AuditLog audit) {
        this.alerts = alerts;
        this.audit = audit;
    }

    /** A triage change; a null field is left as it is, an empty one is cleared. */
    public record Change(String status, String assignee, String comment, String feedback) {
    }

    public AlertStore.StoredAlert triage(String id, Change change, String actor, String remote) throws SQLException {
        AlertStore.StoredAlert before = alerts.find(id)
                .orElseThrow(() -> ProblemException.notFound("no alert with id '" + Texts.printable(id, 80) + "'"));
        String status = change.status() == null ? before.status() : change.status().strip();
        if (!STATUSES.contains(status)) throw ProblemException.badRequest("status must be one of " + STATUSES);
        String feedback = change.feedback() == null ? before.feedback() : emptyToNull(change.feedback());
        if (feedback != null && !FEEDBACK.contains(feedback))
            throw ProblemException.badRequest("feedback must be one of " + FEEDBACK + " or empty");
        String assignee = change.assignee() == null ? before.assignee() : emptyToNull(change.assignee());
        if (assignee != null && assignee.length() > MAX_ASSIGNEE)
            throw ProblemException.badRequest("assignee: at most " + MAX_ASSIGNEE + " characters");
        String comment = change.comment() == null ? before.comment() : emptyToNull(change.comment());
        if (comment != null && comment.length() > MAX_COMMENT)
            throw ProblemException.badRequest("comment: at most " + MAX_COMMENT + " characters");
        alerts.triage(id, status, assignee, comment, feedback);
        AlertStore.StoredAlert after = alerts.find(id).orElseThrow();
        audit.record(actor, feedback != null && !feedback.equals(before.feedback()) ? "alert-feedback" : "alert-triage", id,
                "success", describe(before), describe(after), remote);
        return after;
    }

    private static String emptyToNull(String s) {
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static String describe(AlertStore.StoredAlert a) {
        return "status=" + a.status() + " assignee=" + a.assignee() + " feedback=" + a.feedback() + " comment="
                + (a.comment() == null ? "null" : Texts.printable(a.comment(), 300));
    }
}
