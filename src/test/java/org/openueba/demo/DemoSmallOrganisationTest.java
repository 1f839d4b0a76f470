package org.openueba.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small organisations: the admin-colleague scenario used to draw from an empty list of victims
 * (IllegalArgumentException "bound must be positive") when the admin had already used every PC in
 * their office. Now it adapts, and the ground truth says how.
 */
class DemoSmallOrganisationTest {
    @TempDir
    Path tmp;

    @Test
    void smallOrganisationsGenerateForManySeeds() throws IOException {
        for (int users : new int[] {20, 30, 40}) {
            for (long seed = 1; seed <= 20; seed++) {
                DemoParameters p = new DemoParameters(seed, users, 2, DemoParameters.DEFAULT_START);
                Path dir = tmp.resolve(users + "-" + seed);
                List<GroundTruth> truth = DemoOrganisation.generate(p, dir);
                Set<String> ids = eventIds(dir);
                for (GroundTruth g : truth) {
                    assertTrue(ids.containsAll(g.eventIds()), p + ": " + g.toCsv());
                }
            }
        }
    }

    @Test
    void theReportedCaseGeneratesWithTheVictimInAnotherOffice() throws IOException {
        // seed 7, 40 users, the default 9 weeks: DemoEvents.generate threw
        DemoEvents.Generated g = DemoEvents.generate(new DemoParameters(7, 40, DemoParameters.DEFAULT_WEEKS,
                DemoParameters.DEFAULT_START));
        List<GroundTruth> admin = g.truth().stream()
                .filter(t -> t.scenario() == Scenario.ADMIN_COLLEAGUE_AFTER_HOURS).toList();
        assertEquals(1, admin.size(), g.truth().toString());
        assertTrue(admin.get(0).description().contains("so one in another office"), admin.get(0).description());
        Set<String> ids = new HashSet<>();
        g.events().forEach(e -> ids.add(e.id()));
        assertTrue(admin.get(0).eventIds().stream().allMatch(id -> ids.stream().anyMatch(x -> x.endsWith(id))),
                admin.get(0).toCsv());
    }

    @Test
    void anAdminWhoUsedEveryPcStillGetsAnInstanceOnlyUnusualByTheHour() throws IOException {
        // a year of 20 users: the only IT administrator has logged on to every colleague's PC
        List<GroundTruth> truth = DemoOrganisation.generate(new DemoParameters(1, 20, 52, DemoParameters.DEFAULT_START),
                tmp.resolve("year"));
        List<GroundTruth> admin = truth.stream().filter(t -> t.scenario() == Scenario.ADMIN_COLLEAGUE_AFTER_HOURS).toList();
        assertEquals(1, admin.size(), truth.toString());
        assertTrue(admin.get(0).description().endsWith("so only the hour is unusual"), admin.get(0).description());
    }

    private static Set<String> eventIds(Path dir) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String f : List.of("logon.csv", "device.csv")) {
            List<String> lines = Files.readAllLines(dir.resolve(f));
            for (String line : lines.subList(1, lines.size())) ids.add(line.substring(0, line.indexOf(',')));
        }
        for (String line : Files.readAllLines(dir.resolve("vpn.ndjson"))) {
            int i = line.indexOf("\"id\":\"") + 6;
            ids.add(line.substring(i, line.indexOf('"', i)));
        }
        return ids;
    }
}
