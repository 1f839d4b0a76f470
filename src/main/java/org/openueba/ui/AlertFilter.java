package org.openueba.ui;

import org.openueba.alert.AlertStore;
import org.openueba.event.InvalidRecordException;
import org.openueba.event.Texts;
import org.openueba.event.Timestamps;
import org.openueba.smart.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert queue's GET form: what the analyst typed, the {@link AlertStore.Query} it means, the
 * problems found in it, and the links that keep it (other pages, the other sort, the NDJSON export).
 *
 * <p>Times are ISO-8601 with or without an offset, a date, or epoch seconds; without an offset they
 * are UTC (the browser's {@code datetime-local} input sends {@code 2026-09-21T10:00}).
 */
public final class AlertFilter {
    static final int PAGE_SIZE = 50;
    static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    final String status, severity, entity, source, from, to, sort;
    final int page;
    final List<String> errors = new ArrayList<>();
    private Severity minSeverity;
    private Instant fromTime, toTime;

    AlertFilter(String status, String severity, String entity, String source, String from, String to, String sort,
                String page) {
        this.status = trim(status);
        this.severity = trim(severity);
        this.entity = trim(entity);
        this.source = trim(source);
        this.from = trim(from);
        this.to = trim(to);
        String s = trim(sort);
        if (s != null && !s.equals("score") && !s.equals("time")) {
            errors.add("sort must be score or time, was '" + Texts.printable(s, 20) + "'");
            s = null;
        }
        this.sort = s == null ? "score" : s;
        this.page = parsePage(trim(page));
        if (this.severity != null) {
            try {
                minSeverity = Severity.parse(this.severity);
            } catch (IllegalArgumentException e) {
                errors.add("minimum severity must be one of low, medium, high, critical");
            }
        }
        fromTime = time("from", this.from);
        toTime = time("to", this.to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) errors.add("'from' must be before 'to'");
    }

    private int parsePage(String p) {
        if (p == null) return 1;
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 1_000_000) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add("page must be a number from 1, was '" + Texts.printable(p, 20) + "'");
        return 1;
    }

    private Instant time(String name, String value) {
        if (value == null) return null;
        try {
            return Timestamps.parse(value);
        } catch (InvalidRecordException e) {
            errors.add("'" + name + "' is not a date or time: '" + Texts.printable(value, 40) + "'");
            return null;
        }
    }

    boolean valid() {
        return errors.isEmpty();
    }

    AlertStore.Query query() {
        return new AlertStore.Query(status, minSeverity, entity, source, fromTime, toTime,
                sort.equals("time") ? AlertStore.Sort.TIME_DESC : AlertStore.Sort.SCORE_DESC,
                (page - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    /** Whether any filter is set (the sort and page are not filters). */
    boolean filtered() {
        return status != null || severity != null || entity != null || source != null || from != null || to != null;
    }

    private Map<String, String> params() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("severity", severity);
        m.put("entity", entity);
        m.put("source", source);
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    /** The queue with these filters, the given sort and page. */
    String queueUrl(String sortBy, int pageNo) {
        Map<String, String> m = params();
        if (!"score".equals(sortBy)) m.put("sort", sortBy);
        if (pageNo > 1) m.put("page", Integer.toString(pageNo));
        return "/ui/alerts" + query(m);
    }

    String pageUrl(int pageNo) {
        return queueUrl(sort, pageNo);
    }

    /** The same filters and order as NDJSON from the alerts API (every page). */
    String exportUrl() {
        return exportUrl("ndjson");
    }

    /** The API export of the same filters as {@code format} (ndjson or csv). */
    String exportUrl(String format) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", format);
        m.putAll(params());
        m.put("sort", sort.equals("time") ? "-time" : "-score");
        return "/api/v1/alerts" + query(m);
    }

    static String query(Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getValue() == null) continue;
            b.append(b.length() == 0 ? '?' : '&').append(e.getKey()).append('=').append(UiExtensions.urlEncode(e.getValue()));
        }
        return b.toString();
    }

    private static String trim(String s) {
        if (s == null) return null;
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    // ---- accessors for the template ---------------------------------------------------------

    public String status() {
        return status == null ? "" : status;
    }

    public String severity() {
        return severity == null ? "" : severity;
    }

    public String entity() {
        return entity == null ? "" : entity;
    }

    public String source() {
        return source == null ? "" : source;
    }

    public String from() {
        return from == null ? "" : from;
    }

    public String to() {
        return to == null ? "" : to;
    }

    public String sort() {
        return sort;
    }

    public List<String> errors() {
        return errors;
    }
}
