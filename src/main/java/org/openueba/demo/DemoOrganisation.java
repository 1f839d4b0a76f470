package org.openueba.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The seeded demo organisation: a few hundred employees in five offices whose logons, removable
 * drive use and VPN sign-ins over some weeks are written as CERT insider-threat CSV and ECS NDJSON,
 * with a handful of injected attack scenarios and their ground truth.
 *
 * <p>Everything random comes from {@link SplittableRandom} streams derived from the master seed:
 * one stream per user (habits and events), one per user for event ids, one for the shared
 * machines, one per scenario instance. Users are processed in index order and records are sorted
 * by (time, id), so equal parameters give byte-identical files. See {@code docs/demo.md} for the
 * distributions.
 *
 * <p>Not thread-safe; create one per generation (the GeoLite2 readers underneath are shared).
 */
public final class DemoOrganisation {
    /** CERT domain prefix of user names in logon.csv and device.csv. */
    public static final String DOMAIN = "DTAA";
    /** CERT date format; all times are UTC. */
    public static final DateTimeFormatter CERT_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    static final String LOGON = "logon.csv";
    static final String DEVICE = "device.csv";
    static final String VPN = "vpn.ndjson";

    private static final String[] FIRST = {"Aaron", "Abigail", "Adrian", "Aisha", "Alan", "Alice", "Amir",
            "Ana", "Andreas", "Anna", "Ben", "Bianca", "Carlos", "Chen", "Chloe", "Claire", "Daniel", "Deepa",
            "Diego", "Elena", "Emma", "Erik", "Fatima", "Felix", "Grace", "Hannah", "Hiroshi", "Ian", "Isabel",
            "Jakob", "James", "Jana", "Javier", "Jia", "John", "Julia", "Kai", "Karen", "Kofi", "Laura", "Leon",
            "Lena", "Liam", "Lucas", "Maria", "Mark", "Mei", "Mia", "Nadia", "Noah", "Olga", "Omar", "Paul",
            "Priya", "Rahul", "Rachel", "Robert", "Sara", "Sean", "Sofia", "Stefan", "Tom", "Uma", "Wei",
            "Yusuf", "Zoe"};
    private static final String[] LAST = {"Adams", "Ahmed", "Bauer", "Becker", "Brown", "Chan", "Clark",
            "Costa", "Davies", "Dubois", "Evans", "Fischer", "Garcia", "Gupta", "Hall", "Hoffmann", "Huang",
            "Ito", "Jones", "Kaur", "Khan", "Kim", "Klein", "Koch", "Lee", "Lim", "Lopez", "Martin", "Meyer",
            "Miller", "Moore", "Muller", "Nguyen", "Novak", "O'Brien", "Patel", "Petrov", "Richter", "Rossi",
            "Schmidt", "Schneider", "Silva", "Singh", "Smith", "Tan", "Taylor", "Thomas", "Walker", "Wang",
            "Weber", "White", "Wilson", "Wong", "Young", "Zhang"};
    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Operations", "Finance", "Marketing",
            "IT", "HR", "Legal"};
    private static final double[] DEPARTMENT_WEIGHTS = {0.30, 0.17, 0.13, 0.10, 0.08, 0.10, 0.06, 0.06};
    private static final Map<String, String[]> ROLES = Map.of(
            "Engineering", new String[] {"Software Engineer", "Senior Software Engineer", "QA Engineer",
                    "Data Scientist"},
            "Sales", new String[] {"Account Executive", "Sales Representative", "Sales Engineer"},
            "Operations", new String[] {"Operations Analyst", "Logistics Coordinator", "Facilities Coordinator"},
            "Finance", new String[] {"Accountant", "Financial Analyst", "Payroll Specialist"},
            "Marketing", new String[] {"Marketing Specialist", "Content Writer", "Designer"},
            "IT", new String[] {"IT Administrator", "IT Administrator", "Helpdesk Technician"},
            "HR", new String[] {"HR Generalist", "Recruiter"},
            "Legal", new String[] {"Counsel", "Paralegal"});
    private static final String[] USER_AGENTS = {
            "GlobalProtect/6.1.3 (Microsoft Windows 11 Enterprise, 64-bit)",
            "GlobalProtect/6.1.3 (Microsoft Windows 10 Enterprise, 64-bit)",
            "GlobalProtect/6.1.3 (Apple Mac OS X 14.5.0)",
            "GlobalProtect/6.0.7 (Apple Mac OS X 13.6.1)",
            "GlobalProtect/6.1.3 (iOS 17.5.1)",
            "GlobalProtect/6.1.1 (Android 14)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"};
    private static final String[] ATTACKER_AGENTS = {"python-requests/2.31.0", "Go-http-client/1.1",
            "curl/8.4.0", "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"};
    private static final String[] SERVICE_NAMES = {"backup", "monitor", "deploy", "sqlagent", "scanner"};

    private final DemoParameters p;
    private final List<DemoUser> users = new ArrayList<>();
    private final List<DemoUser> services = new ArrayList<>();
    private final Map<Office, List<String>> sharedPcs = new EnumMap<>(Office.class);
    private final List<String> servers = new ArrayList<>();
    private final Set<String> takenHosts = new HashSet<>();
    private final Map<String, List<DemoRecord>> records = new HashMap<>();
    private final Map<String, DemoUser> byId = new HashMap<>();
    private final Map<DemoUser, SplittableRandom> idStreams = new HashMap<>();
    private final List<GroundTruth> truth = new ArrayList<>();
    private GeoAddressPool geo;

    private DemoOrganisation(DemoParameters p) {
        this.p = p;
        records.put(LOGON, new ArrayList<>());
        records.put(DEVICE, new ArrayList<>());
        records.put(VPN, new ArrayList<>());
    }

    /**
     * Generates the demo organisation into {@code outDir} (created if missing; existing files of
     * the same names are replaced).
     *
     * @return the ground truth, also written to {@code ground-truth.csv}
     */
    public static List<GroundTruth> generate(DemoParameters p, Path outDir) throws IOException {
        DemoOrganisation org = new DemoOrganisation(p);
        org.build();
        org.write(outDir);
        return List.copyOf(org.truth);
    }

    // ------------------------------------------------------------------------------------------
    // building

    private void build() {
        Map<City, Integer> wanted = new EnumMap<>(City.class);
        for (City c : City.values()) {
            wanted.put(c, switch (c.use()) {
                case HOME -> 160;
                case TRAVEL -> 16;
                case ATTACK -> 8;
            });
        }
        geo = GeoAddressPool.build(p.seed(), wanted);
        SplittableRandom infra = new SplittableRandom(Seeds.mix(p.seed(), 1));
        for (Office o : Office.values()) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                list.add(newHost(infra, "PC-"));
            }
            sharedPcs.put(o, list);
        }
        for (int i = 0; i < 40; i++) {
            servers.add(newHost(infra, "SRV-"));
        }
        for (int i = 0; i < p.users(); i++) {
            DemoUser u = createUser(i);
            users.add(u);
            byId.put(u.id, u);
        }
        assignSupervisors();
        for (int i = 0; i < SERVICE_NAMES.length; i++) {
            DemoUser s = new DemoUser(p.users() + i);
            s.serviceAccount = true;
            s.id = String.format("SVC%04d", i + 1);
            s.firstName = "svc";
            s.lastName = SERVICE_NAMES[i];
            s.department = "IT";
            s.role = "Service Account";
            s.office = Office.NEW_YORK;
            s.zone = ZoneOffset.UTC;
            services.add(s);
            byId.put(s.id, s);
        }
        for (DemoUser u : users) {
            idStreams.put(u, new SplittableRandom(Seeds.mix(p.seed(), 3_000_000L + u.index)));
            generateNormal(u, new SplittableRandom(Seeds.mix(p.seed(), 2_000_000L + u.index)));
        }
        for (DemoUser s : services) {
            idStreams.put(s, new SplittableRandom(Seeds.mix(p.seed(), 3_000_000L + s.index)));
            generateService(s, new SplittableRandom(Seeds.mix(p.seed(), 2_000_000L + s.index)));
        }
        injectScenarios();
        Instant from = p.spanStart(), to = p.spanEnd();
        for (List<DemoRecord> list : records.values()) {
            list.removeIf(r -> r.time().isBefore(from) || !r.time().isBefore(to));
            Collections.sort(list);
        }
    }

    private String newHost(SplittableRandom r, String prefix) {
        while (true) {
            String h = prefix + String.format("%04d", r.nextInt(10_000));
            if (takenHosts.add(h)) {
                return h;
            }
        }
    }

    private DemoUser createUser(int index) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(p.seed(), 1_000_000L + index));
        DemoUser u = new DemoUser(index);
        u.firstName = FIRST[r.nextInt(FIRST.length)];
        u.lastName = LAST[r.nextInt(LAST.length)];
        String initials = "" + u.firstName.charAt(0) + (char) ('A' + r.nextInt(26)) + u.lastName.charAt(0);
        do {
            u.id = initials.toUpperCase() + String.format("%04d", r.nextInt(10_000));
        } while (byId.containsKey(u.id));
        double[] shares = new double[Office.values().length];
        for (Office o : Office.values()) {
            shares[o.ordinal()] = o.share;
        }
        u.office = Office.values()[pick(r, shares)];
        u.zone = u.office.zone();
        u.homeCity = u.office.homeCities.get(pick(r, u.office.homeWeights));
        u.department = DEPARTMENTS[pick(r, DEPARTMENT_WEIGHTS)];
        String[] roles = ROLES.get(u.department);
        u.role = roles[r.nextInt(roles.length)];
        u.itAdmin = "IT Administrator".equals(u.role);
        u.pc = newHost(r, "PC-");
        if (r.nextDouble() < 0.12) {
            u.secondPc = newHost(r, "PC-");
        }
        u.startMinute = clamp(510 + 50 * r.nextGaussian(), 360, 660);
        u.startJitter = 8 + 32 * r.nextDouble();
        u.dayLength = clamp(528 + 48 * r.nextGaussian(), 300, 660);
        u.logonsPerDay = clamp(Math.exp(Math.log(2.2) + 0.7 * r.nextGaussian()), 1, 25);
        u.weekendProb = r.nextDouble() < 0.65 ? 0 : 0.03 + 0.27 * r.nextDouble();
        double late = r.nextDouble();
        u.lateProb = late < 0.5 ? 0.03 * r.nextDouble() : late < 0.9 ? 0.03 + 0.09 * r.nextDouble()
                : 0.12 + 0.18 * r.nextDouble();
        u.sharedProb = r.nextDouble() < 0.5 ? 0 : 0.02 + 0.23 * r.nextDouble();
        u.colleagueProb = r.nextDouble() < 0.6 ? 0 : 0.005 + 0.035 * r.nextDouble();
        double rem = r.nextDouble();
        u.removablePerDay = rem < 0.55 ? 0 : rem < 0.80 ? logUniform(r, 0.01, 0.1)
                : rem < 0.95 ? logUniform(r, 0.15, 1.5) : logUniform(r, 2, 8);
        double vpn = r.nextDouble();
        u.vpnDayProb = vpn < 0.25 ? 0.03 * r.nextDouble() : vpn < 0.70 ? 0.05 + 0.35 * r.nextDouble()
                : 0.5 + 0.45 * r.nextDouble();
        u.typoProb = 0.01 + 0.06 * r.nextDouble();
        List<GeoAddressPool.Address> pool = geo.addresses(u.homeCity);
        u.homeIps.add(pool.get(r.nextInt(pool.size())));
        if (r.nextDouble() < 0.35) {
            u.homeIps.add(pool.get(r.nextInt(pool.size())));
        }
        u.userAgent = USER_AGENTS[r.nextInt(USER_AGENTS.length)];
        if (r.nextDouble() < 0.3) {
            u.secondUserAgent = USER_AGENTS[r.nextInt(USER_AGENTS.length)];
        }
        planDays(u, r);
        return u;
    }

    /** Weekends, one vacation week for some, sick days, and business trips. */
    private void planDays(DemoUser u, SplittableRandom r) {
        int n = p.days() + 2; // local day index -1 .. days
        u.days = new DemoUser.DayKind[n];
        for (int i = 0; i < n; i++) {
            DayOfWeek dow = p.start().plusDays(i - 1L).getDayOfWeek();
            boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
            u.days[i] = weekend ? DemoUser.DayKind.WEEKEND
                    : r.nextDouble() < 0.015 ? DemoUser.DayKind.SICK : DemoUser.DayKind.WORK;
        }
        if (r.nextDouble() < 0.35 && p.weeks() >= 2) {
            int week = r.nextInt(p.weeks());
            for (int d = 0; d < 7; d++) {
                int i = 1 + week * 7 + d;
                if (i < n && u.days[i] != DemoUser.DayKind.WEEKEND) {
                    u.days[i] = DemoUser.DayKind.VACATION;
                }
            }
        }
        double t = r.nextDouble();
        int trips = t < 0.72 ? 0 : t < 0.95 ? 1 : 2 + r.nextInt(2);
        for (int k = 0; k < trips; k++) {
            int nights = 2 + r.nextInt(4);
            int depart = 1 + r.nextInt(Math.max(1, p.days() - nights - 1));
            boolean free = depart + nights < n;
            for (int i = depart; free && i <= depart + nights; i++) {
                free = u.days[i] == DemoUser.DayKind.WORK || u.days[i] == DemoUser.DayKind.WEEKEND;
            }
            if (!free || u.days[depart] != DemoUser.DayKind.WORK) {
                continue;
            }
            City dest;
            if (r.nextDouble() < 0.6) {
                Office o = Office.values()[r.nextInt(Office.values().length)];
                dest = o == u.office ? City.PARIS : o.city;
            } else {
                List<City> travel = new ArrayList<>();
                for (City c : City.values()) {
                    if (c.use() == City.Use.TRAVEL) {
                        travel.add(c);
                    }
                }
                dest = travel.get(r.nextInt(travel.size()));
            }
            if (dest.country().equals(u.homeCity.country()) && dest.distanceKm(u.homeCity) < 100) {
                continue;
            }
            u.trips.add(new DemoUser.Trip(day(depart), day(depart + nights), dest));
            u.days[depart] = DemoUser.DayKind.TRAVEL_OUT;
            for (int i = depart + 1; i < depart + nights; i++) {
                u.days[i] = DemoUser.DayKind.AWAY;
            }
            u.days[depart + nights] = DemoUser.DayKind.TRAVEL_BACK;
        }
    }

    private LocalDate day(int index) {
        return p.start().plusDays(index - 1L);
    }

    private void assignSupervisors() {
        Map<String, DemoUser> heads = new LinkedHashMap<>();
        Map<String, DemoUser> leads = new LinkedHashMap<>();
        for (DemoUser u : users) {
            DemoUser head = heads.get(u.department);
            if (head == null) {
                heads.put(u.department, u);
                u.role = "Head of " + u.department;
                continue;
            }
            String key = u.office + "/" + u.department;
            DemoUser lead = leads.get(key);
            if (lead == null) {
                leads.put(key, u);
                u.role = u.department + " Manager";
                u.supervisor = head.id;
                continue;
            }
            u.supervisor = lead.id;
        }
        for (DemoUser u : users) {
            u.itAdmin = "IT Administrator".equals(u.role);
        }
    }

    // ------------------------------------------------------------------------------------------
    // normal behaviour

    private void generateNormal(DemoUser u, SplittableRandom r) {
        for (int i = 0; i < u.days.length; i++) {
            LocalDate d = day(i);
            if ((u.days[i] == DemoUser.DayKind.WORK || u.days[i] == DemoUser.DayKind.WEEKEND) && inTransitHome(u, d)) {
                continue; // still on the flight home: nothing at home before the latest possible landing
            }
            switch (u.days[i]) {
                case WORK -> workDay(u, r, d, u.zone, u.homeIps.get(r.nextDouble() < 0.8 ? 0 : u.homeIps.size() - 1),
                        u.vpnDayProb, null);
                case WEEKEND -> {
                    if (r.nextDouble() < u.weekendProb) {
                        weekendSession(u, r, d);
                    }
                }
                case TRAVEL_OUT, AWAY, TRAVEL_BACK -> travelDay(u, r, d, u.days[i]);
                default -> { }
            }
        }
    }

    /** Trips: departure between these local minutes of the day (07:00–11:00 out, 08:00–13:00 back). */
    private static final int OUT_LEAVE_FIRST = 420, OUT_LEAVE_LAST = 660, BACK_LEAVE_FIRST = 480, BACK_LEAVE_LAST = 780;
    /** Trips: at most this many minutes after the door-to-door time the first sign-in there / the arrival home. */
    private static final int OUT_SIGN_IN_AFTER_MAX = 135, BACK_HOME_AFTER_MAX = 90;

    /**
     * Whether home day {@code d} starts before the latest moment {@code u} can be back from the trip that
     * ended just before it (leaving the destination at {@link #BACK_LEAVE_LAST} local time at the latest,
     * door to door, plus {@link #BACK_HOME_AFTER_MAX} minutes): a flight home across many time zones lands
     * on a later home calendar day than it left.
     */
    private static boolean inTransitHome(DemoUser u, LocalDate d) {
        for (DemoUser.Trip t : u.trips) {
            if (!t.back().isBefore(d) || t.back().plusDays(3).isBefore(d)) continue;
            Instant home = at(t.back(), ZoneId.of(t.destination().zone()), BACK_LEAVE_LAST)
                    .plusSeconds(60L * (u.homeCity.travelMinutes(t.destination()) + BACK_HOME_AFTER_MAX));
            if (at(d, u.zone, 0).isBefore(home)) return true;
        }
        return false;
    }

    /** A working day in zone {@code zone}; VPN sign-ins (if any) come from {@code vpnIp}. */
    private void workDay(DemoUser u, SplittableRandom r, LocalDate d, ZoneId zone, GeoAddressPool.Address vpnIp,
                         double vpnProb, String extraHost) {
        double start = u.startMinute + u.startJitter * r.nextGaussian();
        double end = start + u.dayLength + 30 * r.nextGaussian();
        start = clamp(start, 330, 720);
        end = clamp(end, start + 120, 1380);
        boolean remote = r.nextDouble() < vpnProb;
        if (remote) {
            vpnSignIn(u, r, at(d, zone, start - 40 * r.nextDouble()), vpnIp);
            if (r.nextDouble() < 0.3) {
                vpnSignIn(u, r, at(d, zone, start + (end - start) * (0.4 + 0.3 * r.nextDouble())), vpnIp);
            }
        }
        int logons = Math.max(1, poisson(r, u.logonsPerDay));
        double[] times = new double[logons];
        times[0] = start;
        for (int k = 1; k < logons; k++) {
            times[k] = start + (end - start) * r.nextDouble();
        }
        java.util.Arrays.sort(times);
        String main = u.secondPc != null && r.nextDouble() < 0.3 ? u.secondPc : u.pc;
        for (int k = 0; k < logons; k++) {
            double off = k + 1 < logons ? Math.max(times[k] + 1, times[k + 1] - 1 - 20 * r.nextDouble()) : end;
            session(u, r, main, at(d, zone, times[k]), at(d, zone, off), r.nextDouble() < 0.03);
        }
        if (extraHost != null) {
            double t = start + (end - start) * r.nextDouble();
            session(u, r, extraHost, at(d, zone, t), at(d, zone, t + 20 + 120 * r.nextDouble()), false);
        }
        if (!remote && r.nextDouble() < u.sharedProb) {
            List<String> shared = sharedPcs.get(u.office);
            double t = start + (end - start) * r.nextDouble();
            session(u, r, shared.get(r.nextInt(shared.size())), at(d, zone, t), at(d, zone, t + 20 + 70 * r.nextDouble()), false);
        }
        if (!remote && r.nextDouble() < u.colleagueProb) {
            DemoUser c = colleague(u, r);
            if (c != null) {
                double t = start + (end - start) * r.nextDouble();
                session(u, r, c.pc, at(d, zone, t), at(d, zone, t + 5 + 25 * r.nextDouble()), false);
            }
        }
        if (u.itAdmin && extraHost == null) {
            int visits = 3 + r.nextInt(10);
            for (int k = 0; k < visits; k++) {
                double t = start + (end - start) * r.nextDouble();
                double pick = r.nextDouble();
                String host;
                if (pick < 0.25) {
                    host = servers.get(r.nextInt(servers.size()));
                } else {
                    DemoUser other = users.get(r.nextInt(users.size()));
                    host = pick < 0.85 && other.office != u.office ? null : other.pc;
                    if (host == null) {
                        continue;
                    }
                }
                session(u, r, host, at(d, zone, t), at(d, zone, t + 3 + 40 * r.nextDouble()), false);
            }
        }
        if (r.nextDouble() < u.lateProb) {
            double t = 1170 + 200 * r.nextDouble();
            double len = 30 + 90 * r.nextDouble();
            if (remote || r.nextDouble() < 0.5) {
                vpnSignIn(u, r, at(d, zone, t - 3), vpnIp);
            }
            session(u, r, main, at(d, zone, t), at(d, zone, Math.min(t + len, 1439)), false);
        }
        int drives = poisson(r, u.removablePerDay);
        for (int k = 0; k < drives; k++) {
            double t = start + (end - start) * r.nextDouble();
            double len = 1 + Math.min(240, -15 * Math.log(1 - r.nextDouble()));
            device(u, main, at(d, zone, t), at(d, zone, t + len));
        }
    }

    private void weekendSession(DemoUser u, SplittableRandom r, LocalDate d) {
        double t = 540 + 540 * r.nextDouble();
        double len = 30 + 150 * r.nextDouble();
        if (r.nextDouble() < 0.6) {
            vpnSignIn(u, r, at(d, u.zone, t - 2), u.homeIps.get(0));
        }
        session(u, r, u.secondPc != null ? u.secondPc : u.pc, at(d, u.zone, t), at(d, u.zone, t + len), false);
        if (r.nextDouble() < u.removablePerDay) {
            device(u, u.pc, at(d, u.zone, t + 10), at(d, u.zone, t + 25));
        }
    }

    /**
     * Travel: on the way out the user signs in from home early, leaves, and signs in at the
     * destination no earlier than the door-to-door travel time later; away days are working days in
     * the destination's zone from a hotel address (plus a hot desk when the destination is an
     * office); on the way back the user signs in at the destination, flies, and may sign in from
     * home in the evening.
     */
    private void travelDay(DemoUser u, SplittableRandom r, LocalDate d, DemoUser.DayKind kind) {
        DemoUser.Trip trip = u.tripOn(d);
        City dest = trip.destination();
        ZoneId destZone = ZoneId.of(dest.zone());
        List<GeoAddressPool.Address> hotels = geo.addresses(dest);
        GeoAddressPool.Address hotel = hotels.get(Math.floorMod(u.index * 7 + trip.depart().getDayOfYear(), hotels.size()));
        int travel = u.homeCity.travelMinutes(dest);
        switch (kind) {
            case TRAVEL_OUT -> {
                double leave = OUT_LEAVE_FIRST + (OUT_LEAVE_LAST - OUT_LEAVE_FIRST) * r.nextDouble();
                vpnSignIn(u, r, at(d, u.zone, leave - 90 - 60 * r.nextDouble()), u.homeIps.get(0));
                Instant arrive = at(d, u.zone, leave).plusSeconds(60L * (travel + 45 + r.nextInt(OUT_SIGN_IN_AFTER_MAX - 45)));
                vpnSignIn(u, r, arrive, hotel);
                session(u, r, u.pc, arrive.plusSeconds(120), arrive.plusSeconds(60L * (30 + r.nextInt(90))), false);
            }
            case AWAY -> {
                // nothing at the destination before the traveller can have arrived: after a long flight
                // across many time zones the first destination day may still be in transit
                Instant arrivedBy = at(trip.depart(), u.zone, OUT_LEAVE_LAST).plusSeconds(60L * (travel + OUT_SIGN_IN_AFTER_MAX));
                if (at(d, destZone, 0).isBefore(arrivedBy)) return;
                DayOfWeek dow = d.getDayOfWeek();
                if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
                    if (r.nextDouble() < 0.5) {
                        Instant t = at(d, destZone, 600 + 480 * r.nextDouble());
                        vpnSignIn(u, r, t, hotel);
                        session(u, r, u.pc, t.plusSeconds(60), t.plusSeconds(60L * (20 + r.nextInt(60))), false);
                    }
                    return;
                }
                String desk = null;
                for (Office o : Office.values()) {
                    if (o.city == dest) {
                        List<String> shared = sharedPcs.get(o);
                        desk = shared.get(r.nextInt(shared.size()));
                    }
                }
                workDay(u, r, d, destZone, hotel, desk == null ? 0.9 : 0.5, desk);
            }
            case TRAVEL_BACK -> {
                double leave = BACK_LEAVE_FIRST + (BACK_LEAVE_LAST - BACK_LEAVE_FIRST) * r.nextDouble();
                vpnSignIn(u, r, at(d, destZone, leave - 60 - 60 * r.nextDouble()), hotel);
                Instant home = at(d, destZone, leave).plusSeconds(60L * (travel + 30 + r.nextInt(BACK_HOME_AFTER_MAX - 30)));
                ZonedDateTime local = home.atZone(u.zone);
                if (local.getHour() >= 12 && local.getHour() < 22 && r.nextDouble() < 0.6) {
                    vpnSignIn(u, r, home.plusSeconds(60L * (20 + r.nextInt(120))), u.homeIps.get(0));
                }
            }
            default -> { }
        }
    }

    private DemoUser colleague(DemoUser u, SplittableRandom r) {
        for (int tries = 0; tries < 20; tries++) {
            DemoUser c = users.get(r.nextInt(users.size()));
            if (c != u && c.office == u.office && c.department.equals(u.department)) {
                return c;
            }
        }
        return null;
    }

    /** Service accounts: round-the-clock logons to servers, seven days a week. */
    private void generateService(DemoUser s, SplittableRandom r) {
        List<String> mine = new ArrayList<>();
        int count = switch (s.lastName) {
            case "backup" -> 16;
            case "monitor" -> 8;
            case "deploy" -> 12;
            case "sqlagent" -> 4;
            default -> 0;
        };
        for (int i = 0; i < count; i++) {
            mine.add(servers.get((s.index * 13 + i * 3) % servers.size()));
        }
        for (int i = 0; i < p.days() + 2; i++) {
            LocalDate d = day(i);
            switch (s.lastName) {
                case "backup" -> {
                    double t = 60 + 30 * r.nextDouble();
                    for (String h : mine) {
                        double len = 2 + 12 * r.nextDouble();
                        session(s, r, h, at(d, s.zone, t), at(d, s.zone, t + len), false);
                        t += len + r.nextDouble() * 3;
                    }
                }
                case "monitor" -> {
                    for (int k = 0; k < 48; k++) {
                        double t = k * 30 + 2 * r.nextDouble();
                        session(s, r, mine.get(k % mine.size()), at(d, s.zone, t), at(d, s.zone, t + 0.5 + r.nextDouble()), false);
                    }
                }
                case "deploy" -> {
                    int deploys = poisson(r, d.getDayOfWeek().getValue() >= 6 ? 0.5 : 3);
                    for (int k = 0; k < deploys; k++) {
                        double t = 1440 * r.nextDouble();
                        int targets = 3 + r.nextInt(6);
                        int first = r.nextInt(mine.size());
                        for (int j = 0; j < targets; j++) {
                            session(s, r, mine.get((first + j) % mine.size()), at(d, s.zone, t + j), at(d, s.zone, t + j + 2 + 5 * r.nextDouble()), false);
                        }
                    }
                }
                case "sqlagent" -> {
                    for (int hr = 0; hr < 24; hr++) {
                        for (String h : mine) {
                            double t = hr * 60 + 5 + 3 * r.nextDouble();
                            session(s, r, h, at(d, s.zone, t), at(d, s.zone, t + 1 + r.nextDouble()), false);
                        }
                    }
                }
                default -> { // weekly vulnerability scan of every workstation, Saturday night
                    if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
                        double t = 1320 + 30 * r.nextDouble();
                        for (DemoUser u : users) {
                            session(s, r, u.pc, at(d, s.zone, t), at(d, s.zone, t + 0.5), false);
                            t += 0.3 + 0.4 * r.nextDouble();
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // record makers

    private void session(DemoUser u, SplittableRandom r, String host, Instant on, Instant off, boolean missingLogoff) {
        add(LOGON, new DemoRecord(on, nextId(u), u.id, host, "Logon", null, null, true));
        if (!missingLogoff && off.isAfter(on)) {
            add(LOGON, new DemoRecord(off, nextId(u), u.id, host, "Logoff", null, null, true));
        }
    }

    private void device(DemoUser u, String host, Instant connect, Instant disconnect) {
        add(DEVICE, new DemoRecord(connect, nextId(u), u.id, host, "Connect", null, null, true));
        add(DEVICE, new DemoRecord(disconnect, nextId(u), u.id, host, "Disconnect", null, null, true));
    }

    private void vpnSignIn(DemoUser u, SplittableRandom r, Instant t, GeoAddressPool.Address ip) {
        String agent = u.secondUserAgent != null && r.nextDouble() < 0.25 ? u.secondUserAgent : u.userAgent;
        if (r.nextDouble() < u.typoProb) {
            add(VPN, new DemoRecord(t, nextId(u), u.id, u.office.vpnGateway, "vpn-login", ip.ip(), agent, false));
            if (r.nextDouble() < 0.3) {
                t = t.plusSeconds(4 + r.nextInt(20));
                add(VPN, new DemoRecord(t, nextId(u), u.id, u.office.vpnGateway, "vpn-login", ip.ip(), agent, false));
            }
            t = t.plusSeconds(5 + r.nextInt(50));
        }
        add(VPN, new DemoRecord(t, nextId(u), u.id, u.office.vpnGateway, "vpn-login", ip.ip(), agent, true));
    }

    private void add(String file, DemoRecord rec) {
        records.get(file).add(rec);
    }

    private String nextId(DemoUser u) {
        return randomId(idStreams.get(u));
    }

    /** A CERT-style id {@code {XXXX-XXXXXXXX-XXXXXXXX}} of upper-case letters and digits. */
    static String randomId(SplittableRandom r) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(23).append('{');
        for (int i = 0; i < 20; i++) {
            if (i == 4 || i == 12) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------------------------------
    // scenarios

    private void injectScenarios() {
        int instances = Math.max(1, p.users() / 150);
        Set<DemoUser> used = new HashSet<>();
        for (Scenario sc : Scenario.values()) {
            for (int k = 0; k < instances; k++) {
                SplittableRandom r = new SplittableRandom(Seeds.mix(p.seed(), 4_000_000L + sc.ordinal() * 1000L + k));
                GroundTruth gt = switch (sc) {
                    case AFTER_HOURS_REMOVABLE -> afterHoursRemovable(r, used);
                    case REMOVABLE_SURGE -> removableSurge(r, used);
                    case ADMIN_COLLEAGUE_AFTER_HOURS -> adminColleague(r, used);
                    case ACCOUNT_TAKEOVER -> accountTakeover(r, used, k);
                    case LATERAL_MOVEMENT -> lateralMovement(r, used);
                    case BRUTE_FORCE_THEN_SUCCESS -> bruteForce(r, used, k);
                };
                if (gt != null) {
                    truth.add(gt);
                }
            }
        }
    }

    private interface Candidate {
        boolean test(DemoUser u);
    }

    private DemoUser pickUser(SplittableRandom r, Set<DemoUser> used, Candidate c) {
        List<DemoUser> list = new ArrayList<>();
        for (DemoUser u : users) {
            if (!used.contains(u) && c.test(u)) {
                list.add(u);
            }
        }
        if (list.isEmpty()) {
            return null;
        }
        DemoUser u = list.get(r.nextInt(list.size()));
        used.add(u);
        return u;
    }

    /** Index of a working day (for this user) in the last weeks, with {@code run} working days in a row. */
    private int scenarioDay(SplittableRandom r, DemoUser u, int run) {
        int n = p.days();
        int from = n >= 28 ? n - 20 : n / 2;
        int to = n - 2 - run;
        List<Integer> ok = new ArrayList<>();
        for (int i = Math.max(2, from); i <= to; i++) {
            boolean all = true;
            for (int j = 0; j < run && all; j++) {
                all = u.days[i + j] == DemoUser.DayKind.WORK;
            }
            if (all) {
                ok.add(i);
            }
        }
        return ok.isEmpty() ? -1 : ok.get(r.nextInt(ok.size()));
    }

    private GroundTruth afterHoursRemovable(SplittableRandom r, Set<DemoUser> used) {
        DemoUser u = pickUser(r, used, x -> !x.itAdmin && x.removablePerDay == 0 && x.weekendProb == 0
                && x.lateProb < 0.05 && scenarioDay(new SplittableRandom(0), x, 1) >= 0);
        if (u == null) {
            return null;
        }
        int i = scenarioDay(r, u, 1);
        LocalDate d = day(i);
        double t = 60 + 150 * r.nextDouble();
        List<DemoRecord> ev = new ArrayList<>();
        ev.add(rec(r, LOGON, at(d, u.zone, t), u, u.pc, "Logon", null, null, true));
        double c = t + 4 + 10 * r.nextDouble();
        ev.add(rec(r, DEVICE, at(d, u.zone, c), u, u.pc, "Connect", null, null, true));
        double dc = c + 15 + 30 * r.nextDouble();
        ev.add(rec(r, DEVICE, at(d, u.zone, dc), u, u.pc, "Disconnect", null, null, true));
        ev.add(rec(r, LOGON, at(d, u.zone, dc + 2 + 5 * r.nextDouble()), u, u.pc, "Logoff", null, null, true));
        return truth(Scenario.AFTER_HOURS_REMOVABLE, u, ev, "User " + u.id + ", who has never used a removable"
                + " drive, logs on to " + u.pc + " at " + localTime(ev.get(0).time(), u.zone)
                + " local time and connects a removable drive for " + Math.round(dc - c) + " minutes");
    }

    private GroundTruth removableSurge(SplittableRandom r, Set<DemoUser> used) {
        DemoUser u = pickUser(r, used, x -> x.removablePerDay >= 0.6 && x.removablePerDay <= 2.0
                && scenarioDay(new SplittableRandom(0), x, 3) >= 0);
        if (u == null) {
            return null;
        }
        int runs = 2 + r.nextInt(2);
        int i = scenarioDay(r, u, runs);
        Set<LocalDate> dates = new TreeSet<>();
        for (int j = 0; j < runs; j++) {
            dates.add(day(i + j));
        }
        records.get(DEVICE).removeIf(x -> x.user().equals(u.id) && dates.contains(x.time().atZone(u.zone).toLocalDate()));
        List<DemoRecord> ev = new ArrayList<>();
        double factor = 5 + 3 * r.nextDouble();
        int perDay = (int) Math.max(5, Math.round(u.removablePerDay * factor));
        for (LocalDate d : dates) {
            int first = (int) (u.startMinute / 30) + 1;
            List<Integer> slots = new ArrayList<>();
            for (int s = first; s < first + 16; s++) {
                slots.add(s);
            }
            for (int k = 0; k < perDay && !slots.isEmpty(); k++) {
                int slot = slots.remove(r.nextInt(slots.size()));
                double c = slot * 30 + 18 * r.nextDouble();
                ev.add(rec(r, DEVICE, at(d, u.zone, c), u, u.pc, "Connect", null, null, true));
                ev.add(rec(r, DEVICE, at(d, u.zone, c + 3 + 8 * r.nextDouble()), u, u.pc, "Disconnect", null, null, true));
            }
        }
        return truth(Scenario.REMOVABLE_SURGE, u, ev, String.format(java.util.Locale.ROOT,
                "User %s, usually %.2f removable-drive connections a working day, connects %d a day for %d days"
                        + " (%.1fx), never more than two in one hour", u.id, u.removablePerDay, perDay, runs,
                perDay / u.removablePerDay));
    }

    private GroundTruth adminColleague(SplittableRandom r, Set<DemoUser> used) {
        DemoUser a = pickUser(r, used, x -> x.itAdmin && x.index != 0 && scenarioDay(new SplittableRandom(0), x, 1) >= 0);
        if (a == null) {
            return null;
        }
        Set<String> hosts = hostsOf(a.id);
        // As designed: a same-office colleague outside IT whose PC the admin never touched. In a small
        // organisation the admin's daily visits may have reached every such PC (or the office has
        // nobody outside IT); then, in this order, an untouched PC in another office, or a PC the
        // admin has used before (only the hour is unusual then), the ground truth's description
        // saying which. Organisations that have a first-choice victim draw exactly as before.
        String adapted = "";
        List<DemoUser> victims = colleaguesOutsideIt(a, true, hosts);
        if (victims.isEmpty()) {
            victims = colleaguesOutsideIt(a, false, hosts);
            adapted = "; no colleague outside IT in the admin's office had a PC new to them, so one in another office";
        }
        if (victims.isEmpty()) {
            victims = colleaguesOutsideIt(a, true, Set.of());
            if (victims.isEmpty()) {
                victims = colleaguesOutsideIt(a, false, Set.of());
            }
            adapted = "; the admin had used the PC of every colleague outside IT before, so only the hour is unusual";
        }
        if (victims.isEmpty()) {
            used.remove(a); // nobody works outside IT: no instance, like other scenarios without a candidate
            return null;
        }
        DemoUser v = victims.get(r.nextInt(victims.size()));
        LocalDate d = day(scenarioDay(r, a, 1));
        double t = 1380 + 150 * r.nextDouble();
        List<DemoRecord> ev = new ArrayList<>();
        ev.add(rec(r, LOGON, at(d, a.zone, t), a, v.pc, "Logon", null, null, true));
        ev.add(rec(r, LOGON, at(d, a.zone, t + 6 + 20 * r.nextDouble()), a, v.pc, "Logoff", null, null, true));
        String where = v.office == a.office ? "" : ", " + v.office.city.cityName() + " office";
        return truth(Scenario.ADMIN_COLLEAGUE_AFTER_HOURS, a, ev, "IT administrator " + a.id + " logs on to "
                + v.pc + ", the personal workstation of " + v.id + " (" + v.department + where + "), at "
                + localTime(ev.get(0).time(), a.zone) + " local time" + adapted);
    }

    /** Users outside IT (in {@code a}'s office, or anywhere) whose personal PC is not in {@code touched}, in index order. */
    private List<DemoUser> colleaguesOutsideIt(DemoUser a, boolean sameOffice, Set<String> touched) {
        List<DemoUser> out = new ArrayList<>();
        for (DemoUser u : users) {
            if ((!sameOffice || u.office == a.office) && !"IT".equals(u.department) && !touched.contains(u.pc)) {
                out.add(u);
            }
        }
        return out;
    }

    private GroundTruth accountTakeover(SplittableRandom r, Set<DemoUser> used, int k) {
        DemoUser u = pickUser(r, used, x -> x.vpnDayProb >= 0.3 && scenarioDay(new SplittableRandom(0), x, 1) >= 0);
        if (u == null) {
            return null;
        }
        LocalDate d = day(scenarioDay(r, u, 1));
        Set<Long> asns = new HashSet<>();
        for (GeoAddressPool.Address h : u.homeIps) {
            asns.add(h.asn());
        }
        City[] attack = {City.MOSCOW, City.LAGOS, City.HANOI, City.SAO_PAULO};
        City city = attack[k % attack.length];
        GeoAddressPool.Address bad = null;
        for (GeoAddressPool.Address a : geo.addresses(city)) {
            if (!asns.contains(a.asn()) && a.asn() != 0) {
                bad = a;
                break;
            }
        }
        Instant home = at(d, u.zone, u.startMinute - 10 - 20 * r.nextDouble());
        DemoRecord homeRec = rec(r, VPN, home, u, u.office.vpnGateway, "vpn-login", u.homeIps.get(0).ip(), u.userAgent, true);
        List<DemoRecord> ev = new ArrayList<>();
        Instant t = home.plusSeconds(60L * (35 + r.nextInt(75)));
        String agent = ATTACKER_AGENTS[3];
        ev.add(rec(r, VPN, t, u, u.office.vpnGateway, "vpn-login", bad.ip(), agent, true));
        int more = 1 + r.nextInt(2);
        for (int j = 0; j < more; j++) {
            t = t.plusSeconds(60L * (5 + r.nextInt(15)));
            ev.add(rec(r, VPN, t, u, u.office.vpnGateway, "vpn-login", bad.ip(), agent, true));
        }
        long minutes = java.time.Duration.between(home, ev.get(0).time()).toMinutes();
        return truth(Scenario.ACCOUNT_TAKEOVER, u, ev, "User " + u.id + " signs in from home ("
                + u.homeCity.cityName() + ", " + u.homeCity.country() + ", event " + homeRec.id() + "), then "
                + minutes + " minutes later from " + bad.ip() + " (" + city.cityName() + ", " + city.country()
                + ", AS" + bad.asn() + "): impossible travel");
    }

    private GroundTruth lateralMovement(SplittableRandom r, Set<DemoUser> used) {
        DemoUser u = pickUser(r, used, x -> !x.itAdmin && !"IT".equals(x.department)
                && scenarioDay(new SplittableRandom(0), x, 1) >= 0);
        if (u == null) {
            return null;
        }
        Set<String> own = hostsOf(u.id);
        List<String> targets = new ArrayList<>();
        for (String s : servers) {
            if (!own.contains(s)) {
                targets.add(s);
            }
        }
        for (DemoUser o : users) {
            if (o != u && !own.contains(o.pc) && !o.department.equals(u.department)) {
                targets.add(o.pc);
            }
        }
        int n = 15 + r.nextInt(8);
        LocalDate d = day(scenarioDay(r, u, 1));
        double t = 600 + 300 * r.nextDouble();
        double t0 = t;
        List<DemoRecord> ev = new ArrayList<>();
        List<String> hit = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            String h = targets.remove(r.nextInt(targets.size()));
            hit.add(h);
            ev.add(rec(r, LOGON, at(d, u.zone, t), u, h, "Logon", null, null, true));
            ev.add(rec(r, LOGON, at(d, u.zone, t + 0.5 + 3 * r.nextDouble()), u, h, "Logoff", null, null, true));
            t += 2 + 4 * r.nextDouble();
        }
        return truth(Scenario.LATERAL_MOVEMENT, u, ev, "User " + u.id + " logs on to " + n
                + " hosts never used before within " + Math.round(t - t0) + " minutes: " + String.join(" ", hit));
    }

    private GroundTruth bruteForce(SplittableRandom r, Set<DemoUser> used, int k) {
        DemoUser u = pickUser(r, used, x -> x.vpnDayProb >= 0.1 && scenarioDay(new SplittableRandom(0), x, 1) >= 0);
        if (u == null) {
            return null;
        }
        City[] attack = {City.BUCHAREST, City.KYIV, City.HANOI, City.LAGOS};
        City city = attack[k % attack.length];
        List<GeoAddressPool.Address> pool = geo.addresses(city);
        GeoAddressPool.Address bad = pool.get(r.nextInt(pool.size()));
        LocalDate d = day(scenarioDay(r, u, 1));
        Instant t = at(d, ZoneOffset.UTC, 1440 * r.nextDouble());
        String agent = ATTACKER_AGENTS[r.nextInt(3)];
        int failures = 30 + r.nextInt(31);
        List<DemoRecord> ev = new ArrayList<>();
        for (int j = 0; j < failures; j++) {
            ev.add(rec(r, VPN, t, u, u.office.vpnGateway, "vpn-login", bad.ip(), agent, false));
            t = t.plusSeconds(3 + r.nextInt(13));
        }
        ev.add(rec(r, VPN, t.plusSeconds(10 + r.nextInt(50)), u, u.office.vpnGateway, "vpn-login", bad.ip(), agent, true));
        return truth(Scenario.BRUTE_FORCE_THEN_SUCCESS, u, ev, failures + " failed VPN sign-ins for " + u.id
                + " from " + bad.ip() + " (" + city.cityName() + ", " + city.country() + ") within "
                + java.time.Duration.between(ev.get(0).time(), ev.get(ev.size() - 1).time()).toMinutes()
                + " minutes, then a success from the same address");
    }

    private DemoRecord rec(SplittableRandom r, String file, Instant t, DemoUser u, String host, String activity,
                           String ip, String agent, boolean success) {
        DemoRecord rec = new DemoRecord(t, randomId(r), u.id, host, activity, ip, agent, success);
        add(file, rec);
        return rec;
    }

    private GroundTruth truth(Scenario sc, DemoUser u, List<DemoRecord> ev, String description) {
        List<DemoRecord> sorted = new ArrayList<>(ev);
        Collections.sort(sorted);
        List<String> ids = new ArrayList<>();
        for (DemoRecord e : sorted) {
            ids.add(e.id());
        }
        return new GroundTruth(sc, u.id, sorted.get(0).time(), sorted.get(sorted.size() - 1).time(), sc.files(), ids,
                description);
    }

    private Set<String> hostsOf(String user) {
        Set<String> hosts = new HashSet<>();
        for (DemoRecord x : records.get(LOGON)) {
            if (x.user().equals(user)) {
                hosts.add(x.host());
            }
        }
        for (DemoRecord x : records.get(DEVICE)) {
            if (x.user().equals(user)) {
                hosts.add(x.host());
            }
        }
        return hosts;
    }

    // ------------------------------------------------------------------------------------------
    // writing

    private void write(Path out) throws IOException {
        Files.createDirectories(out);
        Set<String> ids = new HashSet<>();
        for (List<DemoRecord> list : records.values()) {
            for (DemoRecord x : list) {
                if (!ids.add(x.id())) {
                    throw new IllegalStateException("duplicate event id " + x.id());
                }
            }
        }
        for (String file : List.of(LOGON, DEVICE)) {
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve(file), StandardCharsets.UTF_8)) {
                w.write("id,date,user,pc,activity\n");
                for (DemoRecord x : records.get(file)) {
                    w.write(x.id() + "," + CERT_TIME.format(x.time().atOffset(ZoneOffset.UTC)) + "," + DOMAIN + "/"
                            + x.user() + "," + x.host() + "," + x.activity() + "\n");
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve(VPN), StandardCharsets.UTF_8)) {
            for (DemoRecord x : records.get(VPN)) {
                w.write("{\"@timestamp\":\"" + x.time() + "\",\"event\":{\"id\":\"" + x.id()
                        + "\",\"category\":[\"authentication\"],\"action\":\"" + x.activity() + "\",\"outcome\":\""
                        + (x.success() ? "success" : "failure") + "\"},\"user\":{\"name\":\"" + x.user()
                        + "\"},\"source\":{\"ip\":\"" + x.ip() + "\"},\"host\":{\"name\":\"" + x.host()
                        + "\"},\"user_agent\":{\"original\":\"" + json(x.userAgent()) + "\"}}\n");
            }
        }
        List<DemoUser> all = new ArrayList<>(users);
        all.addAll(services);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("directory.csv"), StandardCharsets.UTF_8)) {
            w.write("user_id,display_name,email,department,role,supervisor,time_zone\n");
            for (DemoUser u : all) {
                w.write(csv(u.id) + "," + csv(u.displayName()) + "," + csv(email(u)) + "," + csv(u.department) + ","
                        + csv(u.role) + "," + csv(u.supervisor) + "," + u.zone.getId() + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("directory-cert-ldap.csv"), StandardCharsets.UTF_8)) {
            w.write("employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor\n");
            for (DemoUser u : all) {
                int dep = java.util.Arrays.asList(DEPARTMENTS).indexOf(u.department) + 1;
                DemoUser sup = byId.get(u.supervisor);
                w.write(csv(u.displayName()) + "," + csv(u.id) + "," + csv(email(u)) + "," + csv(u.role) + ",1,"
                        + csv(dep + " - " + u.department) + "," + csv((u.office.ordinal() + 1) + " - "
                        + u.office.city.cityName()) + "," + csv((u.office.ordinal() + 1) + " - "
                        + u.office.city.cityName() + " " + u.department) + "," + csv(sup == null ? "" : sup.displayName())
                        + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("ground-truth.csv"), StandardCharsets.UTF_8)) {
            w.write(GroundTruth.HEADER + "\n");
            for (GroundTruth g : truth) {
                w.write(g.toCsv() + "\n");
            }
        }
        Files.writeString(out.resolve("summary.json"), summary(), StandardCharsets.UTF_8);
    }

    private static String email(DemoUser u) {
        return u.serviceAccount ? "svc-" + u.lastName + "@dtaa.example" : u.email();
    }

    private String summary() {
        Map<String, Integer> perOffice = new TreeMap<>();
        int admins = 0, travellers = 0, removable = 0, vpnUsers = 0;
        for (DemoUser u : users) {
            perOffice.merge(u.office.city.cityName(), 1, Integer::sum);
            admins += u.itAdmin ? 1 : 0;
            travellers += u.trips.isEmpty() ? 0 : 1;
            removable += u.removablePerDay > 0 ? 1 : 0;
            vpnUsers += u.vpnDayProb >= 0.05 ? 1 : 0;
        }
        Set<String> entityDays = new HashSet<>();
        for (List<DemoRecord> list : records.values()) {
            for (DemoRecord x : list) {
                DemoUser u = byId.get(x.user());
                entityDays.add(x.user() + "|" + x.time().atZone(u.zone).toLocalDate());
            }
        }
        Map<String, Integer> scenarios = new TreeMap<>();
        for (GroundTruth g : truth) {
            scenarios.merge(g.scenario().wireName(), 1, Integer::sum);
        }
        int total = records.get(LOGON).size() + records.get(DEVICE).size() + records.get(VPN).size();
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"parameters\": {\"seed\": ").append(p.seed()).append(", \"users\": ").append(p.users())
                .append(", \"weeks\": ").append(p.weeks()).append(", \"start\": \"").append(p.start())
                .append("\", \"spanStart\": \"").append(p.spanStart()).append("\", \"spanEnd\": \"")
                .append(p.spanEnd()).append("\"},\n");
        sb.append("  \"users\": {\"human\": ").append(users.size()).append(", \"serviceAccounts\": ")
                .append(services.size()).append(", \"itAdministrators\": ").append(admins)
                .append(", \"travellers\": ").append(travellers).append(", \"removableDriveUsers\": ")
                .append(removable).append(", \"vpnUsers\": ").append(vpnUsers).append(", \"perOffice\": {");
        String sep = "";
        for (Map.Entry<String, Integer> e : perOffice.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\": ").append(e.getValue());
            sep = ", ";
        }
        sb.append("}},\n");
        sb.append("  \"events\": {\"logon.csv\": ").append(records.get(LOGON).size()).append(", \"device.csv\": ")
                .append(records.get(DEVICE).size()).append(", \"vpn.ndjson\": ").append(records.get(VPN).size())
                .append(", \"total\": ").append(total).append("},\n");
        sb.append("  \"entityDays\": ").append(entityDays.size()).append(",\n");
        sb.append("  \"scenarios\": {");
        sep = "";
        for (Map.Entry<String, Integer> e : scenarios.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\": ").append(e.getValue());
            sep = ", ";
        }
        sb.append("}\n}\n");
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------
    // small maths

    /** The instant of {@code minutes} after local midnight of {@code d} in {@code zone}, to the second. */
    static Instant at(LocalDate d, ZoneId zone, double minutes) {
        long seconds = Math.round(minutes * 60);
        return ZonedDateTime.of(LocalDateTime.of(d, java.time.LocalTime.MIDNIGHT).plusSeconds(seconds), zone).toInstant();
    }

    private static String localTime(Instant t, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm").format(t.atZone(zone));
    }

    private static int pick(SplittableRandom r, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = r.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Poisson variate by Knuth's multiplication method (fine for the small means used here). */
    static int poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean), prod = r.nextDouble();
        int n = 0;
        while (prod > limit) {
            n++;
            prod *= r.nextDouble();
        }
        return n;
    }

    private static double logUniform(SplittableRandom r, double lo, double hi) {
        return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r.nextDouble());
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ------------------------------------------------------------------------------------------
    // command line

    /**
     * Command line: {@code --seed N --users N --weeks N --start YYYY-MM-DD --out DIR} (all optional;
     * defaults 42, 300, 9, 2026-09-07, {@code data/demo}).
     */
    public static void main(String[] args) throws IOException {
        long seed = DemoParameters.DEFAULT_SEED;
        int users = DemoParameters.DEFAULT_USERS, weeks = DemoParameters.DEFAULT_WEEKS;
        LocalDate start = DemoParameters.DEFAULT_START;
        Path out = Path.of("data", "demo");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--users" -> users = Integer.parseInt(v);
                    case "--weeks" -> weeks = Integer.parseInt(v);
                    case "--start" -> start = LocalDate.parse(v);
                    case "--out" -> out = Path.of(v);
                    default -> usage("unknown option " + a);
                }
            } catch (RuntimeException e) {
                usage("bad value for " + a + ": " + v);
            }
        }
        long t0 = System.nanoTime();
        List<GroundTruth> gt = generate(new DemoParameters(seed, users, weeks, start), out);
        System.out.printf(java.util.Locale.ROOT, "demo organisation written to %s in %.1f s (%d scenario instances)%n",
                out, (System.nanoTime() - t0) / 1e9, gt.size());
        System.out.print(Files.readString(out.resolve("summary.json")));
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: DemoOrganisation [--seed N] [--users N] [--weeks N] [--start YYYY-MM-DD] [--out DIR]");
        System.exit(2);
    }
}
