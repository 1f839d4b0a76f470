package org.openueba;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.openueba.replay.ReplayArguments;
import org.openueba.replay.ReplayCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entry point of the artifact. Without arguments (or with any first argument other than
 * {@code replay}) it starts the server exactly as before. {@code replay …} checks its arguments
 * before anything boots ({@code --help} and bad arguments never start the application), then boots
 * the application in command mode with overrides that keep it away from the live installation
 * (in-memory database unless {@code --db}, a private journal directory, no HTTP listener, no
 * indexer, no demo, no directory import, no pruning; see {@link ReplayArguments#overrides}) and
 * runs {@link ReplayCommand}.
 */
@QuarkusMain
public class Main {
    /** {@link System#nanoTime} when the replay started booting the application. */
    private static volatile long bootStart;

    public static void main(String... args) {
        if (args.length == 0 || !ReplayArguments.COMMAND.equals(args[0])) {
            Quarkus.run(args);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        ReplayArguments parsed;
        try {
            parsed = ReplayArguments.parse(List.of(rest));
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            System.err.println("Run 'replay --help' for usage.");
            System.exit(2);
            return;
        }
        if (parsed.help()) {
            System.out.print(ReplayArguments.USAGE);
            System.out.flush();
            return;
        }
        List<String> problems = parsed.fileProblems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("replay: " + p));
            System.exit(2);
            return;
        }
        Path journal;
        try {
            journal = Files.createTempDirectory("ueba-replay-journal-");
        } catch (IOException e) {
            throw new UncheckedIOException("replay: cannot create a temporary directory", e);
        }
        Map<String, String> overrides = parsed.overrides(journal, "replay-" + ProcessHandle.current().pid());
        overrides.forEach(System::setProperty);
        bootStart = System.nanoTime();
        Quarkus.run(ReplayCommand.class, (code, failure) -> {
            deleteTree(journal);
            if (failure != null) {
                System.err.println("replay: the application could not start: " + failure);
                if (parsed.db() == null && String.valueOf(failure).contains("URL")) {
                    System.err.println("replay: a PostgreSQL build (-Ppostgresql) has no embedded database: give --db JDBC_URL");
                }
            }
            System.exit(code == 0 && failure != null ? 1 : code);
        }, rest);
    }

    /** Nanoseconds since the replay started booting the application (0 outside replay mode). */
    public static long nanosSinceBoot() {
        return bootStart == 0 ? 0 : System.nanoTime() - bootStart;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("replay: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
