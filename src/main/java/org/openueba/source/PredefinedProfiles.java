package org.openueba.source;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in data-source profiles, by name (documented in docs/sources.md). */
public final class PredefinedProfiles {
    private static final Map<String, SourceProfile> ALL = new LinkedHashMap<>();

    static {
        add(SourceProfile.of("json", "json"));
        add(new SourceProfile("vpn", "json", null, ZoneOffset.UTC, Map.of(), Map.of("kind", "authentication"), List.of()));
        add(SourceProfile.of("cert-logon", "cert-logon"));
        add(SourceProfile.of("cert-device", "cert-device"));
        add(SourceProfile.of("lanl-auth", "lanl-auth"));
        add(SourceProfile.of("zeek-conn", "zeek-conn"));
        add(SourceProfile.of("apache", "access-log"));
        add(SourceProfile.of("sshd", "sshd"));
        Map<String, String> rba = new LinkedHashMap<>();
        rba.put("time", "Login Timestamp");
        rba.put("entity", "User ID");
        rba.put("srcIp", "IP Address");
        rba.put("country", "Country");
        rba.put("city", "City");
        rba.put("asn", "ASN");
        rba.put("userAgent", "User Agent String");
        rba.put("outcome", "Login Successful");
        rba.put("attributes.device_type", "Device Type");
        rba.put("attributes.browser", "Browser Name and Version");
        rba.put("attributes.os", "OS Name and Version");
        add(new SourceProfile("rba-login", "csv", null, ZoneOffset.UTC, rba, Map.of("kind", "authentication"), List.of()));
    }

    private PredefinedProfiles() {
    }

    private static void add(SourceProfile p) {
        ALL.put(p.name(), p);
    }

    /** The built-in profile with this name. */
    public static Optional<SourceProfile> byName(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** Every built-in profile, in a fixed order. */
    public static List<SourceProfile> all() {
        return List.copyOf(ALL.values());
    }
}
