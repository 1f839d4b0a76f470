package org.openueba.event;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The standard fields of an {@link Event}, with their wire names (the native JSON field names, and
 * the names used in data-source field mappings and in the pseudonymisation settings).
 */
public enum Field {
    ID("id"), TIME("time"), SOURCE("source"), ENTITY("entity"), KIND("kind"), ACTION("action"),
    OUTCOME("outcome"), SRC_HOST("srcHost"), DST_HOST("dstHost"), SRC_IP("srcIp"), DST_IP("dstIp"),
    COUNTRY("country"), CITY("city"), LAT("lat"), LON("lon"), ASN("asn"), AS_ORG("asOrg"),
    DEVICE("device"), USER_AGENT("userAgent"), BYTES("bytes");

    private static final Map<String, Field> BY_NAME = new HashMap<>();
    static {
        for (Field f : values()) {
            BY_NAME.put(f.wireName.toLowerCase(Locale.ROOT), f);
            BY_NAME.put(f.name().toLowerCase(Locale.ROOT), f);
        }
    }

    private final String wireName;

    Field(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The field with this wire name (case-insensitive; {@code src_ip} works too), or null. */
    public static Field byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
