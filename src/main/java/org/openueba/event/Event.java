package org.openueba.event;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One normalised activity event: who (the entity whose behaviour is modelled) did what, when,
 * from where, with which outcome. Immutable and validated: an instance always satisfies the rules
 * documented on the {@link Builder} setters.
 *
 * <p>Optional fields are {@code null} when the source did not say. {@link #attributes()} holds
 * further categorical values and {@link #metrics()} further numbers, both sorted by key so that
 * serialisation is deterministic.
 */
public final class Event {
    /** Upper bound of any single text field, in characters. */
    public static final int MAX_TEXT = 1024;
    /** Upper bound of an id, in characters. */
    public static final int MAX_ID = 200;
    /** Hard upper bound of attributes plus metrics; ingestion limits are usually lower. */
    public static final int MAX_EXTRA_FIELDS = 256;
    /** The standard fields (one copy of {@code Field.values()}). */
    private static final Field[] FIELDS = Field.values();
    /** Earliest accepted event time. */
    public static final Instant MIN_TIME = Instant.parse("1990-01-01T00:00:00Z");
    /** Latest accepted event time (ingestion additionally rejects times far ahead of the clock). */
    public static final Instant MAX_TIME = Instant.parse("2100-01-01T00:00:00Z");

    private final String id;
    private final Instant time;
    private final String source;
    private final String entity;
    private final EventKind kind;
    private final String action;
    private final Outcome outcome;
    private final String srcHost;
    private final String dstHost;
    private final String srcIp;
    private final String dstIp;
    private final String country;
    private final String city;
    private final Double lat;
    private final Double lon;
    private final Long asn;
    private final String asOrg;
    private final String device;
    private final String userAgent;
    private final Long bytes;
    private final Map<String, String> attributes;
    private final Map<String, Double> metrics;

    private Event(Builder b) {
        this.id = b.id;
        this.time = b.time;
        this.source = b.source;
        this.entity = b.entity;
        this.kind = b.kind;
        this.action = b.action;
        this.outcome = b.outcome;
        this.srcHost = b.srcHost;
        this.dstHost = b.dstHost;
        this.srcIp = b.srcIp;
        this.dstIp = b.dstIp;
        this.country = b.country;
        this.city = b.city;
        this.lat = b.lat;
        this.lon = b.lon;
        this.asn = b.asn;
        this.asOrg = b.asOrg;
        this.device = b.device;
        this.userAgent = b.userAgent;
        this.bytes = b.bytes;
        // the builder's maps are taken, not copied (Builder.build marks them handed over)
        this.attributes = b.attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(b.attributes);
        this.metrics = b.metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(b.metrics);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values, for derived events (enrichment, pseudonymisation). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.time = time;
        b.source = source;
        b.entity = entity;
        b.kind = kind;
        b.action = action;
        b.outcome = outcome;
        b.srcHost = srcHost;
        b.dstHost = dstHost;
        b.srcIp = srcIp;
        b.dstIp = dstIp;
        b.country = country;
        b.city = city;
        b.lat = lat;
        b.lon = lon;
        b.asn = asn;
        b.asOrg = asOrg;
        b.device = device;
        b.userAgent = userAgent;
        b.bytes = bytes;
        b.attributes.putAll(attributes);
        b.metrics.putAll(metrics);
        return b;
    }

    public String id() { return id; }
    public Instant time() { return time; }
    public String source() { return source; }
    public String entity() { return entity; }
    public EventKind kind() { return kind; }
    public String action() { return action; }
    public Outcome outcome() { return outcome; }
    public String srcHost() { return srcHost; }
    public String dstHost() { return dstHost; }
    public String srcIp() { return srcIp; }
    public String dstIp() { return dstIp; }
    public String country() { return country; }
    public String city() { return city; }
    public Double lat() { return lat; }
    public Double lon() { return lon; }
    public Long asn() { return asn; }
    public String asOrg() { return asOrg; }
    public String device() { return device; }
    public String userAgent() { return userAgent; }
    public Long bytes() { return bytes; }
    public Map<String, String> attributes() { return attributes; }
    public Map<String, Double> metrics() { return metrics; }

    /** The text value of a standard field (numbers as decimal text), or null. */
    public String get(Field field) {
        switch (field) {
            case ID: return id;
            case TIME: return time == null ? null : time.toString();
            case SOURCE: return source;
            case ENTITY: return entity;
            case KIND: return kind == null ? null : kind.wireName();
            case ACTION: return action;
            case OUTCOME: return outcome == null ? null : outcome.wireName();
            case SRC_HOST: return srcHost;
            case DST_HOST: return dstHost;
            case SRC_IP: return srcIp;
            case DST_IP: return dstIp;
            case COUNTRY: return country;
            case CITY: return city;
            case LAT: return lat == null ? null : lat.toString();
            case LON: return lon == null ? null : lon.toString();
            case ASN: return asn == null ? null : asn.toString();
            case AS_ORG: return asOrg;
            case DEVICE: return device;
            case USER_AGENT: return userAgent;
            case BYTES: return bytes == null ? null : bytes.toString();
            default: throw new AssertionError(field);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Event)) return false;
        Event e = (Event) o;
        return Objects.equals(id, e.id) && Objects.equals(time, e.time) && Objects.equals(source, e.source)
                && Objects.equals(entity, e.entity) && kind == e.kind && Objects.equals(action, e.action)
                && outcome == e.outcome && Objects.equals(srcHost, e.srcHost) && Objects.equals(dstHost, e.dstHost)
                && Objects.equals(srcIp, e.srcIp) && Objects.equals(dstIp, e.dstIp)
                && Objects.equals(country, e.country) && Objects.equals(city, e.city)
                && Objects.equals(lat, e.lat) && Objects.equals(lon, e.lon) && Objects.equals(asn, e.asn)
                && Objects.equals(asOrg, e.asOrg) && Objects.equals(device, e.device)
                && Objects.equals(userAgent, e.userAgent) && Objects.equals(bytes, e.bytes)
                && attributes.equals(e.attributes) && metrics.equals(e.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, time, source, entity, kind, action, outcome, dstHost, srcIp);
    }

    @Override
    public String toString() {
        return "Event{id=" + id + ", time=" + time + ", source=" + source + ", entity=" + entity + ", kind="
                + kind + ", action=" + action + ", outcome=" + outcome + ", srcHost=" + srcHost + ", dstHost="
                + dstHost + ", srcIp=" + srcIp + ", dstIp=" + dstIp + ", country=" + country + ", city=" + city
                + ", device=" + device + ", bytes=" + bytes + ", attributes=" + attributes + ", metrics="
                + metrics + "}";
    }

    /**
     * Collects and checks the values of an event. Each setter validates its argument and throws
     * {@link InvalidRecordException} naming the field; blank text means "absent" and sets null.
     * {@link #build()} checks that the required fields (time, source, entity, kind) are present.
     * The id may be left out by adapters; the ingestion pipeline derives a stable one.
     */
    public static final class Builder {
        private String id;
        private Instant time;
        private String source;
        private String entity;
        private EventKind kind;
        private String action;
        private Outcome outcome;
        private String srcHost;
        private String dstHost;
        private String srcIp;
        private String dstIp;
        private String country;
        private String city;
        private Double lat;
        private Double lon;
        private Long asn;
        private String asOrg;
        private String device;
        private String userAgent;
        private Long bytes;
        private Map<String, String> attributes = new TreeMap<>();
        private Map<String, Double> metrics = new TreeMap<>();
        /** The maps belong to an event built from this builder: copy them before changing them. */
        private boolean handedOver;

        private Builder() {
        }

        /** Event id, at most {@value Event#MAX_ID} printable characters. */
        public Builder id(String v) {
            String t = text("id", v, MAX_ID);
            if (t != null) {
                for (int i = 0; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (c < 0x21 || c == 0x7f) {
                        throw new InvalidRecordException("id: must not contain spaces or control characters");
                    }
                }
            }
            id = t;
            return this;
        }

        /** Event time, between {@link Event#MIN_TIME} and {@link Event#MAX_TIME}. */
        public Builder time(Instant v) {
            if (v != null && (v.isBefore(MIN_TIME) || !v.isBefore(MAX_TIME))) {
                throw new InvalidRecordException("time: " + v + " is outside " + MIN_TIME + " .. " + MAX_TIME);
            }
            time = v;
            return this;
        }

        /** Name of the data source (profile) the event came from. */
        public Builder source(String v) {
            source = text("source", v, 64);
            return this;
        }

        /** The entity whose behaviour is modelled (user name, licence key, host, IP). */
        public Builder entity(String v) {
            entity = text("entity", v, 256);
            return this;
        }

        public Builder kind(EventKind v) {
            kind = v;
            return this;
        }

        /** Action verb as the source names it (logon, connect, GET, Accepted password…). */
        public Builder action(String v) {
            action = text("action", v, 128);
            return this;
        }

        public Builder outcome(Outcome v) {
            outcome = v;
            return this;
        }

        public Builder srcHost(String v) {
            srcHost = text("srcHost", v, 256);
            return this;
        }

        public Builder dstHost(String v) {
            dstHost = text("dstHost", v, 256);
            return this;
        }

        /** Source IP, an IPv4 or IPv6 literal (normalised); not a host name. */
        public Builder srcIp(String v) {
            srcIp = IpAddresses.normalise("srcIp", text("srcIp", v, 64));
            return this;
        }

        /** Destination IP, an IPv4 or IPv6 literal (normalised). */
        public Builder dstIp(String v) {
            dstIp = IpAddresses.normalise("dstIp", text("dstIp", v, 64));
            return this;
        }

        /** Country: an ISO 3166 alpha-2 code (upper-cased) or a name. */
        public Builder country(String v) {
            String t = text("country", v, 64);
            country = t != null && t.length() == 2 ? t.toUpperCase(java.util.Locale.ROOT) : t;
            return this;
        }

        public Builder city(String v) {
            city = text("city", v, 128);
            return this;
        }

        /** Latitude and longitude in degrees; both or neither. */
        public Builder coordinates(Double latitude, Double longitude) {
            if ((latitude == null) != (longitude == null)) {
                throw new InvalidRecordException("lat/lon: give both coordinates or neither");
            }
            if (latitude != null) {
                if (!(latitude >= -90 && latitude <= 90)) {
                    throw new InvalidRecordException("lat: " + latitude + " is outside -90 .. 90");
                }
                if (!(longitude >= -180 && longitude <= 180)) {
                    throw new InvalidRecordException("lon: " + longitude + " is outside -180 .. 180");
                }
            }
            lat = latitude;
            lon = longitude;
            return this;
        }

        /** Autonomous system number, 0 .. 4294967295. */
        public Builder asn(Long v) {
            if (v != null && (v < 0 || v > 0xFFFF_FFFFL)) {
                throw new InvalidRecordException("asn: " + v + " is outside 0 .. 4294967295");
            }
            asn = v;
            return this;
        }

        public Builder asOrg(String v) {
            asOrg = text("asOrg", v, 256);
            return this;
        }

        /** Device identifier (removable drive, phone, machine code). */
        public Builder device(String v) {
            device = text("device", v, 256);
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = text("userAgent", v, MAX_TEXT);
            return this;
        }

        /** Bytes transferred, at least 0. */
        public Builder bytes(Long v) {
            if (v != null && v < 0) {
                throw new InvalidRecordException("bytes: " + v + " is negative");
            }
            bytes = v;
            return this;
        }

        /**
         * Adds a categorical attribute. Keys are 1–64 characters of letters, digits and
         * {@code _ . : -}; values at most {@value Event#MAX_TEXT} characters; a blank value is ignored.
         * Like every text field, a value may hold no control character but tab and no unpaired
         * surrogate.
         */
        public Builder attribute(String key, String value) {
            checkKey(key);
            String t = text(key, value, MAX_TEXT);
            if (t != null) {
                checkRoom(key, attributes.containsKey(key));
                own();
                attributes.put(key, t);
            }
            return this;
        }

        /** Adds a numeric attribute; the value must be finite. */
        public Builder metric(String key, double value) {
            checkKey(key);
            if (!Double.isFinite(value)) {
                throw new InvalidRecordException(key + ": must be a finite number");
            }
            checkRoom(key, metrics.containsKey(key));
            own();
            metrics.put(key, value);
            return this;
        }

        /**
         * Sets a standard field from text, parsing it by the field's type. Used by the mapping
         * adapters (JSON, ECS, generic CSV).
         */
        public Builder set(Field field, String value) {
            switch (field) {
                case ID: return id(value);
                case TIME: return time(value == null || value.isBlank() ? null : Timestamps.parse(value.trim()));
                case SOURCE: return source(value);
                case ENTITY: return entity(value);
                case KIND: return kind(value == null || value.isBlank() ? null : parseEnum(field, () -> EventKind.parse(value)));
                case ACTION: return action(value);
                case OUTCOME: return outcome(value == null || value.isBlank() ? null : parseEnum(field, () -> Outcome.parse(value)));
                case SRC_HOST: return srcHost(value);
                case DST_HOST: return dstHost(value);
                case SRC_IP: return srcIp(value);
                case DST_IP: return dstIp(value);
                case COUNTRY: return country(value);
                case CITY: return city(value);
                case LAT: return coordinatesPart(true, value);
                case LON: return coordinatesPart(false, value);
                case ASN: return asn(parseLong(field, stripAs(value)));
                case AS_ORG: return asOrg(value);
                case DEVICE: return device(value);
                case USER_AGENT: return userAgent(value);
                case BYTES: return bytes(parseLong(field, value));
                default: throw new AssertionError(field);
            }
        }

        /** The value of a standard field as text, or null (see {@link Event#get(Field)}). */
        public String get(Field field) {
            switch (field) {
                case ID: return id;
                case TIME: return time == null ? null : time.toString();
                case SOURCE: return source;
                case ENTITY: return entity;
                case KIND: return kind == null ? null : kind.wireName();
                case ACTION: return action;
                case OUTCOME: return outcome == null ? null : outcome.wireName();
                case SRC_HOST: return srcHost;
                case DST_HOST: return dstHost;
                case SRC_IP: return srcIp;
                case DST_IP: return dstIp;
                case COUNTRY: return country;
                case CITY: return city;
                case LAT: return lat == null ? null : lat.toString();
                case LON: return lon == null ? null : lon.toString();
                case ASN: return asn == null ? null : asn.toString();
                case AS_ORG: return asOrg;
                case DEVICE: return device;
                case USER_AGENT: return userAgent;
                case BYTES: return bytes == null ? null : bytes.toString();
                default: throw new AssertionError(field);
            }
        }

        /**
         * Replaces a text field with an already-transformed value (a pseudonym) without the
         * syntax check of its setter (a pseudonymised IP is no longer an IP literal).
         */
        public Builder replaceText(Field field, String value) {
            switch (field) {
                case SRC_IP: srcIp = value; break;
                case DST_IP: dstIp = value; break;
                case ENTITY: entity = value; break;
                case SRC_HOST: srcHost = value; break;
                case DST_HOST: dstHost = value; break;
                case DEVICE: device = value; break;
                case USER_AGENT: userAgent = value; break;
                case ACTION: action = value; break;
                case CITY: city = value; break;
                case COUNTRY: country = value; break;
                case AS_ORG: asOrg = value; break;
                case ID: id = value; break;
                default: throw new IllegalArgumentException(field.wireName() + " is not a free-text field");
            }
            return this;
        }

        /** Replaces an attribute value (pseudonymisation); no-op when the key is absent. */
        public Builder replaceAttribute(String key, String value) {
            if (attributes.containsKey(key)) {
                own();
                attributes.put(key, value);
            }
            return this;
        }

        public Map<String, String> attributes() {
            return Collections.unmodifiableMap(attributes);
        }

        /** Takes the maps back from a built event by copying them (copy on write). */
        private void own() {
            if (!handedOver) return;
            attributes = new TreeMap<>(attributes);
            metrics = new TreeMap<>(metrics);
            handedOver = false;
        }

        public Map<String, Double> metrics() {
            return Collections.unmodifiableMap(metrics);
        }

        public String id() { return id; }
        public Instant time() { return time; }
        public String entity() { return entity; }
        public String source() { return source; }
        public EventKind kind() { return kind; }

        /** Number of fields set so far (standard, attributes and metrics). */
        public int fieldCount() {
            int n = attributes.size() + metrics.size();
            for (Field f : FIELDS) {
                if (isSet(f)) n++;
            }
            return n;
        }

        /** Whether {@code field} is set: {@code get(field) != null} without formatting the value as text. */
        private boolean isSet(Field field) {
            switch (field) {
                case TIME: return time != null;
                case KIND: return kind != null;
                case OUTCOME: return outcome != null;
                case LAT: return lat != null;
                case LON: return lon != null;
                case ASN: return asn != null;
                case BYTES: return bytes != null;
                default: return get(field) != null;
            }
        }

        /**
         * Checks the required fields and the coordinates, and returns the event.
         *
         * @throws InvalidRecordException naming the first missing field, or lat/lon when only one is set
         */
        public Event build() {
            if (time == null) throw new InvalidRecordException("time: missing");
            if (source == null) throw new InvalidRecordException("source: missing");
            if (entity == null) throw new InvalidRecordException("entity: missing");
            if (kind == null) throw new InvalidRecordException("kind: missing");
            if (id == null) throw new InvalidRecordException("id: missing");
            checkCoordinates();
            Event e = new Event(this);
            handedOver = true; // the event holds the maps now: copy them before changing them again
            return e;
        }

        /**
         * Checks that latitude and longitude are both set or both absent ({@link #set} takes them
         * one at a time, from separate columns or members).
         *
         * @throws InvalidRecordException when only one of them is set
         */
        public void checkCoordinates() {
            if ((lat == null) != (lon == null)) throw new InvalidRecordException("lat/lon: give both coordinates or neither");
        }

        private Builder coordinatesPart(boolean latitude, String value) {
            Double d = parseDouble(latitude ? Field.LAT : Field.LON, value);
            Double la = latitude ? d : lat;
            Double lo = latitude ? lon : d;
            if (la != null && !(la >= -90 && la <= 90)) throw new InvalidRecordException("lat: " + la + " is outside -90 .. 90");
            if (lo != null && !(lo >= -180 && lo <= 180)) throw new InvalidRecordException("lon: " + lo + " is outside -180 .. 180");
            lat = la;
            lon = lo;
            return this;
        }

        private void checkRoom(String key, boolean replacing) {
            if (!replacing && attributes.size() + metrics.size() >= MAX_EXTRA_FIELDS) {
                throw new InvalidRecordException(key + ": more than " + MAX_EXTRA_FIELDS + " extra fields");
            }
        }

        private static void checkKey(String key) {
            if (key == null || key.isEmpty() || key.length() > 64) {
                throw new InvalidRecordException("attribute name must be 1-64 characters");
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '_' || c == '.' || c == ':' || c == '-';
                if (!ok) {
                    throw new InvalidRecordException("attribute name '" + Texts.printable(key, 64)
                            + "' may contain only letters, digits and _ . : -");
                }
            }
        }

        private static String text(String field, String v, int max) {
            if (v == null) return null;
            String t = v.strip();
            if (t.isEmpty()) return null;
            if (t.length() > max) {
                throw new InvalidRecordException(field + ": longer than " + max + " characters");
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c < 0x20 && c != '\t') {
                    throw new InvalidRecordException(field + ": contains a control character");
                }
                if (Character.isSurrogate(c)) {
                    // a lone surrogate (JSON "\ud800") has no UTF-8 form: storing it would turn it into '?'
                    if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
                        i++;
                    } else {
                        throw new InvalidRecordException(field + ": contains an unpaired surrogate (not Unicode text)");
                    }
                }
            }
            return t;
        }

        private static <T> T parseEnum(Field f, java.util.function.Supplier<T> parser) {
            try {
                return parser.get();
            } catch (IllegalArgumentException e) {
                throw new InvalidRecordException(f.wireName() + ": " + e.getMessage());
            }
        }

        private static String stripAs(String v) {
            if (v == null) return null;
            String t = v.strip();
            return t.regionMatches(true, 0, "AS", 0, 2) ? t.substring(2) : t;
        }

        private static Long parseLong(Field f, String v) {
            if (v == null || v.isBlank() || v.strip().equals("-")) return null;
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRecordException(f.wireName() + ": '" + Texts.printable(v, 40) + "' is not a whole number");
            }
        }

        private static Double parseDouble(Field f, String v) {
            if (v == null || v.isBlank()) return null;
            try {
                double d = Double.parseDouble(v.strip());
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new InvalidRecordException(f.wireName() + ": '" + Texts.printable(v, 40) + "' is not a number");
            }
        }
    }
}
