package org.openueba.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code replay} (the words after {@code replay}), parsed and checked before
 * anything starts. Pure Java.
 *
 * <pre>replay --input SOURCE=FILE [--input SOURCE=FILE …] --alerts-out FILE [--db JDBC_URL] [--directory FILE]</pre>
 *
 * @param inputs    the input files with the data source that reads each, in command-line order
 *                  (which is also their arrival order when two inputs hold the same event id)
 * @param alertsOut where the alerts NDJSON is written (replaced when it exists)
 * @param db        JDBC URL of the database to use instead of a fresh in-memory one, where the alerts are
 *                  also stored; null: in-memory, alerts only in the NDJSON file
 * @param directory directory file (CSV/JSON, like {@code POST /api/v1/directory}) imported before the
 *                  replay for the entities' time zones; null: none
 * @param help      {@code --help} was given: print {@link #USAGE} and do nothing else
 */
public record ReplayArguments(List<Input> inputs, Path alertsOut, String db, Path directory, boolean help) {
    /** The first argument that selects the replay command. */
    public static final String COMMAND = "replay";

    public static final String USAGE = """
            Usage: java -jar quarkus-run.jar replay --input SOURCE=FILE [--input SOURCE=FILE ...] --alerts-out FILE
                                                    [--db JDBC_URL] [--directory FILE]

            Reads each FILE with the adapter of data source SOURCE (a predefined source or one configured in
            ueba.sources.NAME.*), normalises and enriches it like live ingestion, merges all inputs in event-time
            order (ties by event id), scores them with the behaviour models and the SMART layer, and writes the
            final state of every alert as NDJSON, ordered by crossedAt then id.

              --input SOURCE=FILE  an input file (plain or gzip); repeat for several inputs
              --alerts-out FILE    the alerts NDJSON to write (replaced)
              --db JDBC_URL        use this database (migrated by Flyway) instead of a fresh in-memory H2:
                                   its directory time zones are used and the alerts are stored in it
                                   (upserted by id; triage fields of existing alerts are kept)
              --directory FILE     import this directory file (CSV or JSON lines) first, for entity time zones
              --help               print this help

            Configuration (sources, pseudonymisation key and fields, GeoIP, retention, ueba.models.*, ueba.smart.*)
            is the server's: application.properties, system properties and environment (UEBA_PSEUDONYMISATION_KEY).
            Rejected records are reported on stderr with their line number; they never stop the replay.
            Exit codes: 0 done, 1 failure, 2 bad arguments.
            """;

    /** One input: a file and the data source whose adapter reads it. */
    public record Input(String source, Path file) {
        @Override
        public String toString() {
            return source + "=" + file;
        }
    }

    public ReplayArguments {
        inputs = List.copyOf(inputs);
    }

    /**
     * Parses the arguments that follow {@code replay}.
     *
     * @throws IllegalArgumentException with a message for the user (unknown option, missing value, no input…)
     */
    public static ReplayArguments parse(List<String> args) {
        List<Input> inputs = new ArrayList<>();
        Path out = null;
        Path directory = null;
        String db = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a, value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return new ReplayArguments(List.of(), null, null, null, true);
                }
                case "--input", "--alerts-out", "--db", "--directory" -> {
                    if (value == null) {
                        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (name) {
                        case "--input" -> inputs.add(input(value));
                        case "--alerts-out" -> out = once(name, out, path(name, value));
                        case "--db" -> db = once(name, db, nonBlank(name, value));
                        default -> directory = once(name, directory, path(name, value));
                    }
                }
                default -> throw new IllegalArgumentException(a.startsWith("-") ? "unknown option " + a
                        : "unexpected argument '" + a + "' (inputs are given as --input SOURCE=FILE)");
            }
        }
        if (inputs.isEmpty()) throw new IllegalArgumentException("at least one --input SOURCE=FILE is required");
        if (out == null) throw new IllegalArgumentException("--alerts-out FILE is required");
        return new ReplayArguments(inputs, out, db, directory, false);
    }

    /** {@code SOURCE=FILE}. */
    static Input input(String v) {
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
            throw new IllegalArgumentException("--input must be SOURCE=FILE (e.g. cert-logon=logon.csv), was '" + v + "'");
        }
        String source = v.substring(0, eq);
        if (!source.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("--input " + v + ": '" + source + "' is not a source name (1-64 of a-z 0-9 _ -)");
        }
        return new Input(source, path("--input", v.substring(eq + 1)));
    }

    private static Path path(String option, String v) {
        nonBlank(option, v);
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": '" + v + "' is not a file name");
        }
    }

    private static String nonBlank(String option, String v) {
        if (v.isBlank()) throw new IllegalArgumentException(option + " needs a value");
        return v;
    }

    private static <T> T once(String option, T previous, T v) {
        if (previous != null) throw new IllegalArgumentException(option + " given twice");
        return v;
    }

    /** Problems with the files named (unreadable inputs or directory, output in a missing directory); empty when fine. */
    public List<String> fileProblems() {
        List<String> problems = new ArrayList<>();
        for (Input in : inputs) {
            if (!Files.isRegularFile(in.file()) || !Files.isReadable(in.file())) {
                problems.add("--input " + in + ": no readable file " + in.file().toAbsolutePath());
            }
        }
        if (directory != null && (!Files.isRegularFile(directory) || !Files.isReadable(directory))) {
            problems.add("--directory: no readable file " + directory.toAbsolutePath());
        }
        if (alertsOut != null) {
            Path parent = alertsOut.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) problems.add("--alerts-out: no directory " + parent);
            if (Files.isDirectory(alertsOut)) problems.add("--alerts-out: " + alertsOut + " is a directory");
        }
        return problems;
    }

    /**
     * The configuration set before the application boots in replay mode (system properties, which
     * take precedence over the environment and application.properties): the database (in-memory H2
     * named {@code dbName} unless {@code --db}), a private journal directory, no HTTP listener, no
     * background indexer, no demo loading, no directory import at start, no retention pruning, logs
     * on stderr so that stdout stays free.
     */
    public Map<String, String> overrides(Path journalDir, String dbName) {
        Map<String, String> o = new LinkedHashMap<>();
        if (db == null) {
            o.put("quarkus.datasource.jdbc.url", "jdbc:h2:mem:" + dbName
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            o.put("quarkus.datasource.username", "ueba");
            o.put("quarkus.datasource.password", "");
        } else {
            o.put("quarkus.datasource.jdbc.url", db);
        }
        o.put("quarkus.flyway.migrate-at-start", "true");
        o.put("quarkus.flyway.clean-at-start", "false");
        o.put("quarkus.http.host-enabled", "false");
        o.put("quarkus.log.console.stderr", "true");
        o.put("ueba.journal.dir", journalDir.toString());
        o.put("ueba.journal.fsync", "false");
        o.put("ueba.journal.indexing", "false");
        o.put("ueba.demo.enabled", "false");
        o.put("ueba.directory.file", "");
        o.put("ueba.retention.prune-every", "off");
        // it serves no one: no first admin, no setup token in its output
        o.put("ueba.security.bootstrap", "false");
        return o;
    }
}
