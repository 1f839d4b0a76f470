package org.openueba.model;

import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * The categorical fields a category-rarity model can learn (engine.md §3.1). Each knows how to read
 * its value from an event and whether, by default, the population context applies (how many other
 * entities use the value), whether ownership applies (a host used almost only by one other entity
 * is that entity's machine) and whether it is a location (silenced for VPN/egress ranges).
 */
public enum CategoryFeature {
    SRC_HOST("src_host", true, true, false),
    DST_HOST("dst_host", true, true, false),
    SRC_IP("src_ip", true, false, false),
    DST_IP("dst_ip", true, false, false),
    COUNTRY("country", false, false, true),
    CITY("city", false, false, true),
    ASN("asn", true, false, true),
    DEVICE("device", true, false, false),
    ACTION("action", true, false, false),
    USER_AGENT("user_agent", true, false, false);

    private final String wireName;
    private final boolean population;
    private final boolean ownership;
    private final boolean location;

    CategoryFeature(String wireName, boolean population, boolean ownership, boolean location) {
        this.wireName = wireName;
        this.population = population;
        this.ownership = ownership;
        this.location = location;
    }

    public String wireName() {
        return wireName;
    }

    public boolean population() {
        return population;
    }

    public boolean ownership() {
        return ownership;
    }

    public boolean location() {
        return location;
    }

    /** The feature's value in {@code e}, or null when the event does not carry it. */
    public String value(Event e) {
        return switch (this) {
            case SRC_HOST -> e.srcHost();
            case DST_HOST -> e.dstHost();
            case SRC_IP -> e.srcIp();
            case DST_IP -> e.dstIp();
            case COUNTRY -> e.country();
            case CITY -> e.city() == null ? null : e.country() == null ? e.city() : e.city() + ", " + e.country();
            case ASN -> e.asn() == null ? null : e.asOrg() == null ? "AS" + e.asn() : "AS" + e.asn() + " " + e.asOrg();
            case DEVICE -> e.device();
            case ACTION -> e.action();
            case USER_AGENT -> UserAgents.family(e.userAgent());
        };
    }

    private static final Map<EventKind, Set<CategoryFeature>> DEFAULTS = new EnumMap<>(EventKind.class);

    static {
        for (EventKind k : EventKind.values()) DEFAULTS.put(k, Collections.unmodifiableSet(build(k)));
    }

    /**
     * The features learnt for events of {@code kind} when the source profile does not list its own
     * (a shared, unmodifiable set: this is called for every event).
     */
    public static Set<CategoryFeature> defaultsFor(EventKind kind) {
        return DEFAULTS.get(kind);
    }

    private static Set<CategoryFeature> build(EventKind kind) {
        return switch (kind) {
            case AUTHENTICATION -> EnumSet.of(SRC_HOST, DST_HOST, SRC_IP, COUNTRY, CITY, ASN, USER_AGENT);
            case DEVICE -> EnumSet.of(DST_HOST, DEVICE);
            case WEB_REQUEST -> EnumSet.of(SRC_IP, COUNTRY, ASN, USER_AGENT, ACTION);
            case NETWORK_CONNECTION -> EnumSet.of(DST_HOST, DST_IP, ACTION);
            default -> EnumSet.of(DST_HOST, ACTION);
        };
    }

    /** Parses a wire name such as {@code dst_host} (or {@code dstHost}). */
    public static CategoryFeature parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace("_", "");
        for (CategoryFeature f : values()) {
            if (f.wireName.replace("_", "").equals(n)) return f;
        }
        throw new IllegalArgumentException("unknown feature '" + name + "' (expected one of src_host, dst_host, src_ip, "
                + "dst_ip, country, city, asn, device, action, user_agent)");
    }
}
