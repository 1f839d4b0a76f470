package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fuzz targets for every adapter (Jazzer, see docs/security.md "Fuzzing"). Each target reads the
 * fuzzer's bytes as a request body, decoded as ingestion decodes it, with the adapter's predefined
 * profile and a profile using its options, under the default limits and under tight ones (so that
 * short inputs exercise the line and field limits), once in one piece and once trickled a few
 * characters at a time. It checks the {@link Transcript} contract and that both readings report
 * the same thing (determinism, and no dependence on how the input is chunked).
 *
 * <p>Without {@code JAZZER_FUZZ} these are ordinary tests over the seed inputs in
 * {@code src/test/resources/org/openueba/source/AdapterFuzzTestInputs/<target>/}: real lines of
 * each format, broken ones, and every input that once failed.
 */
class AdapterFuzzTest {
    /** The smallest limits {@link AdapterLimits} accepts: 64-character lines, 8 fields, 4 levels of JSON. */
    static final AdapterLimits TIGHT = new AdapterLimits(64, 8, 4);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "30s")
    void json(byte[] data) {
        SourceProfile mapped = new SourceProfile("mapped", "json", null, ZoneId.of("Europe/Berlin"),
                Map.of("time", "when", "entity", "user.id", "srcIp", "client.ip", "metrics.rtt", "rtt", "attributes.app", "app"),
                Map.of("kind", "web"), List.of());
        check(data, Transcript.Layout.JSON, limits -> new JsonAdapter(SourceProfile.of("json", "json"), limits),
                limits -> new JsonAdapter(mapped, limits));
    }

    @FuzzTest(maxDuration = "30s")
    void cert(byte[] data) {
        check(data, Transcript.Layout.LINE, limits -> new CertAdapter(SourceProfile.of("cert-logon", "cert-logon"), limits, false),
                limits -> new CertAdapter(new SourceProfile("cert-device", "cert-device", null, ZoneId.of("America/New_York"),
                        null, null, null), limits, true));
    }

    @FuzzTest(maxDuration = "30s")
    void lanlAuth(byte[] data) {
        check(data, Transcript.Layout.LINE, limits -> new LanlAuthAdapter(SourceProfile.of("lanl-auth", "lanl-auth"), limits));
    }

    @FuzzTest(maxDuration = "30s")
    void accessLog(byte[] data) {
        check(data, Transcript.Layout.LINE, limits -> new AccessLogAdapter(SourceProfile.of("apache", "access-log"), limits),
                limits -> new AccessLogAdapter(new SourceProfile("apache-users", "access-log", null, ZoneOffset.UTC, null,
                        Map.of("entity", "user"), null), limits));
    }

    @FuzzTest(maxDuration = "30s")
    void sshd(byte[] data) {
        check(data, Transcript.Layout.LINE, limits -> new SshdAdapter(SourceProfile.of("sshd", "sshd"), limits, CLOCK),
                limits -> new SshdAdapter(new SourceProfile("sshd-ip", "sshd", null, ZoneId.of("Europe/Berlin"), null,
                        Map.of("year", "2015", "entity", "srcIp"), null), limits, CLOCK));
    }

    @FuzzTest(maxDuration = "30s")
    void zeekConn(byte[] data) {
        check(data, Transcript.Layout.LINE, limits -> new ZeekConnAdapter(SourceProfile.of("zeek-conn", "zeek-conn"), limits));
    }

    @FuzzTest(maxDuration = "30s")
    void csv(byte[] data) {
        SourceProfile rba = PredefinedProfiles.byName("rba-login").orElseThrow();
        SourceProfile tsv = new SourceProfile("tsv", "csv", null, ZoneId.of("Europe/Berlin"),
                Map.of("time", "t", "entity", "u", "kind", "k", "srcIp", "ip", "metrics.n", "n"),
                Map.of("delimiter", "tab", "header", "false", "columns", "t,u,k,ip,n,note", "time-format", "dd.MM.yyyy HH:mm",
                        "extra-columns", "attributes"), null);
        check(data, Transcript.Layout.MULTI_LINE, limits -> new CsvAdapter(rba, limits), limits -> new CsvAdapter(tsv, limits));
    }

    /** Reads {@code data} with each adapter under both limits, whole and trickled, and checks the transcripts. */
    @SafeVarargs
    static void check(byte[] data, Transcript.Layout layout, Function<AdapterLimits, RecordAdapter>... adapters) {
        String text = Transcript.decode(data);
        for (Function<AdapterLimits, RecordAdapter> adapter : adapters) {
            for (AdapterLimits limits : List.of(AdapterLimits.DEFAULT, TIGHT)) {
                Transcript whole = Transcript.read(adapter.apply(limits), text, false);
                whole.check(text, layout, limits);
                Transcript trickled = Transcript.read(adapter.apply(limits), text, true);
                assertEquals(whole, trickled, "reading the same input again, in small pieces, reported something else");
            }
        }
    }
}
