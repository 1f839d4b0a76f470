package org.openueba.demo;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic pools of real public IPv4 addresses that GeoLite2 City places in a given city.
 *
 * <p>Search, per city in {@link City} order with a generator seeded from the master seed and the
 * city: (1) random addresses inside the city's {@linkplain City#hintPrefixes() hint /16s}, keeping
 * those whose GeoLite2 city name and country match; (2) if the pool is still short, random
 * addresses over the whole public IPv4 space with the same test; (3) failing that, any address in
 * the right country. Private, shared, loopback, link-local, benchmark, multicast and reserved
 * ranges are skipped, as are {@code .0} and {@code .255} hosts. With the pinned database phase 1
 * fills every pool in a few thousand look-ups (milliseconds); opening the two databases (about
 * 0.6 s, once per JVM) dominates.
 *
 * <p>The databases are read from the classpath ({@code /GeoLite2-City.mmdb},
 * {@code /GeoLite2-ASN.mmdb}, shipped by {@code org.elasticsearch:geolite2-databases}). Readers
 * are thread-safe and shared; nothing is written to disk.
 */
public final class GeoAddressPool {
    /** One address with what GeoLite2 says about it. */
    public record Address(String ip, City city, String country, String cityName, long asn) {
    }

    private static final int PHASE1_TRIES_PER_ADDRESS = 80;
    private static final int PHASE2_TRIES = 300_000;

    private final Map<City, List<Address>> pools;

    private GeoAddressPool(Map<City, List<Address>> pools) {
        this.pools = pools;
    }

    /**
     * Builds pools of the wanted sizes.
     *
     * @param seed   master seed
     * @param wanted number of distinct addresses per city
     * @throws IllegalStateException when a city's country has too few located addresses
     */
    public static GeoAddressPool build(long seed, Map<City, Integer> wanted) {
        Map<City, List<Address>> pools = new EnumMap<>(City.class);
        Set<String> taken = new LinkedHashSet<>();
        for (City city : City.values()) {
            Integer n = wanted.get(city);
            if (n == null || n <= 0) {
                continue;
            }
            SplittableRandom rnd = new SplittableRandom(Seeds.mix(seed, 0x6E0_0000L + city.ordinal()));
            List<Address> found = new ArrayList<>();
            List<Integer> hints = city.hintPrefixes();
            for (int i = 0; i < n * PHASE1_TRIES_PER_ADDRESS && found.size() < n && !hints.isEmpty(); i++) {
                int ip = (hints.get(rnd.nextInt(hints.size())) << 16) | rnd.nextInt(1 << 16);
                tryAdd(city, ip, true, found, taken);
            }
            for (int i = 0; i < PHASE2_TRIES && found.size() < n; i++) {
                tryAdd(city, rnd.nextInt(), true, found, taken);
            }
            for (int i = 0; i < PHASE2_TRIES && found.size() < n; i++) {
                tryAdd(city, rnd.nextInt(), false, found, taken);
            }
            if (found.size() < n) {
                throw new IllegalStateException("GeoLite2 has too few addresses in " + city.country()
                        + " for " + city.cityName() + ": found " + found.size() + " of " + n);
            }
            pools.put(city, Collections.unmodifiableList(found));
        }
        return new GeoAddressPool(pools);
    }

    private static void tryAdd(City city, int ip, boolean exactCity, List<Address> found, Set<String> taken) {
        if (!isPublic(ip)) {
            return;
        }
        String text = Integer.toUnsignedString(ip >>> 24) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255)
                + "." + (ip & 255);
        if (taken.contains(text)) {
            return;
        }
        Optional<CityResponse> located = locate(text);
        if (located.isEmpty()) {
            return;
        }
        CityResponse r = located.get();
        String country = r.getCountry().getIsoCode();
        String name = r.getCity().getName();
        if (!city.country().equals(country) || (exactCity && !city.cityName().equals(name))) {
            return;
        }
        long asn = asn(text).orElse(0L);
        taken.add(text);
        found.add(new Address(text, city, country, name, asn));
    }

    /** Whether an IPv4 address (as an int) is a usable public unicast host address. */
    static boolean isPublic(int ip) {
        int a = ip >>> 24, b = (ip >>> 16) & 255, last = ip & 255;
        if (last == 0 || last == 255) return false;
        if (a == 0 || a == 10 || a == 127 || a >= 224) return false;
        if (a == 100 && b >= 64 && b < 128) return false;
        if (a == 169 && b == 254) return false;
        if (a == 172 && b >= 16 && b < 32) return false;
        if (a == 192 && (b == 168 || b == 0)) return false;
        if (a == 198 && (b == 18 || b == 19 || b == 51)) return false;
        return !(a == 203 && b == 0);
    }

    /** The pool of a city, in the order found (empty if none was wanted). */
    public List<Address> addresses(City city) {
        return pools.getOrDefault(city, List.of());
    }

    /** GeoLite2 City answer for an IP literal, or empty when the database has no record. */
    public static Optional<CityResponse> locate(String ip) {
        try {
            return Databases.CITY.tryCity(InetAddress.getByName(ip));
        } catch (IOException | GeoIp2Exception e) {
            throw new IllegalStateException("GeoLite2 City lookup failed for " + ip, e);
        }
    }

    /** GeoLite2 ASN of an IP literal, or empty. */
    public static Optional<Long> asn(String ip) {
        try {
            return Databases.ASN.tryAsn(InetAddress.getByName(ip)).map(AsnResponse::getAutonomousSystemNumber);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ip: not an address: " + ip, e);
        } catch (IOException | GeoIp2Exception e) {
            throw new IllegalStateException("GeoLite2 ASN lookup failed for " + ip, e);
        }
    }

    /** Lazily opened, shared readers (class-holder idiom: opened on first use, once per JVM). */
    private static final class Databases {
        static final DatabaseReader CITY = open("/GeoLite2-City.mmdb");
        static final DatabaseReader ASN = open("/GeoLite2-ASN.mmdb");

        private static DatabaseReader open(String resource) {
            try (InputStream in = GeoAddressPool.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the classpath "
                            + "(dependency org.elasticsearch:geolite2-databases)");
                }
                return new DatabaseReader.Builder(in).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
