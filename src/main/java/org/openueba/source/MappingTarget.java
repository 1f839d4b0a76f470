package org.openueba.source;

import java.time.ZoneId;
import org.openueba.event.Event;
import org.openueba.event.Field;
import org.openueba.event.Timestamps;

/**
 * One target of a profile mapping: a standard field (by wire name), {@code attributes.KEY} or
 * {@code metrics.KEY}. Applies a text value to a builder, reading times in the profile zone.
 */
final class MappingTarget {
    private final String name;
    private final Field field;
    private final String attribute;
    private final String metric;

    private MappingTarget(String name, Field field, String attribute, String metric) {
        this.name = name;
        this.field = field;
        this.attribute = attribute;
        this.metric = metric;
    }

    /**
     * Parses a target name.
     *
     * @throws IllegalArgumentException naming the source and the target when it is none of the three forms
     */
    static MappingTarget parse(String source, String target) {
        if (target.startsWith("attributes.") && target.length() > "attributes.".length()) {
            return new MappingTarget(target, null, target.substring("attributes.".length()), null);
        }
        if (target.startsWith("metrics.") && target.length() > "metrics.".length()) {
            return new MappingTarget(target, null, null, target.substring("metrics.".length()));
        }
        Field f = Field.byName(target);
        if (f == null || f == Field.SOURCE) {
            throw new IllegalArgumentException("source " + source + ": mapping target '" + target
                    + "' is not a field name (id, time, entity, kind, action, outcome, srcHost, dstHost, srcIp, dstIp, country,"
                    + " city, lat, lon, asn, asOrg, device, userAgent, bytes), attributes.KEY or metrics.KEY");
        }
        return new MappingTarget(target, f, null, null);
    }

    String name() {
        return name;
    }

    Field field() {
        return field;
    }

    /** Sets the value; null or blank text leaves the builder unchanged. */
    void apply(Event.Builder b, String text, ZoneId zone) {
        if (text == null || text.isBlank()) return;
        if (attribute != null) {
            b.attribute(attribute, text);
        } else if (metric != null) {
            b.metric(metric, Records.parseNumber(name, text.strip()));
        } else if (field == Field.TIME) {
            b.time(Timestamps.parse(text, zone));
        } else {
            b.set(field, text);
        }
    }
}
