package org.openueba.replay;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayArgumentsTest {
    private static ReplayArguments parse(String... args) {
        return ReplayArguments.parse(List.of(args));
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void inputsKeepCommandLineOrderInBothSpellings() {
        ReplayArguments a = parse("--input", "cert-logon=logon.csv", "--alerts-out", "out/alerts.ndjson",
                "--input=cert-device=dir/device.csv", "--db", "jdbc:h2:file:./replay", "--directory=directory.csv");
        assertEquals(List.of(new ReplayArguments.Input("cert-logon", Path.of("logon.csv")),
                new ReplayArguments.Input("cert-device", Path.of("dir/device.csv"))), a.inputs());
        assertEquals(Path.of("out/alerts.ndjson"), a.alertsOut());
        assertEquals("jdbc:h2:file:./replay", a.db());
        assertEquals(Path.of("directory.csv"), a.directory());
        assertFalse(a.help());
    }

    @Test
    void aFileNameMayContainAnEqualsSign() {
        assertEquals(Path.of("a=b.csv"), parse("--input", "json=a=b.csv", "--alerts-out", "x").inputs().get(0).file());
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertTrue(parse("--input", "json=a", "--help").help());
        assertTrue(parse("-h").help());
        assertTrue(parse("--help", "--bogus").help());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertEquals("at least one --input SOURCE=FILE is required", error("--alerts-out", "x"));
        assertEquals("at least one --input SOURCE=FILE is required", error());
        assertEquals("--alerts-out FILE is required", error("--input", "json=a.ndjson"));
        assertEquals("--input needs a value", error("--input"));
        assertEquals("--alerts-out needs a value", error("--input", "json=a", "--alerts-out", "--db", "x"));
        assertEquals("--db needs a value", error("--input", "json=a", "--alerts-out", "x", "--db="));
        assertEquals("unknown option --output", error("--input", "json=a", "--output", "x"));
        assertEquals("unexpected argument 'a.csv' (inputs are given as --input SOURCE=FILE)", error("a.csv"));
        assertEquals("--alerts-out given twice", error("--input", "json=a", "--alerts-out", "x", "--alerts-out", "y"));
        assertEquals("--input must be SOURCE=FILE (e.g. cert-logon=logon.csv), was 'logon.csv'", error("--input", "logon.csv"));
        assertEquals("--input must be SOURCE=FILE (e.g. cert-logon=logon.csv), was 'json='", error("--input", "json="));
        assertEquals("--input must be SOURCE=FILE (e.g. cert-logon=logon.csv), was '=a.csv'", error("--input", "=a.csv"));
        assertEquals("--input Cert=a.csv: 'Cert' is not a source name (1-64 of a-z 0-9 _ -)", error("--input", "Cert=a.csv"));
    }

    @Test
    void missingFilesAreReportedBeforeAnythingStarts(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path present = java.nio.file.Files.writeString(dir.resolve("a.csv"), "x");
        ReplayArguments a = parse("--input", "json=" + present, "--input", "json=" + dir.resolve("missing.csv"),
                "--alerts-out", dir.resolve("no-such-dir/out.ndjson").toString());
        List<String> problems = a.fileProblems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("--input json=" + dir.resolve("missing.csv") + ": no readable file"), problems.get(0));
        assertTrue(problems.get(1).startsWith("--alerts-out: no directory"), problems.get(1));
        assertEquals(List.of(), parse("--input", "json=" + present, "--alerts-out", dir.resolve("o.ndjson").toString()).fileProblems());
    }

    @Test
    void overridesKeepTheReplayAwayFromTheLiveInstallation() {
        Map<String, String> mem = parse("--input", "json=a", "--alerts-out", "x").overrides(Path.of("/tmp/j"), "replay-1");
        assertTrue(mem.get("quarkus.datasource.jdbc.url").startsWith("jdbc:h2:mem:replay-1;"), mem.toString());
        assertEquals("/tmp/j", mem.get("ueba.journal.dir"));
        assertEquals("false", mem.get("ueba.journal.indexing"));
        assertEquals("false", mem.get("quarkus.http.host-enabled"));
        assertEquals("false", mem.get("ueba.demo.enabled"));
        assertEquals("", mem.get("ueba.directory.file"));
        assertEquals("off", mem.get("ueba.retention.prune-every"));
        assertEquals("false", mem.get("ueba.security.bootstrap"));
        assertEquals("false", mem.get("quarkus.flyway.clean-at-start"));
        Map<String, String> db = parse("--input", "json=a", "--alerts-out", "x", "--db", "jdbc:postgresql://h/db")
                .overrides(Path.of("/tmp/j"), "replay-1");
        assertEquals("jdbc:postgresql://h/db", db.get("quarkus.datasource.jdbc.url"));
        assertNull(db.get("quarkus.datasource.username")); // credentials stay the configured ones
    }
}
