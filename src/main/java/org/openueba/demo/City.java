package org.openueba.demo;

import java.util.List;

/**
 * The cities of the demo world: where users live, where they travel and where attackers sit.
 *
 * <p>Each city carries a few /16 prefixes in which the pinned GeoLite2 City database (Elastic's
 * {@code geolite2-databases:20191119}) places many addresses in that city. They were found once by
 * looking up five million seeded random public addresses and keeping, per city, the /16s with the
 * most hits. They are only search hints: {@link GeoAddressPool} checks every address it hands out
 * against the database and falls back to a whole-space scan and then to a country match, so a
 * different database version still yields correct (if slower to find) addresses.
 */
public enum City {
    NEW_YORK("New York", "US", "America/New_York", 40.71, -74.01, Use.HOME,
            "184.248 149.89 107.51 128.122 157.150 128.59 146.111 165.65 108.46 100.35"),
    BROOKLYN("Brooklyn", "US", "America/New_York", 40.68, -73.94, Use.HOME,
            "146.245 128.238 157.188 138.5 165.155 67.85 108.46 66.108"),
    JERSEY_CITY("Jersey City", "US", "America/New_York", 40.73, -74.07, Use.HOME,
            "100.35 76.116 71.172 70.34 204.12 198.74 64.118"),
    NEWARK("Newark", "US", "America/New_York", 40.74, -74.17, Use.HOME,
            "128.4 17.34 128.235 76.12 128.175 130.156 65.36 67.59"),
    CHICAGO("Chicago", "US", "America/Chicago", 41.88, -87.63, Use.HOME,
            "108.115 140.192 129.150 108.101 167.165 131.193 128.135 129.191"),
    EVANSTON("Evanston", "US", "America/Chicago", 42.05, -87.69, Use.HOME,
            "165.124 129.105 199.74 24.12 107.135"),
    NAPERVILLE("Naperville", "US", "America/Chicago", 41.75, -88.15, Use.HOME,
            "135.1 73.73 75.118 50.4 143.195 208.80"),
    LONDON("London", "GB", "Europe/London", 51.51, -0.13, Use.HOME,
            "128.16 140.97 18.130 165.3 144.24 138.37 51.140 46.101"),
    READING("Reading", "GB", "Europe/London", 51.45, -0.97, Use.HOME,
            "134.225 90.195 82.20 82.13 37.26 92.0"),
    MANCHESTER("Manchester", "GB", "Europe/London", 53.48, -2.24, Use.HOME,
            "130.88 149.170 82.29 2.98 90.252 109.111 88.108"),
    BERLIN("Berlin", "DE", "Europe/Berlin", 52.52, 13.40, Use.HOME,
            "141.20 141.23 160.45 141.42 77.13 85.214 91.65 51.116"),
    POTSDAM("Potsdam", "DE", "Europe/Berlin", 52.39, 13.06, Use.HOME,
            "141.89 91.61 141.14 84.129"),
    HAMBURG("Hamburg", "DE", "Europe/Berlin", 53.55, 9.99, Use.HOME,
            "134.28 139.11 77.186 134.100 188.108 31.18 149.233 46.59"),
    SINGAPORE("Singapore", "SG", "Asia/Singapore", 1.35, 103.82, Use.HOME,
            "8.211 18.139 8.220 18.136 161.117 52.163 34.101 58.182"),
    MUNICH("Munich", "DE", "Europe/Berlin", 48.14, 11.58, Use.TRAVEL,
            "131.159 138.245 138.246 137.193 134.247 93.104 77.7"),
    PARIS("Paris", "FR", "Europe/Paris", 48.86, 2.35, Use.TRAVEL,
            "155.237 92.222 51.159 132.227 35.181 165.54 93.19 78.192"),
    AMSTERDAM("Amsterdam", "NL", "Europe/Amsterdam", 52.37, 4.90, Use.TRAVEL,
            "52.166 13.95 145.108 13.81 140.86 145.18 132.226"),
    TOKYO("Tokyo", "JP", "Asia/Tokyo", 35.68, 139.69, Use.TRAVEL,
            "131.112 163.215 54.249 160.24 194.91 130.62 130.69"),
    TORONTO("Toronto", "CA", "America/Toronto", 43.65, -79.38, Use.TRAVEL,
            "142.253 142.1 142.214 168.144 99.239 137.15 141.117"),
    SAN_FRANCISCO("San Francisco", "US", "America/Los_Angeles", 37.77, -122.42, Use.TRAVEL,
            "128.218 169.230 138.202 130.212 136.24 173.1 166.204"),
    MADRID("Madrid", "ES", "Europe/Madrid", 40.42, -3.70, Use.TRAVEL,
            "163.117 150.244 138.100 138.4 2.153 37.11 89.141"),
    SYDNEY("Sydney", "AU", "Australia/Sydney", -33.87, 151.21, Use.TRAVEL,
            "52.62 13.238 3.24 3.26 129.78 49.179 129.154"),
    MUMBAI("Mumbai", "IN", "Asia/Kolkata", 19.08, 72.88, Use.TRAVEL,
            "13.126 13.234 52.66 15.206 49.32 183.87 182.58"),
    MOSCOW("Moscow", "RU", "Europe/Moscow", 55.76, 37.62, Use.ATTACK,
            "178.140 95.25 37.204 91.78 109.252 77.50 57.87"),
    SAO_PAULO("São Paulo", "BR", "America/Sao_Paulo", -23.55, -46.63, Use.ATTACK,
            "187.38 177.81 189.62 179.193 201.27 177.48"),
    LAGOS("Lagos", "NG", "Africa/Lagos", 6.52, 3.38, Use.ATTACK,
            "41.58 129.56 197.210 41.184 105.112 197.255"),
    HANOI("Hanoi", "VN", "Asia/Ho_Chi_Minh", 21.03, 105.85, Use.ATTACK,
            "14.177 113.190 1.55 123.16 171.241"),
    BUCHAREST("Bucharest", "RO", "Europe/Bucharest", 44.43, 26.10, Use.ATTACK,
            "141.85 5.12 188.25 86.120 78.96 109.100"),
    KYIV("Kyiv", "UA", "Europe/Kyiv", 50.45, 30.52, Use.ATTACK,
            "93.72 176.37 93.74 176.36 109.86 95.67");

