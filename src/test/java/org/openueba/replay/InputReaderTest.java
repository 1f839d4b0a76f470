package org.openueba.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.event.Event;
import org.openueba.source.AdapterLimits;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.SourceProfile;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputReaderTest {
    private static final SourceProfile LOGON = PredefinedProfiles.byName("cert-logon").orElseThrow();
    private static final InputReader.Settings SETTINGS = new InputReader.Settings(
            new Pseudonymiser("input-reader-test-key-0123456789abcdef"), null, List.of(), AdapterLimits.DEFAULT,
            Instant.parse("2030-01-01T00:00:00Z"), 2);

    private static byte[] csv() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("id,date,user,pc,activity\n"
                + "{A},01/02/2026 06:49:00,DTAA/ABC0001,PC-1,Logon\n"
                + "{B},not a date,DTAA/ABC0001,PC-1,Logon\n"
                + "{C},01/02/2026 07:00:00,DTAA/ABC").getBytes(StandardCharsets.UTF_8));
        b.write(0xff); // an invalid UTF-8 byte
        b.writeBytes(("0001,PC-1,Logon\n"
                + "{D},01/02/2031 07:00:00,DTAA/ABC0001,PC-1,Logon\n"
                + "{E},01/02/2026 08:00:00,DTAA/ABC0002,PC-2,Logoff\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static List<String> read(Path file, List<String> rejections, long[] counts) throws Exception {
        InputReader.Result r = InputReader.read(new ReplayArguments.Input("cert-logon", file), LOGON, SETTINGS,
                (in, line, reason) -> rejections.add(line + ": " + reason));
        counts[0] = r.rejected();
        counts[1] = r.skipped();
        return r.events().stream().map(Event::id).toList();
    }

    @Test
    void rejectedRecordsAreReportedWithTheirLineAndTheRestIsRead(@TempDir Path dir) throws Exception {
        Path plain = Files.write(dir.resolve("logon.csv"), csv());
        List<String> rejections = new ArrayList<>();
        long[] counts = new long[2];
        assertEquals(List.of("cert-logon:{A}", "cert-logon:{E}"), read(plain, rejections, counts));
        assertEquals(3, counts[0], "rejected: bad date, invalid UTF-8, too far in the future");
        assertEquals(1, counts[1], "the header is skipped");
        // only the first maxListed (2) rejections are listed; the count stays exact
        assertEquals(List.of("3: date: 'not a date' is not MM/dd/yyyy HH:mm:ss", "4: line is not valid UTF-8"), rejections);
    }

    @Test
    void gzipInputsAreRecognisedByTheirMagicBytes(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("logon.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(csv());
        }
        List<String> rejections = new ArrayList<>();
        long[] counts = new long[2];
        assertEquals(List.of("cert-logon:{A}", "cert-logon:{E}"), read(gz, rejections, counts));
        assertEquals(3, counts[0]);
    }
}
