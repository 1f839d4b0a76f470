package org.openueba.source;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A named data source: which adapter reads it and how its records map onto events.
 *
 * @param name         the name used in {@code POST /api/v1/events?source=NAME}; 1-64 of [a-z0-9_-]
 * @param adapter      adapter type, one of {@link Adapters#TYPES}
 * @param entityField  the field whose value is the entity (a standard field wire name such as
 *                     {@code srcIp}, or {@code attributes.KEY}); null keeps the adapter's default
 * @param timeZone     zone for timestamps without an offset; also the default local zone of the
 *                     source's entities when the directory does not say
 * @param mapping      target field → source column or JSON path; targets are standard field wire
 *                     names, {@code attributes.KEY} or {@code metrics.KEY}
 * @param options      adapter options (documented per adapter in docs/sources.md)
 * @param pseudonymise fields replaced by a keyed HMAC pseudonym before any model sees them
 *                     (standard field wire names or {@code attributes.KEY})
 */
public record SourceProfile(String name, String adapter, String entityField, ZoneId timeZone,
                            Map<String, String> mapping, Map<String, String> options, List<String> pseudonymise) {
    public SourceProfile {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("source name must be 1-64 of a-z 0-9 _ - , was '" + name + "'");
        }
        if (adapter == null || !Adapters.TYPES.contains(adapter)) {
            throw new IllegalArgumentException("source " + name + ": adapter must be one of " + Adapters.TYPES
                    + ", was '" + adapter + "'");
        }
        timeZone = timeZone == null || timeZone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : timeZone;
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        options = options == null ? Map.of() : Map.copyOf(options);
        pseudonymise = pseudonymise == null ? List.of() : List.copyOf(pseudonymise);
    }

    /** A profile with only a name and an adapter, everything else default. */
    public static SourceProfile of(String name, String adapter) {
        return new SourceProfile(name, adapter, null, ZoneOffset.UTC, Map.of(), Map.of(), List.of());
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
