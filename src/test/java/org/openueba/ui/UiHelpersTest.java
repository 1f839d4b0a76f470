package org.openueba.ui;

import org.junit.jupiter.api.Test;
import org.openueba.alert.AlertStore;
import org.openueba.model.EntitySummary;
import org.openueba.smart.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages' plain helpers: the queue's form, feature names in words, percentiles, chart geometry. */
class UiHelpersTest {

    @Test
    void filterBuildsTheQueryAndKeepsItInPagingAndExportLinks() {
        AlertFilter f = new AlertFilter(" new ", "HIGH", "a b&c", "vpn", "2026-09-21T10:00", "2026-09-22", "time", "3");
        assertTrue(f.valid(), f.errors.toString());
        AlertStore.Query q = f.query();
        assertEquals("new", q.status());
        assertEquals(Severity.HIGH, q.minSeverity());
        assertEquals("a b&c", q.entity());
        assertEquals(Instant.parse("2026-09-21T10:00:00Z"), q.from());
        assertEquals(Instant.parse("2026-09-22T00:00:00Z"), q.to());
        assertEquals(AlertStore.Sort.TIME_DESC, q.sort());
        assertEquals(100, q.offset());
        assertEquals(AlertFilter.PAGE_SIZE, q.limit());
        assertEquals("/ui/alerts?status=new&severity=HIGH&entity=a%20b%26c&source=vpn&from=2026-09-21T10%3A00&to=2026-09-22"
                + "&sort=time&page=4", f.pageUrl(4));
        assertEquals("/ui/alerts?status=new&severity=HIGH&entity=a%20b%26c&source=vpn&from=2026-09-21T10%3A00&to=2026-09-22",
                f.queueUrl("score", 1));
        assertEquals("/api/v1/alerts?format=ndjson&status=new&severity=HIGH&entity=a%20b%26c&source=vpn"
                + "&from=2026-09-21T10%3A00&to=2026-09-22&sort=-time", f.exportUrl());
        assertTrue(f.filtered());
    }

    @Test
    void emptyFormIsTheWholeQueueByScore() {
        AlertFilter f = new AlertFilter(null, "", " ", null, null, null, null, null);
        assertTrue(f.valid());
        assertFalse(f.filtered());
        assertEquals(AlertStore.Sort.SCORE_DESC, f.query().sort());
        assertEquals(0, f.query().offset());
        assertEquals("/ui/alerts", f.pageUrl(1));
        assertEquals("/api/v1/alerts?format=ndjson&sort=-score", f.exportUrl());
    }

    @Test
    void badInputIsListedNotThrown() {
        AlertFilter f = new AlertFilter(null, "extreme", null, null, "yesterday", "2026-01-01", "random", "0");
        assertEquals(4, f.errors.size(), f.errors.toString());
        AlertFilter reversed = new AlertFilter(null, null, null, null, "2026-02-01", "2026-01-01", null, null);
        assertEquals(List.of("'from' must be before 'to'"), reversed.errors);
    }

    @Test
    void featureNamesInWords() {
        assertEquals("Unusual destination host (json)", FeatureWords.headline("json.dst_host"));
        assertEquals("number of failures in one hour (vpn)", FeatureWords.label("vpn.failures.hour"));
        assertEquals("number of distinct destination hosts in one day (cert-logon)", FeatureWords.label("cert-logon.dst_hosts.day"));
        assertEquals("time of day", FeatureWords.label("time_of_day"));
        assertEquals("Unusual travel between locations", FeatureWords.headline("travel"));
        assertEquals("something.new", FeatureWords.label("something.new"));
        assertNull(FeatureWords.source("time_of_day"));
        assertEquals("97 %", FeatureWords.percent(0.97));
        assertEquals("99.5 %", FeatureWords.percent(0.995));
        assertEquals("100 %", FeatureWords.percent(0.99999));
        assertEquals("0.42", FeatureWords.number(0.4200, 3));
        assertEquals("3", FeatureWords.number(3.0, 2));
        assertEquals("ab…", FeatureWords.shorten("abcdef", 3));
    }

    @Test
    void percentileSentence() {
        assertEquals("This window's SMART value is as high as or higher than 97 % of this entity's days and 99.5 % of the "
                + "organisation (each entity's highest day in the last 30 days).", AlertViews.percentiles(0.97, 0.995));
        assertTrue(AlertViews.percentiles(null, 0.5).contains("(no history of this entity yet)"));
        assertEquals("No history yet to compare this window with.", AlertViews.percentiles(null, null));
    }

