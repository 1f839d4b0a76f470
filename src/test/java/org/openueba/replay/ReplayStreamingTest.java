package org.openueba.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.smart.SmartConfig;
import org.openueba.source.AdapterLimits;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.SourceProfile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming replay against the in-memory replay on seeded random input files: the same alert
 * NDJSON byte for byte, the same rejection lines on stderr, the same counts; and a reader that fails
 * fails the replay with the input named.
 */
class ReplayStreamingTest {
    private static final SmartConfig SMART = SmartConfig.DEFAULT.withThreshold(25);
    private static final Map<String, SourceProfile> PROFILES = new HashMap<>();
    private static final DateTimeFormatter CERT = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss", Locale.ROOT);
    private static final LocalDateTime START = LocalDateTime.of(2026, 3, 2, 0, 0);
    private static final BehaviourEngine.ZoneLookup UTC = (entity, source) -> ZoneOffset.UTC;

    static {
        for (String s : List.of("json", "cert-logon", "cert-device")) PROFILES.put(s, PredefinedProfiles.byName(s).orElseThrow());
    }

    @TempDir
    Path dir;

    private record Outcome(byte[] alerts, String err, ReplayJob.Report report) {
    }

    private Outcome replay(List<ReplayArguments.Input> inputs, ReplayJob.Merge merge, int maxListed) throws IOException {
        InputReader.Settings settings = new InputReader.Settings(new Pseudonymiser("replay-streaming-test-key-0123456789ab"),
                null, List.of(), AdapterLimits.DEFAULT, Instant.parse("2100-01-01T00:00:00Z"), maxListed);
        Path out = dir.resolve("alerts-" + merge + ".ndjson");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReplayJob.Report report;
        try (PrintStream p = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            report = ReplayJob.run(inputs, out, PROFILES, settings, ModelConfig.DEFAULT, SMART, UTC, 2, merge, p);
        }
        return new Outcome(Files.readAllBytes(out), err.toString(StandardCharsets.UTF_8), report);
    }

    /** The streaming merge's own lines (why it started again or fell back), which the in-memory replay has no reason to print. */
    private static String withoutMergeNotes(String err) {
        return err.lines().filter(l -> !(l.startsWith("replay: ") && (l.endsWith("and the merge starts again")
                || l.endsWith("the inputs are read again and merged in memory")))).map(l -> l + "\n").collect(Collectors.joining());
    }

    /**
     * Seeded random inputs (json, cert-logon, cert-device): in time order with many equal timestamps,
     * nearly in order or shuffled; repeated native ids and identical id-less records; the same file given
     * twice; a second file sharing records with another (same time) or ids (another time); malformed lines,
     * invalid UTF-8 and lines too far in the future; a small listing limit now and then. Streaming and
     * in-memory replays write the same alert bytes, the same stderr (but the streaming merge's notes) and the
     * same per-input counts.
     */
    @Test
    void seededRandomInputsGiveTheSameAlertsAndRejectionsAsTheInMemoryReplay() throws Exception {
        int withAlerts = 0, withRejections = 0, readAgain = 0, fellBack = 0, streamedOnce = 0, withDuplicates = 0;
        for (long seed = 1; seed <= 24; seed++) {
            Random r = new Random(seed);
            List<ReplayArguments.Input> inputs = randomInputs(r, dir.resolve("seed-" + seed));
            int maxListed = r.nextInt(3) == 0 ? 2 : 1000;
            Outcome mem = replay(inputs, ReplayJob.Merge.IN_MEMORY, maxListed);
            Outcome str = replay(inputs, ReplayJob.Merge.STREAMING, maxListed);
            String what = "seed " + seed + " " + inputs;
            assertArrayEquals(mem.alerts(), str.alerts(), what);
            assertEquals(mem.err(), withoutMergeNotes(str.err()), what);
            assertEquals(mem.report().inputs(), str.report().inputs(), what);
            assertEquals(mem.report().events(), str.report().events(), what);
            assertEquals(mem.report().scored().failures(), str.report().scored().failures(), what);
            assertEquals(mem.report().scored().entities(), str.report().scored().entities(), what);
            assertEquals(mem.report().scored().prior(), str.report().scored().prior(), what);
            if (mem.alerts().length > 0) withAlerts++;
            if (mem.report().rejected() > 0) withRejections++;
            if (mem.report().inputs().stream().anyMatch(s -> s.duplicates() > 0)) withDuplicates++;
            if (str.report().merge() == ReplayJob.Merge.IN_MEMORY) fellBack++;
            else if (str.report().readings() > 1) readAgain++;
            else streamedOnce++;
        }
        String tally = withAlerts + " with alerts, " + withRejections + " with rejections, " + withDuplicates + " with duplicates, "
                + streamedOnce + " streamed at once, " + readAgain + " read again with an input sorted in memory, " + fellBack
                + " fell back to in memory";
        assertTrue(withAlerts >= 16 && withRejections >= 16 && withDuplicates >= 8 && streamedOnce >= 4 && readAgain >= 4
                && fellBack >= 2, tally);
    }

