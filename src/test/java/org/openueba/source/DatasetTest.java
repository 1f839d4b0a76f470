package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

/**
 * Reads the real third-party samples of {@code ../shared/datasets} (or {@code -Dueba.datasets=DIR})
 * and expects zero rejections; skips when the folder is absent. The committed excerpts under
 * {@code src/test/resources/samples} are read always.
 */
class DatasetTest {
    private static final Path DIR = Paths.get(System.getProperty("ueba.datasets", "../shared/datasets"));
    private static final SourceProfile SSHD = new SourceProfile("sshd", "sshd", null, null, null, Map.of("year", "2015"), null);

    private static void assumeDatasets() {
        boolean present = Files.isDirectory(DIR);
        if (!present) System.out.println("skipping: ../shared/datasets not found");
        Assumptions.assumeTrue(present, "skipping: ../shared/datasets not found");
    }

    private static Collected read(SourceProfile p, Reader r) throws IOException {
        Collected c = new Collected();
        try (r) {
            Adapters.create(p, AdapterLimits.DEFAULT).read(r, c);
        }
        return c;
    }

    private static Collected file(SourceProfile p, Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.toString().endsWith(".gz")) in = new GZIPInputStream(in);
        return read(p, new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static Collected resource(SourceProfile p, String name) throws IOException {
        return read(p, new InputStreamReader(DatasetTest.class.getResourceAsStream("/samples/" + name), StandardCharsets.UTF_8));
    }

    private static SourceProfile predefined(String name) {
        return PredefinedProfiles.byName(name).orElseThrow();
    }

    @Test
    void committedExcerpts() throws IOException {
        Collected a = resource(predefined("apache"), "apache_logs.head");
        assertEquals(List.of(), a.rejects);
        assertEquals(40, a.records.size());
        Collected z = resource(predefined("zeek-conn"), "zeek-rita-conn.head.log");
        assertEquals(List.of(), z.rejects);
        assertEquals(22, z.records.size());
        Collected l = resource(predefined("zeek-conn"), "zeek-ctu-conn.labeled.head");
        assertEquals(List.of(), l.rejects);
        assertEquals(22, l.records.size());
        assertEquals("Malicious", l.event(0).attributes().get("label"));
        Collected s = resource(SSHD, "auth.log.head");
        assertEquals(List.of(), s.rejects);
        assertEquals(50, s.records.size() + s.skips.size());
        Collected r = resource(predefined("rba-login"), "rba-head19.csv");
        assertEquals(List.of(), r.rejects);
        assertEquals(19, r.records.size());
        Event e = r.event(0);
        assertEquals("-4324475583306591935", e.entity());
        assertEquals("10.0.65.171", e.srcIp());
        assertEquals(29695L, e.asn());
        assertEquals(EventKind.AUTHENTICATION, e.kind());
        assertEquals("mobile", e.attributes().get("device_type"));
    }

    @Test
    void apacheLogs() throws IOException {
        assumeDatasets();
        Collected c = file(predefined("apache"), DIR.resolve("apache-access-elastic/apache_logs"));
        assertEquals(List.of(), c.rejects);
        assertEquals(10_000, c.records.size());
        assertEquals(213, c.records.stream().filter(r -> "404".equals(r.event().attributes().get("status"))).count());
    }

    @Test
    void zeekRitaEveryFile() throws IOException {
        assumeDatasets();
        List<Path> files;
        try (Stream<Path> s = Files.walk(DIR.resolve("zeek-conn-rita"))) {
            files = s.filter(p -> p.toString().endsWith(".gz")).sorted().toList();
        }
        assertEquals(72, files.size());
        long records = 0;
        for (Path f : files) {
            Collected c = file(predefined("zeek-conn"), f);
            assertEquals(List.of(), c.rejects, f.toString());
            records += c.records.size();
        }
        assertEquals(105_918, records);
    }

    @Test
    void zeekLabelled() throws IOException {
        assumeDatasets();
        Collected c = file(predefined("zeek-conn"), DIR.resolve("zeek-conn-ctu-sme11-labeled/conn.log.labeled"));
        assertEquals(List.of(), c.rejects);
        assertEquals(766, c.records.size());
        assertEquals(719, c.records.stream().filter(r -> "Malicious".equals(r.event().attributes().get("label"))).count());
    }

    @Test
    void sshAuthLog() throws IOException {
        assumeDatasets();
        Path f = DIR.resolve("ssh-auth-secrepo/auth.log");
        Collected c = file(SSHD, f);
        assertEquals(List.of(), c.rejects);
        long lines = Files.readAllLines(f).size();
        assertEquals(lines, c.records.size() + c.skips.size());
        assertEquals(1489, c.records.stream().filter(r -> "invalid user".equals(r.event().action())).count());
        assertEquals(0, c.records.stream().filter(r -> "accepted".equals(r.event().action())).count());
        assertEquals(1489, c.records.size());
    }

    @Test
    void lanlRedteam() throws IOException {
        assumeDatasets();
        Collected c = file(predefined("lanl-auth"), DIR.resolve("lanl-redteam/redteam.txt"));
        assertEquals(List.of(), c.rejects);
        assertEquals(749, c.records.size());
    }

    @Test
    void rbaHead() throws IOException {
        assumeDatasets();
        Collected c = file(predefined("rba-login"), DIR.resolve("rba-login-head/rba-dataset-head19.csv"));
        assertEquals(List.of(), c.rejects);
        assertEquals(19, c.records.size());
    }

    @Test
    void injectedBrokenLinesAreRejectedAtTheirLines() throws IOException {
        assumeDatasets();
        List<String> lines = new ArrayList<>(Files.readAllLines(DIR.resolve("apache-access-elastic/apache_logs")));
        lines.add(100, "not an access log line");
        lines.add(5000, "1.2.3.4 - - [17/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 2OO 1");
        lines.add(9000, "1.2.3.4 - - [32/May/2015:10:05:03 +0000] \"GET / HTTP/1.1\" 200 1");
        Collected c = read(predefined("apache"), new StringReader(String.join("\r\n", lines) + "\r\n"));
        assertEquals(List.of(101L, 5001L, 9001L), c.rejectLines());
        assertEquals(10_000, c.records.size());
        assertTrue(c.reason(1).startsWith("status:"), c.reason(1));
        assertTrue(c.reason(2).startsWith("time:"), c.reason(2));
    }
}