    /** What a city is used for in the demo world. */
    public enum Use {
        /** Users live here (and offices are in some of them). */
        HOME,
        /** Only travellers visit. */
        TRAVEL,
        /** Only attackers connect from here; no user ever travels there. */
        ATTACK
    }

    private final String cityName;
    private final String country;
    private final String zone;
    private final double lat;
    private final double lon;
    private final Use use;
    private final List<Integer> hintPrefixes;

    City(String cityName, String country, String zone, double lat, double lon, Use use, String hints) {
        this.cityName = cityName;
        this.country = country;
        this.zone = zone;
        this.lat = lat;
        this.lon = lon;
        this.use = use;
        this.hintPrefixes = java.util.Arrays.stream(hints.split(" ")).map(h -> {
            String[] parts = h.split("\\.");
            return (Integer.parseInt(parts[0]) << 8) | Integer.parseInt(parts[1]);
        }).toList();
    }

    /** City name as GeoLite2 spells it in English. */
    public String cityName() { return cityName; }
    /** ISO 3166 alpha-2 country code. */
    public String country() { return country; }
    /** IANA time zone id. */
    public String zone() { return zone; }
    /** Latitude in degrees. */
    public double lat() { return lat; }
    /** Longitude in degrees. */
    public double lon() { return lon; }
    /** What the city is used for. */
    public Use use() { return use; }
    /** Upper 16 bits of the /16 prefixes to search first. */
    public List<Integer> hintPrefixes() { return hintPrefixes; }

    /** Great-circle distance to another city in kilometres (haversine, R = 6371 km). */
    public double distanceKm(City other) {
        double p1 = Math.toRadians(lat), p2 = Math.toRadians(other.lat);
        double dp = p2 - p1, dl = Math.toRadians(other.lon - lon);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * Door-to-door travel time in minutes: 3 h of airports plus flight at 800 km/h; trips under
     * 400 km are by train at 150 km/h plus 1 h.
     */
    public int travelMinutes(City other) {
        double km = distanceKm(other);
        if (km < 400) {
            return (int) Math.round(60 + km / 150 * 60);
        }
        return (int) Math.round(180 + km / 800 * 60);
    }
}
