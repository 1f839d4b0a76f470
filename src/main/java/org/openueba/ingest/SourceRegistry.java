package org.openueba.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.openueba.config.UebaConfig;
import org.openueba.enrich.Pseudonymiser;
import org.openueba.source.PredefinedProfiles;
import org.openueba.source.SourceProfile;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data sources the engine accepts: the predefined profiles, overridden or extended by
 * {@code ueba.sources.NAME.*} configuration. A configuration error fails start-up with a message
 * naming the source and the key.
 */
@ApplicationScoped
public class SourceRegistry {
    private final Map<String, SourceProfile> profiles;

    public SourceRegistry(UebaConfig config) {
        Map<String, SourceProfile> all = new TreeMap<>();
        PredefinedProfiles.all().forEach(p -> all.put(p.name(), p));
        config.sources().forEach((name, s) -> {
            ZoneId zone;
            try {
                zone = ZoneId.of(s.timeZone());
            } catch (DateTimeException e) {
                throw new IllegalStateException("ueba.sources." + name + ".time-zone: '" + s.timeZone()
                        + "' is not a time zone id (e.g. UTC, Europe/Berlin)");
            }
            try {
                var pseudo = Pseudonymiser.checkFields(s.pseudonymise().orElse(java.util.List.of()));
                SourceProfile profile = new SourceProfile(name, s.adapter(), s.entityField().orElse(null), zone,
                        s.mapping(), s.options(), pseudo);
                org.openueba.source.Adapters.create(profile, org.openueba.source.AdapterLimits.DEFAULT); // checks options
                all.put(name, profile);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ueba.sources." + name + ": " + e.getMessage());
            }
        });
        this.profiles = Collections.unmodifiableMap(all);
    }

    public Optional<SourceProfile> find(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    /** All profiles by name, sorted. */
    public Map<String, SourceProfile> all() {
        return profiles;
    }
}
