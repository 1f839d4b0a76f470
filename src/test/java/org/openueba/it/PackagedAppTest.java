package org.openueba.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-line cause an integration test's failure message carries for a 500 (CI shows messages, not the application's log). */
class PackagedAppTest {
    private static final String ID = "11ef6415-0467-4b17-85d4-9d78788861de";

    @Test
    void anIncidentIsItsLineAndEachCauseWithItsFirstFrameUpToTheNextRecord() {
        List<String> log = List.of(
                "2026-12-07 23:29:30,001 INFO  [org.ope.ing.EventsResource] (executor-thread-1) before",
                "2026-12-07 23:29:31,123 ERROR [org.ope.api.ProblemMappers] (executor-thread-3) incident " + ID
                        + ": unexpected failure on /api/v1/events: org.h2.jdbc.JdbcSQLNonTransientException: General error: \"x\" [50000-240]",
                "\tat org.h2.message.DbException.getJdbcSQLException(DbException.java:566)",
                "\tat org.h2.message.DbException.getJdbcSQLException(DbException.java:489)",
                "Caused by: org.h2.mvstore.MVStoreException: Position 0 [2.4.240/6]",
                "\tat org.h2.mvstore.DataUtils.newMVStoreException(DataUtils.java:996)",
                "\tat org.h2.mvstore.FileStore.readPage(FileStore.java:1957)",
                "\t... 40 more",
                "\tSuppressed: java.io.IOException: closing",
                "\t\tat org.example.A.close(A.java:1)",
                "2026-12-07 23:29:31,200 ERROR [org.ope.api.ProblemMappers] (executor-thread-4) a later record",
                "java.lang.IllegalStateException: not this one",
                "\tat org.example.B.b(B.java:2)");
        assertEquals("2026-12-07 23:29:31,123 ERROR [org.ope.api.ProblemMappers] (executor-thread-3) incident " + ID
                        + ": unexpected failure on /api/v1/events: org.h2.jdbc.JdbcSQLNonTransientException: General error: \"x\" [50000-240]"
                        + " <- at org.h2.message.DbException.getJdbcSQLException(DbException.java:566)"
                        + " <- Caused by: org.h2.mvstore.MVStoreException: Position 0 [2.4.240/6]"
                        + " <- at org.h2.mvstore.DataUtils.newMVStoreException(DataUtils.java:996)"
                        + " <- Suppressed: java.io.IOException: closing <- at org.example.A.close(A.java:1)",
                PackagedApp.incident(log, ID));
    }

    @Test
    void anExceptionOnTheLineAfterTheMessageIsKept() {
        List<String> log = List.of("2026-12-07 23:29:31,123 ERROR [x] (t) incident " + ID + ": unexpected failure on /p",
                "java.lang.IllegalStateException: broken", "\tat org.example.C.c(C.java:3)", "\tat org.example.D.d(D.java:4)");
        assertEquals("2026-12-07 23:29:31,123 ERROR [x] (t) incident " + ID + ": unexpected failure on /p"
                + " <- java.lang.IllegalStateException: broken <- at org.example.C.c(C.java:3)", PackagedApp.incident(log, ID));
    }

    @Test
    void anIncidentMissingFromTheLogSaysSo() {
        assertEquals("incident " + ID + " not found in the log", PackagedApp.incident(List.of("2026-12-07 23:29:31,123 INFO [x] (t) y"), ID));
    }
}
