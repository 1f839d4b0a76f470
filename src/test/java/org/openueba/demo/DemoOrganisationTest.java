package org.openueba.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the demo organisation at its default parameters: formats, determinism, scenarios, messiness. */
class DemoOrganisationTest {
    private static final List<String> FILES = List.of("logon.csv", "device.csv", "vpn.ndjson", "directory.csv",
            "directory-cert-ldap.csv", "ground-truth.csv", "summary.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parsed event of any of the three event files. */
    record Ev(String file, String id, Instant time, String user, String host, String activity, String ip,
              boolean success) {
    }

    @TempDir
    static Path tmp;
    static DemoParameters params = DemoParameters.defaults();
    static Path out;
    static List<GroundTruth> truth;
    static List<Ev> events = new ArrayList<>();
    static Map<String, Ev> byId = new HashMap<>();
    static Map<String, ZoneId> zones = new HashMap<>();
    static Set<String> scenarioIds = new HashSet<>();
    static Set<String> scenarioUsers = new HashSet<>();

    @BeforeAll
    static void generate() throws IOException {
        out = tmp.resolve("default");
        truth = DemoOrganisation.generate(params, out);
        List<String> logon = Files.readAllLines(out.resolve("logon.csv"));
        List<String> device = Files.readAllLines(out.resolve("device.csv"));
        assertEquals("id,date,user,pc,activity", logon.get(0));
        assertEquals("id,date,user,pc,activity", device.get(0));
        for (String[] f : new String[][] {{"logon.csv"}, {"device.csv"}}) {
            List<String> lines = f[0].equals("logon.csv") ? logon : device;
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",", -1);
                assertEquals(5, c.length, line);
                assertTrue(c[2].startsWith("DTAA/"), line);
                Instant t = LocalDateTime.parse(c[1], DemoOrganisation.CERT_TIME).toInstant(ZoneOffset.UTC);
                events.add(new Ev(f[0], c[0], t, c[2].substring(5), c[3], c[4], null, true));
            }
        }
        for (String line : Files.readAllLines(out.resolve("vpn.ndjson"))) {
            JsonNode n = JSON.readTree(line);
            events.add(new Ev("vpn.ndjson", n.at("/event/id").asText(), Instant.parse(n.get("@timestamp").asText()),
                    n.at("/user/name").asText(), n.at("/host/name").asText(), n.at("/event/action").asText(),
                    n.at("/source/ip").asText(), "success".equals(n.at("/event/outcome").asText())));
        }
        for (Ev e : events) {
            byId.put(e.id(), e);
        }
        List<String> dir = Files.readAllLines(out.resolve("directory.csv"));
        for (String line : dir.subList(1, dir.size())) {
            String[] c = line.split(",", -1);
            zones.put(c[0], ZoneId.of(c[6]));
        }
        for (GroundTruth g : truth) {
            scenarioIds.addAll(g.eventIds());
            scenarioUsers.add(g.entity());
        }
    }

    // ---- determinism -------------------------------------------------------------------------

    @Test
    void sameParametersGiveByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        DemoParameters small = new DemoParameters(7, 60, 4, LocalDate.of(2026, 9, 7));
        DemoOrganisation.generate(small, tmp.resolve("a"));
        DemoOrganisation.generate(small, tmp.resolve("b"));
        DemoOrganisation.generate(new DemoParameters(8, 60, 4, LocalDate.of(2026, 9, 7)), tmp.resolve("c"));
        for (String f : FILES) {
            byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(f));
            assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
            if (!f.equals("summary.json")) {
                assertFalse(Arrays.equals(a, Files.readAllBytes(tmp.resolve("c").resolve(f))), f);
            }
        }
    }

    @Test
    void parametersAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DemoParameters(1, 5, 6, LocalDate.of(2026, 9, 7)));
        assertThrows(IllegalArgumentException.class, () -> new DemoParameters(1, 300, 0, LocalDate.of(2026, 9, 7)));
        assertThrows(IllegalArgumentException.class, () -> new DemoParameters(1, 300, 6, null));
    }

    // ---- formats -----------------------------------------------------------------------------

    @Test
    void idsAreUniqueAcrossFilesAndLookLikeCert() {
        assertEquals(events.size(), byId.size());
        for (Ev e : events) {
            assertTrue(e.id().matches("\\{[A-Z0-9]{4}-[A-Z0-9]{8}-[A-Z0-9]{8}}"), e.id());
        }
    }

    @Test
    void eventFilesAreSortedAndInsideTheSpan() {
        Map<String, Instant> last = new HashMap<>();
        for (Ev e : events) {
            Instant prev = last.put(e.file(), e.time());
            assertTrue(prev == null || !e.time().isBefore(prev), e.file() + " not sorted at " + e.id());
            assertFalse(e.time().isBefore(params.spanStart()), e.id());
            assertTrue(e.time().isBefore(params.spanEnd()), e.id());
        }
    }

    @Test
    void fieldsHaveTheDocumentedValues() throws IOException {
        for (Ev e : events) {
            assertTrue(zones.containsKey(e.user()), "user not in directory: " + e.user());
            switch (e.file()) {
                case "logon.csv" -> assertTrue(Set.of("Logon", "Logoff").contains(e.activity()), e.activity());
                case "device.csv" -> assertTrue(Set.of("Connect", "Disconnect").contains(e.activity()), e.activity());
                default -> {
                    assertEquals("vpn-login", e.activity());
                    assertTrue(e.host().startsWith("vpn-gw-"), e.host());
                }
            }
            if (!e.file().equals("vpn.ndjson")) {
                assertTrue(e.host().matches("(PC|SRV)-\\d{4}"), e.host());
            }
        }
        String first = Files.readAllLines(out.resolve("vpn.ndjson")).get(0);
        JsonNode n = JSON.readTree(first);
        assertEquals("authentication", n.at("/event/category/0").asText());
        assertTrue(n.at("/source/geo").isMissingNode());
        assertFalse(n.at("/user_agent/original").asText().isEmpty());
        List<String> ldap = Files.readAllLines(out.resolve("directory-cert-ldap.csv"));
        assertEquals("employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor", ldap.get(0));
        assertEquals(zones.size() + 1, ldap.size());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(events.size(), summary.at("/events/total").asInt());
        long total = events.size();
        assertTrue(total > 100_000 && total < 300_000, "events: " + total);
        assertTrue(summary.at("/entityDays").asInt() > 5_000);
    }

    @Test
    void vpnAddressesAreLocatedWhereUsersAre() {
        Set<String> allowed = new HashSet<>();
        Set<String> attack = new HashSet<>();
        for (City c : City.values()) {
            (c.use() == City.Use.ATTACK ? attack : allowed).add(c.country());
        }
        Map<String, String> cache = new HashMap<>();
        for (Ev e : events) {
            if (!e.file().equals("vpn.ndjson")) {
                continue;
            }
            String country = cache.computeIfAbsent(e.ip(), ip ->
                    GeoAddressPool.locate(ip).map(r -> r.getCountry().getIsoCode()).orElse("??"));
            if (scenarioIds.contains(e.id())) {
                continue;
            }
            assertTrue(allowed.contains(country), e.ip() + " locates in " + country);
            assertFalse(attack.contains(country) && !allowed.contains(country), e.ip());
        }
    }

    @Test
    void ordinaryTravelIsNeverFasterThanAPlane() {
        // every user's consecutive ordinary VPN sign-ins, located by GeoIP, as the engine's travel model sees
        // them (haversine, 200 km slack, 1,000 km/h): long-haul trips across many time zones once put
        // destination working hours, or the first home working day, before the flight could have landed
        Map<String, com.maxmind.geoip2.model.CityResponse> cache = new HashMap<>();
        Map<String, Ev> last = new HashMap<>();
        int checked = 0;
        List<Ev> vpn = events.stream().filter(e -> e.file().equals("vpn.ndjson") && !scenarioIds.contains(e.id()))
                .sorted(java.util.Comparator.comparing(Ev::time).thenComparing(Ev::id)).toList();
        for (Ev e : vpn) {
            var here = cache.computeIfAbsent(e.ip(), ip -> GeoAddressPool.locate(ip).orElse(null));
            if (here == null || here.getLocation().getLatitude() == null) continue;
            Ev before = last.put(e.user(), e);
            if (before == null) continue;
            var there = cache.get(before.ip());
            double km = org.openueba.model.Travel.distanceKm(there.getLocation().getLatitude(), there.getLocation().getLongitude(),
                    here.getLocation().getLatitude(), here.getLocation().getLongitude());
            double hours = Duration.between(before.time(), e.time()).toSeconds() / 3600.0;
            assertEquals(0.0, org.openueba.model.Travel.score(km, hours, 1000, 200, 60), 0.0,
                    () -> e.user() + ": " + Math.round(km) + " km from " + before.ip() + " at " + before.time() + " to " + e.ip()
                            + " at " + e.time());
            checked++;
        }
        assertTrue(checked > 1000, "pairs checked: " + checked);
    }

    // ---- scenarios ---------------------------------------------------------------------------

    @Test
    void everyScenarioIsInGroundTruthWithExistingEvents() throws IOException {
        Set<Scenario> seen = new HashSet<>();
        for (GroundTruth g : truth) {
            seen.add(g.scenario());
            assertFalse(g.eventIds().isEmpty());
            for (String id : g.eventIds()) {
                Ev e = byId.get(id);
                assertTrue(e != null, "missing " + id);
                assertEquals(g.entity(), e.user());
                assertTrue(g.source().contains(e.file()));
                assertFalse(e.time().isBefore(g.start()));
                assertFalse(e.time().isAfter(g.end()));
            }
            assertTrue(g.start().isAfter(params.spanEnd().minus(Duration.ofDays(22))), "scenario too early: " + g);
        }
        assertEquals(Set.of(Scenario.values()), seen);
        assertEquals(truth.size() + 1, Files.readAllLines(out.resolve("ground-truth.csv")).size());
        assertEquals(truth.size(), truth.stream().map(GroundTruth::entity).distinct().count(),
                "each instance has its own user");
    }

    private static List<GroundTruth> instances(Scenario s) {
        return truth.stream().filter(g -> g.scenario() == s).toList();
    }

    private static List<Ev> injected(GroundTruth g) {
        return g.eventIds().stream().map(byId::get).toList();
    }

    private static List<Ev> normalOf(String user) {
        return events.stream().filter(e -> e.user().equals(user) && !scenarioIds.contains(e.id())).toList();
    }

    @Test
    void afterHoursRemovableIsOutsideTheUsersHoursAndFirstDriveUse() {
        for (GroundTruth g : instances(Scenario.AFTER_HOURS_REMOVABLE)) {
            ZoneId z = zones.get(g.entity());
            List<Ev> ev = injected(g);
            Ev logon = ev.stream().filter(e -> e.activity().equals("Logon")).findFirst().orElseThrow();
            int hour = logon.time().atZone(z).getHour();
            assertTrue(hour >= 1 && hour < 4, "local hour " + hour);
            assertTrue(ev.stream().anyMatch(e -> e.activity().equals("Connect")));
            List<Ev> normal = normalOf(g.entity());
            assertTrue(normal.stream().noneMatch(e -> e.file().equals("device.csv")), "used drives before");
            assertTrue(normal.stream().noneMatch(e -> e.time().atZone(z).getHour() < 5), "has night-time events");
            assertTrue(normal.size() > 50, "has history");
        }
    }

    @Test
    void removableSurgeIsSeveralTimesTheUsualDailyRateButAtMostTwoAnHour() {
        for (GroundTruth g : instances(Scenario.REMOVABLE_SURGE)) {
            ZoneId z = zones.get(g.entity());
            Map<LocalDate, Long> surge = injected(g).stream().filter(e -> e.activity().equals("Connect"))
                    .collect(Collectors.groupingBy(e -> e.time().atZone(z).toLocalDate(), Collectors.counting()));
            Map<String, Long> perHour = injected(g).stream().filter(e -> e.activity().equals("Connect"))
                    .collect(Collectors.groupingBy(e -> e.time().atZone(z).toString().substring(0, 13), Collectors.counting()));
            assertTrue(surge.size() >= 2 && surge.size() <= 3, "days " + surge);
            assertTrue(Collections.max(perHour.values()) <= 2, "per hour " + perHour);
            List<Ev> normal = normalOf(g.entity());
            long workDays = normal.stream().map(e -> e.time().atZone(z).toLocalDate())
                    .filter(d -> d.getDayOfWeek().getValue() < 6).distinct().count();
            long connects = normal.stream().filter(e -> e.activity().equals("Connect")).count();
            double usual = (double) connects / workDays;
            for (long n : surge.values()) {
                assertTrue(n >= 3.5 * usual && n >= 5, "surge " + n + " vs usual " + usual);
            }
        }
    }

    @Test
    void adminLogsOnToAColleaguesWorkstationAfterHours() {
        for (GroundTruth g : instances(Scenario.ADMIN_COLLEAGUE_AFTER_HOURS)) {
            ZoneId z = zones.get(g.entity());
            Ev logon = injected(g).get(0);
            assertEquals("Logon", logon.activity());
            int hour = logon.time().atZone(z).getHour();
            assertTrue(hour >= 23 || hour < 2, "local hour " + hour);
            assertTrue(normalOf(g.entity()).stream().noneMatch(e -> e.host().equals(logon.host())), "used before");
            Map<String, Long> owners = events.stream().filter(e -> e.host().equals(logon.host()) && e.activity().equals("Logon")
                            && !e.user().startsWith("SVC"))
                    .collect(Collectors.groupingBy(Ev::user, Collectors.counting()));
            String owner = Collections.max(owners.entrySet(), Map.Entry.comparingByValue()).getKey();
            assertNotEquals(g.entity(), owner);
        }
    }

    @Test
    void accountTakeoverIsImpossibleTravelFromANewCountryAndAsn() {
        for (GroundTruth g : instances(Scenario.ACCOUNT_TAKEOVER)) {
            Ev bad = injected(g).get(0);
            assertTrue(bad.success());
            String badCountry = GeoAddressPool.locate(bad.ip()).orElseThrow().getCountry().getIsoCode();
            long badAsn = GeoAddressPool.asn(bad.ip()).orElseThrow();
            List<Ev> normalVpn = normalOf(g.entity()).stream().filter(e -> e.file().equals("vpn.ndjson")).toList();
            for (Ev e : normalVpn) {
                assertNotEquals(badCountry, GeoAddressPool.locate(e.ip()).orElseThrow().getCountry().getIsoCode());
                assertNotEquals(badAsn, GeoAddressPool.asn(e.ip()).orElse(-1L));
            }
            String homeCountry = DemoOrganisationTest.countryOfZone(zones.get(g.entity()));
            assertNotEquals(homeCountry, badCountry);
            assertTrue(normalVpn.stream().anyMatch(e -> e.success() && e.time().isBefore(bad.time())
                    && Duration.between(e.time(), bad.time()).toMinutes() < 120
                    && homeCountry.equals(GeoAddressPool.locate(e.ip()).orElseThrow().getCountry().getIsoCode())),
                    "no home sign-in shortly before");
        }
    }

    static String countryOfZone(ZoneId z) {
        return switch (z.getId()) {
            case "America/New_York", "America/Chicago" -> "US";
            case "Europe/London" -> "GB";
            case "Europe/Berlin" -> "DE";
            case "Asia/Singapore" -> "SG";
            default -> "??";
        };
    }

    @Test
    void lateralMovementTouchesManyNewHostsWithinTwoHours() {
        for (GroundTruth g : instances(Scenario.LATERAL_MOVEMENT)) {
            Set<String> hosts = injected(g).stream().map(Ev::host).collect(Collectors.toSet());
            assertTrue(hosts.size() >= 15, "hosts " + hosts.size());
            assertTrue(Duration.between(g.start(), g.end()).toMinutes() <= 120);
            Set<String> before = normalOf(g.entity()).stream().map(Ev::host).collect(Collectors.toSet());
            for (String h : hosts) {
                assertFalse(before.contains(h), h + " used before");
            }
        }
    }

    @Test
    void bruteForceIsManyFailuresFromOneForeignIpThenSuccess() {
        for (GroundTruth g : instances(Scenario.BRUTE_FORCE_THEN_SUCCESS)) {
            List<Ev> ev = injected(g);
            assertEquals(1, ev.stream().map(Ev::ip).distinct().count());
            assertTrue(ev.stream().filter(e -> !e.success()).count() >= 30);
            assertTrue(ev.get(ev.size() - 1).success());
            assertTrue(Duration.between(g.start(), g.end()).toMinutes() <= 15);
            String country = GeoAddressPool.locate(ev.get(0).ip()).orElseThrow().getCountry().getIsoCode();
            for (Ev e : normalOf(g.entity())) {
                if (e.ip() != null) {
                    assertNotEquals(country, GeoAddressPool.locate(e.ip()).orElseThrow().getCountry().getIsoCode());
                }
            }
        }
    }

    // ---- messiness ---------------------------------------------------------------------------

    private static Map<String, List<Ev>> humansNormal() {
        Map<String, List<Ev>> m = new TreeMap<>();
        for (Ev e : events) {
            if (!e.user().startsWith("SVC") && !scenarioIds.contains(e.id())) {
                m.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
            }
        }
        return m;
    }

    @Test
    void normalUsersSometimesWorkLateOrAtWeekends() {
        int weekend = 0, late = 0;
        Map<String, List<Ev>> m = humansNormal();
        for (Map.Entry<String, List<Ev>> u : m.entrySet()) {
            ZoneId z = zones.get(u.getKey());
            weekend += u.getValue().stream().anyMatch(e -> e.time().atZone(z).getDayOfWeek().getValue() >= 6) ? 1 : 0;
            late += u.getValue().stream().anyMatch(e -> e.time().atZone(z).getHour() >= 21) ? 1 : 0;
        }
        assertTrue(weekend > m.size() / 5, "weekend users " + weekend);
        assertTrue(late > m.size() / 5, "late users " + late);
        assertTrue(weekend < m.size(), "everyone works weekends");
    }

    @Test
    void removableDriveRatesAreHeavyTailed() {
        Map<String, Long> connects = new HashMap<>();
        humansNormal().forEach((u, ev) -> connects.put(u, ev.stream().filter(e -> e.activity().equals("Connect")).count()));
        long never = connects.values().stream().filter(n -> n == 0).count();
        List<Long> users = connects.values().stream().filter(n -> n > 0).sorted().toList();
        assertTrue(never > connects.size() * 0.4, "never " + never);
        long median = users.get(users.size() / 2);
        assertTrue(users.get(users.size() - 1) >= 20 * Math.max(1, median), "max " + users.get(users.size() - 1) + " median " + median);
    }

    @Test
    void activityLevelsVaryTenfold() {
        List<Double> perDay = new ArrayList<>();
        humansNormal().forEach((u, ev) -> {
            long days = ev.stream().map(e -> e.time().atZone(zones.get(u)).toLocalDate()).distinct().count();
            perDay.add((double) ev.size() / days);
        });
        Collections.sort(perDay);
        double p05 = perDay.get(perDay.size() / 20), p95 = perDay.get(perDay.size() * 19 / 20);
        assertTrue(p95 >= 5 * p05, "p05 " + p05 + " p95 " + p95);
        assertTrue(perDay.get(perDay.size() - 1) >= 10 * perDay.get(0));
    }

    @Test
    void someUsersTravelAndSomeUseSharedOrColleagueMachines() {
        Map<String, Set<String>> countries = new HashMap<>();
        Map<String, String> cache = new HashMap<>();
        Map<String, Set<String>> hosts = new HashMap<>();
        humansNormal().forEach((u, ev) -> {
            for (Ev e : ev) {
                if (e.ip() != null) {
                    countries.computeIfAbsent(u, k -> new HashSet<>()).add(cache.computeIfAbsent(e.ip(),
                            ip -> GeoAddressPool.locate(ip).orElseThrow().getCountry().getIsoCode()));
                } else if (e.file().equals("logon.csv")) {
                    hosts.computeIfAbsent(u, k -> new HashSet<>()).add(e.host());
                }
            }
        });
        long travellers = countries.values().stream().filter(s -> s.size() > 1).count();
        assertTrue(travellers >= 20, "travellers " + travellers);
        long multiHost = hosts.values().stream().filter(s -> s.size() >= 3).count();
        assertTrue(multiHost >= 60, "users with 3+ hosts " + multiHost);
        assertTrue(events.stream().anyMatch(e -> e.file().equals("vpn.ndjson") && !e.success()
                && !scenarioIds.contains(e.id())), "no typos");
    }

    @Test
    void serviceAccountsWorkAroundTheClock() {
        Set<Integer> hours = events.stream().filter(e -> e.user().startsWith("SVC"))
                .map(e -> e.time().atZone(ZoneOffset.UTC).getHour()).collect(Collectors.toSet());
        assertEquals(24, hours.size());
        Set<DayOfWeek> days = events.stream().filter(e -> e.user().startsWith("SVC"))
                .map(e -> e.time().atZone(ZoneOffset.UTC).getDayOfWeek()).collect(Collectors.toSet());
        assertEquals(7, days.size());
    }

    @Test
    void workingHoursFollowLocalTimeAcrossDst() {
        // Berlin users start at the same local time, so in UTC they start an hour later after 25 October.
        List<Integer> before = new ArrayList<>(), after = new ArrayList<>();
        Map<String, Instant> firstOfDay = new TreeMap<>();
        for (Ev e : events) {
            ZoneId z = zones.get(e.user());
            if (e.file().equals("logon.csv") && z.getId().equals("Europe/Berlin")) {
                ZonedDateTime local = e.time().atZone(z);
                if (local.getDayOfWeek().getValue() < 6) {
                    firstOfDay.merge(e.user() + "|" + local.toLocalDate(), e.time(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        LocalDate change = LocalDate.of(2026, 10, 25);
        firstOfDay.forEach((k, t) -> {
            LocalDate d = LocalDate.parse(k.substring(k.indexOf('|') + 1));
            int minute = t.atZone(ZoneOffset.UTC).getHour() * 60 + t.atZone(ZoneOffset.UTC).getMinute();
            (d.isBefore(change) ? before : after).add(minute);
        });
        double shift = median(after) - median(before);
        assertEquals(60.0, shift, 20.0);
    }

    private static double median(List<Integer> xs) {
        List<Integer> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