    /** Up to four inputs written into {@code d}. */
    static List<ReplayArguments.Input> randomInputs(Random r, Path d) throws IOException {
        Files.createDirectories(d);
        List<ReplayArguments.Input> inputs = new ArrayList<>();
        Map<String, List<List<String[]>>> bySource = new HashMap<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String source = List.of("json", "cert-logon", "cert-device").get(r.nextInt(3));
            List<String[]> records = records(r, source, 150 + r.nextInt(600));
            List<List<String[]>> earlier = bySource.computeIfAbsent(source, s -> new ArrayList<>());
            if (!earlier.isEmpty() && r.nextInt(4) > 0) { // shares records (same time) and ids (another time) with an earlier file
                List<String[]> other = earlier.get(r.nextInt(earlier.size()));
                for (int k = 0; k < 20 && !other.isEmpty(); k++) {
                    String[] o = other.get(r.nextInt(other.size()));
                    records.add(k % 4 == 3 && o[1] != null ? new String[]{o[0], o[1], earlyCopy(r, source, o[2])} : o);
                }
            }
            earlier.add(records);
            Path file = d.resolve(i + "-" + source + (source.equals("json") ? ".ndjson" : ".csv"));
            write(r, file, source, records);
            inputs.add(new ReplayArguments.Input(source, file));
            if (r.nextInt(4) == 0) inputs.add(new ReplayArguments.Input(source, file)); // the same file again
        }
        return inputs;
    }

    /** The record with its time moved before every generated time (its id kept). */
    private static String earlyCopy(Random r, String source, String line) {
        String time = "2026-03-0" + (1 + r.nextInt(2)) + "T01:0" + r.nextInt(10) + ":00";
        if (source.equals("json")) return line.replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"" + time + "Z\"");
        String[] f = line.split(",", -1);
        f[1] = CERT.format(LocalDateTime.parse(time));
        return String.join(",", f);
    }

    /** {time-sort-key, native id or null, line}. */
    private static List<String[]> records(Random r, String source, int count) {
        List<String[]> out = new ArrayList<>();
        String[] hosts = {"PC-1", "PC-2", "PC-3", "SRV-9"};
        for (int k = 0; k < count; k++) {
            int user = r.nextInt(6);
            int day = r.nextInt(21);
            int hour = r.nextInt(40) == 0 ? r.nextInt(24) : 8 + r.nextInt(10);
            LocalDateTime t = START.plusDays(day).plusHours(hour).plusMinutes(r.nextInt(4) * 15L); // many equal timestamps
            if (user == 5 && day > 16 && r.nextBoolean()) t = t.withHour(3); // one user goes odd late on
            String key = t.toString();
            String host = hosts[user == 5 && day > 16 ? 3 : r.nextInt(2)];
            String id = r.nextInt(5) == 0 && !out.isEmpty() ? out.get(r.nextInt(out.size()))[1] // a native id again
                    : "N" + Integer.toString(r.nextInt(1 << 24), 36);
            switch (source) {
                case "json" -> {
                    boolean derived = r.nextInt(3) == 0; // no id: derived from the raw record (and its occurrence)
                    String line = "{" + (derived || id == null ? "" : "\"id\":\"" + id + "\",") + "\"time\":\"" + t + ":00Z\",\"entity\":\"u" + user
                            + "\",\"kind\":\"authentication\",\"action\":\"logon\",\"outcome\":\"" + (r.nextInt(8) == 0 ? "failure" : "success")
                            + "\",\"srcIp\":\"10.0.0." + (user * 10 + (user == 5 && day > 16 ? r.nextInt(9) : 1)) + "\",\"dstHost\":\"" + host + "\"}";
                    out.add(new String[]{key, derived ? null : id, line});
                }
                case "cert-logon" -> out.add(new String[]{key, id, "{" + id + "}," + CERT.format(t) + ",DTAA/USR000" + user + "," + host + ","
                        + (r.nextBoolean() ? "Logon" : "Logoff")});
                default -> out.add(new String[]{key, id, "{" + id + "}," + CERT.format(t) + ",DTAA/USR000" + user + "," + host + ","
                        + (r.nextBoolean() ? "Connect" : "Disconnect")});
            }
        }
        return out;
    }

    private static void write(Random r, Path file, String source, List<String[]> records) throws IOException {
        int order = r.nextInt(10);
        if (order < 6) records.sort(Comparator.comparing((String[] x) -> x[0])); // in time order, equal times in random order
        else if (order < 8) {
            records.sort(Comparator.comparing((String[] x) -> x[0]));
            int at = r.nextInt(Math.max(1, records.size() - 1));
            if (records.size() > 1) Collections.swap(records, at, records.size() - 1); // one record far out of place
        } else Collections.shuffle(records, r);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!source.equals("json")) b.writeBytes("id,date,user,pc,activity\n".getBytes(StandardCharsets.UTF_8));
        for (String[] rec : records) {
            int p = r.nextInt(100);
            if (p < 2) b.writeBytes((source.equals("json") ? "{\"time\": broken\n" : "{BAD},31/31/2026 99:00:00,DTAA/USR0001,PC-1,Logon\n")
                    .getBytes(StandardCharsets.UTF_8));
            else if (p < 3) {
                b.writeBytes("{\"id\":\"x".getBytes(StandardCharsets.UTF_8));
                b.write(0xff); // invalid UTF-8
                b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
            } else if (p < 4) b.writeBytes(rec[2].replace("2026", "2101").getBytes(StandardCharsets.UTF_8)); // rejected: too far ahead
            if (p >= 3 && p < 4) b.write('\n');
            b.writeBytes((rec[2] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, b.toByteArray());
    }

    @Test
    void aFileOutOfOrderGivenTwiceIsReadAgainOnceWithBothCopiesSortedInMemory() throws Exception {
        Random r = new Random(11);
        List<String[]> records = records(r, "cert-logon", 400);
        records.sort(Comparator.comparing((String[] x) -> x[0]));
        Collections.swap(records, 0, records.size() - 1); // the first record last
        Path file = dir.resolve("unordered.csv");
        Files.writeString(file, "id,date,user,pc,activity\n" + records.stream().map(x -> x[2] + "\n").collect(Collectors.joining()));
        Path ordered = dir.resolve("ordered.csv");
        List<String[]> other = records(r, "cert-device", 400);
        other.sort(Comparator.comparing((String[] x) -> x[0]));
        Files.writeString(ordered, "id,date,user,pc,activity\n" + other.stream().map(x -> x[2] + "\n").collect(Collectors.joining()));
        List<ReplayArguments.Input> inputs = List.of(new ReplayArguments.Input("cert-logon", file),
                new ReplayArguments.Input("cert-device", ordered), new ReplayArguments.Input("cert-logon", file));
        Outcome str = replay(inputs, ReplayJob.Merge.STREAMING, 1000);
        assertEquals(ReplayJob.Merge.STREAMING, str.report().merge());
        assertEquals(2, str.report().readings(), str.err());
        assertEquals(1, str.err().lines().filter(l -> l.endsWith("and the merge starts again")).count(), str.err());
        Outcome mem = replay(inputs, ReplayJob.Merge.IN_MEMORY, 1000);
        assertArrayEquals(mem.alerts(), str.alerts());
        assertEquals(mem.report().inputs(), str.report().inputs());
    }

    @Test
    void moreInputsThanTheStreamingMergeTakesAreMergedInMemory() throws Exception {
        Random r = new Random(3);
        List<ReplayArguments.Input> inputs = new ArrayList<>();
        for (int i = 0; i <= StreamingMerge.MAX_INPUTS; i++) {
            Path file = dir.resolve("many-" + i + ".ndjson");
            write(r, file, "json", records(r, "json", 3));
            inputs.add(new ReplayArguments.Input("json", file));
        }
        Outcome str = replay(inputs, ReplayJob.Merge.STREAMING, 1000);
        assertEquals(ReplayJob.Merge.IN_MEMORY, str.report().merge());
        assertTrue(str.err().startsWith("replay: 257 inputs: more than 256 are merged in memory"), str.err());
        Outcome mem = replay(inputs, ReplayJob.Merge.IN_MEMORY, 1000);
        assertArrayEquals(mem.alerts(), str.alerts());
    }

    @Test
    void aReaderThatFailsFailsTheReplayWithTheInputNamedAndNoAlertsFile() throws Exception {
        Random r = new Random(7);
        List<String[]> records = records(r, "cert-logon", 20_000);
        Path plain = dir.resolve("logon.csv"), truncated = dir.resolve("truncated.csv.gz");
        write(new Random(1), plain, "cert-logon", records);
        byte[] all = Files.readAllBytes(plain);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(all);
        }
        byte[] bytes = gz.toByteArray();
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3)); // ends in the middle of the stream
        List<ReplayArguments.Input> inputs = List.of(new ReplayArguments.Input("cert-logon", plain),
                new ReplayArguments.Input("cert-logon", truncated));
        for (ReplayJob.Merge merge : ReplayJob.Merge.values()) {
            IOException e = assertThrows(IOException.class, () -> replay(inputs, merge, 1000));
            assertEquals("reading cert-logon=" + truncated + " failed: java.io.EOFException: Unexpected end of ZLIB input stream",
                    e.getMessage(), merge.toString());
            assertFalse(Files.exists(dir.resolve("alerts-" + merge + ".ndjson")), "no alerts file after a failed replay");
        }
    }
}
