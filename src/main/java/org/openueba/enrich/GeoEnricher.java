package org.openueba.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import org.openueba.event.Event;
import org.openueba.event.IpAddresses;
import org.openueba.event.InvalidRecordException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fills country, city, coordinates and autonomous system of an event from its source IP, using
 * MaxMind GeoIP2/GeoLite2 databases, when the record does not already carry a location.
 * Non-public addresses (RFC 1918, loopback, link-local, CGNAT, ULA…) get no location; they are
 * marked with the attribute {@code src_ip_scope=private} instead, so that models can tell
 * "inside the network" from "unknown".
 *
 * <p>The bundled databases are GeoLite2 City and ASN of 2019-11-19, created by MaxMind
 * (https://www.maxmind.com), licensed CC BY-SA 4.0, as packaged in
 * {@code org.elasticsearch:geolite2-databases}. Thread-safe.
 */
public final class GeoEnricher implements Closeable {
    /** Attribute set on events whose source IP is not publicly routable. */
    public static final String SCOPE_ATTRIBUTE = "src_ip_scope";
    /**
     * The IANA time zone of the located address ("Asia/Singapore"), from the city database: the models
     * read the hour of a travelling entity's activity in the local time of where it is.
     */
    public static final String TIME_ZONE_ATTRIBUTE = org.openueba.model.BehaviourEngine.GEO_TIME_ZONE;

    /** Results kept per address; the cache is emptied when it grows past this. */
    static final int CACHE_ENTRIES = 100_000;
    private static final Location UNKNOWN = new Location(null, null, null, null, null, null, null, null);

    private final DatabaseReader city;
    private final DatabaseReader asn;
    /** Looking an address up builds several model objects; real logs repeat addresses heavily. */
    private final java.util.concurrent.ConcurrentHashMap<InetAddress, Location> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** What the databases say about one address (null parts are unknown). */
    record Location(String country, String city, Double lat, Double lon, Integer accuracyKm, Long asn, String asOrg,
                    String timeZone) {
    }

    private GeoEnricher(DatabaseReader city, DatabaseReader asn) {
        this.city = city;
        this.asn = asn;
    }

    /** Opens the GeoLite2 databases bundled on the classpath. */
    public static GeoEnricher bundled() throws IOException {
        return new GeoEnricher(open(resource("GeoLite2-City.mmdb")), open(resource("GeoLite2-ASN.mmdb")));
    }

    /** Opens database files (memory-mapped); a null path falls back to the bundled database. */
    public static GeoEnricher fromFiles(Path cityDb, Path asnDb) throws IOException {
        DatabaseReader c = cityDb == null ? open(resource("GeoLite2-City.mmdb")) : openFile(cityDb);
        DatabaseReader a = asnDb == null ? open(resource("GeoLite2-ASN.mmdb")) : openFile(asnDb);
        return new GeoEnricher(c, a);
    }

    /**
     * Enriches {@code event} in place from its source IP when it has one and no country, city or
     * coordinates yet. Unknown addresses leave the event unchanged.
     */
    public void enrich(Event.Builder event) {
        String ip = event.get(org.openueba.event.Field.SRC_IP);
        if (ip == null || ip.startsWith(Pseudonymiser.PREFIX)) return;
        InetAddress address;
        try {
            address = IpAddresses.parse("srcIp", ip);
        } catch (InvalidRecordException e) {
            return;
        }
        if (IpAddresses.isNonPublic(address)) {
            if (!event.attributes().containsKey(SCOPE_ATTRIBUTE)) event.attribute(SCOPE_ATTRIBUTE, "private");
            return;
        }
        boolean hasLocation = event.get(org.openueba.event.Field.COUNTRY) != null
                || event.get(org.openueba.event.Field.CITY) != null
                || event.get(org.openueba.event.Field.LAT) != null;
        Location l = locate(address);
        if (!hasLocation) {
            event.country(l.country());
            event.city(l.city());
            if (l.lat() != null && l.lon() != null) event.coordinates(l.lat(), l.lon());
            if (l.accuracyKm() != null) event.metric("geo_accuracy_km", l.accuracyKm());
            if (l.timeZone() != null && !event.attributes().containsKey(TIME_ZONE_ATTRIBUTE)) {
                event.attribute(TIME_ZONE_ATTRIBUTE, l.timeZone());
            }
        }
        if (event.get(org.openueba.event.Field.ASN) == null && l.asn() != null) {
            event.asn(l.asn());
            if (event.get(org.openueba.event.Field.AS_ORG) == null) event.asOrg(l.asOrg());
        }
    }

    /** The databases' answer for a public address, cached. */
    Location locate(InetAddress address) {
        Location cached = cache.get(address);
        if (cached != null) return cached;
        Location l = UNKNOWN;
        try {
            String country = null, cityName = null;
            Double lat = null, lon = null;
            Integer accuracy = null;
            String zone = null;
            Optional<CityResponse> r = city.tryCity(address);
            if (r.isPresent()) {
                CityResponse c = r.get();
                country = c.getCountry().getIsoCode();
                cityName = c.getCity().getName();
                lat = c.getLocation().getLatitude();
                lon = c.getLocation().getLongitude();
                accuracy = c.getLocation().getAccuracyRadius();
                zone = c.getLocation().getTimeZone();
            }
            Long number = null;
            String org = null;
            Optional<AsnResponse> a = asn.tryAsn(address);
            if (a.isPresent()) {
                number = a.get().getAutonomousSystemNumber();
                org = a.get().getAutonomousSystemOrganization();
            }
            l = new Location(country, cityName, lat, lon, accuracy, number, org, zone);
        } catch (IOException | GeoIp2Exception e) {
            // A corrupt database entry must not reject a valid event: leave it unenriched.
        }
        if (cache.size() >= CACHE_ENTRIES) cache.clear();
        cache.put(address, l);
        return l;
    }

    @Override
    public void close() throws IOException {
        city.close();
        asn.close();
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = GeoEnricher.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException(name + " is not on the classpath (org.elasticsearch:geolite2-databases)");
        return in;
    }

    private static DatabaseReader open(InputStream in) throws IOException {
        try (in) {
            return new DatabaseReader.Builder(in).withCache(new CHMCache(65_536)).build();
        }
    }

    private static DatabaseReader openFile(Path p) throws IOException {
        if (!Files.isReadable(p)) throw new IOException("GeoIP database " + p + " is not readable");
        return new DatabaseReader.Builder(p.toFile()).withCache(new CHMCache(65_536)).build();
    }
}