    @Test
    void usualValuesComeFromTheModelSummary() {
        EntitySummary s = new EntitySummary("u", "Europe/Berlin", 20, new int[24], "08:00–17:00",
                List.of(new EntitySummary.FeatureValues("json.dst_host", 20,
                        List.of(new EntitySummary.ValueDays("PC-1", 20), new EntitySummary.ValueDays("PC-2", 3)))),
                List.of(new EntitySummary.CountStatistics("json.failures.hour", 20, 1.25, 4)), new double[24], "09:00–17:00");
        List<String> out = new ArrayList<>();
        assertEquals("Usual values (model now)", AlertViews.usual("json.dst_host", s, out));
        assertEquals(List.of("PC-1 — on 20 of 20 days", "PC-2 — on 3 of 20 days"), out);
        out.clear();
        assertEquals("Usual hours (model now)", AlertViews.usual("time_of_day", s, out));
        assertEquals(List.of("08:00–17:00 (time zone Europe/Berlin, 20 days of history)"), out);
        out.clear();
        assertEquals("Usual hours of logons to others' workstations (model now)", AlertViews.usual("visit_time", s, out));
        assertEquals(List.of("09:00–17:00 (time zone Europe/Berlin)"), out);
        out.clear();
        assertEquals("Usually (model now)", AlertViews.usual("json.failures.hour", s, out));
        assertEquals(List.of("on average 1.3 per busiest hour of a day, at most 4 (20 days of history)"), out);
        out.clear();
        assertNull(AlertViews.usual("vpn.country", s, out));
        assertNull(AlertViews.usual("json.dst_host", null, out));
        assertTrue(out.isEmpty());
    }

    @Test
    void windowsInOneLine() {
        AlertStore.StoredAlert hour = alert(null, "hour", "2026-09-21T10:00:00Z", "2026-09-21T11:00:00Z", 61);
        assertEquals("2026-09-21 10:00–11:00 UTC (hour)", AlertViews.window(hour));
        AlertStore.StoredAlert day = alert(null, "day", "2026-09-20T22:00:00Z", "2026-09-21T22:00:00Z", 3);
        assertEquals("2026-09-20 22:00–2026-09-21 22:00 UTC (day)", AlertViews.window(day));
        AlertStore.StoredAlert group = alert("key-1/events:25/7", "events:25", "2026-09-21T10:00:05Z", "2026-09-21T10:04:59Z", 25);
        assertEquals("25 events, 2026-09-21 10:00 – 2026-09-21 10:04 UTC (events:25)", AlertViews.window(group));
        AlertViews.Detail d = AlertViews.detail(group, null);
        assertEquals("key-1/events:25/7", d.groupId());
        assertEquals("first-1", d.firstEventId());
        assertEquals("last-1", d.lastEventId());
        assertEquals("98.0", d.score());
        // the window's events: up to and including the last event of the group
        assertEquals("/api/v1/events?entity=u%201&from=2026-09-21T10%3A00%3A05Z&to=2026-09-21T10%3A04%3A59.001Z&limit=1000",
                d.eventsUrl());
    }

    private static AlertStore.StoredAlert alert(String group, String window, String start, String end, int events) {
        return new AlertStore.StoredAlert("id-1", "u 1", window, group, Instant.parse(start), Instant.parse(end), "first-1",
                "last-1", events, List.of("json"), 1.5, 98, "high", List.of(), 0.97, 0.995, Instant.parse(start),
                Instant.parse(end), 1, 2, "new", null, null, null);
    }

    @Test
    void chartMapsDataToTheViewBox() {
        SvgChart c = new SvgChart("t", 0, 10, 0, 100);
        assertEquals(SvgChart.LEFT, c.px(0), 1e-9);
        assertEquals(SvgChart.WIDTH - SvgChart.RIGHT, c.px(10), 1e-9);
        assertEquals(SvgChart.HEIGHT - SvgChart.BOTTOM, c.py(0), 1e-9);
        assertEquals(SvgChart.TOP, c.py(100), 1e-9);
        assertEquals(SvgChart.TOP, c.py(250), 1e-9, "clamped");
        c.line("l", "n", new double[]{0, 5, Double.NaN, 10}, new double[]{0, 50, 1, 100});
        assertEquals("46.0,190.0 336.0,101.0 626.0,12.0", c.view().lines().get(0).points());
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0, 10.0), SvgChart.ticks(0, 10, 5));
        assertEquals(List.of(0.0, 0.05, 0.1), SvgChart.ticks(0, 0.12, 3).stream().map(v -> Math.round(v * 100) / 100.0).toList());
        assertEquals(2.0, SvgChart.niceStep(1.3), 1e-12);
        assertEquals(50.0, SvgChart.niceStep(31), 1e-12);
        c.hRule(200, "r", "off the chart");
        assertTrue(c.view().rules().isEmpty(), "a rule outside the axis is left out");
    }
}
