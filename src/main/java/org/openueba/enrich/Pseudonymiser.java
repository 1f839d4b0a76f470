package org.openueba.enrich;

import org.openueba.event.Event;
import org.openueba.event.Field;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces identifying values (licence keys, IPs, machine codes, user names) by keyed pseudonyms:
 * {@code p.} followed by the first 128 bits of HMAC-SHA256(key, value) in unpadded base64url
 * (24 characters in all). The same value always maps to the same pseudonym under one key, whatever
 * field it appears in, so behaviour can still be modelled and joined; without the key the mapping
 * cannot be reversed or recomputed. Values that already are pseudonyms are left alone, so applying
 * it twice is harmless.
 *
 * <p>Thread-safe: each thread gets its own {@link Mac}.
 */
public final class Pseudonymiser {
    /** Shortest accepted key, in characters. */
    public static final int MIN_KEY_LENGTH = 32;
    public static final String PREFIX = "p.";

    private final byte[] key;
    private final ThreadLocal<Mac> mac;

    /**
     * @param key secret of at least {@value #MIN_KEY_LENGTH} characters
     * @throws IllegalArgumentException when the key is too short
     */
    public Pseudonymiser(String key) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("pseudonymisation key must have at least " + MIN_KEY_LENGTH
                    + " characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    /** The pseudonym of {@code value}; null stays null. */
    public String pseudonym(String value) {
        if (value == null || value.startsWith(PREFIX)) return value;
        byte[] digest = mac.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        byte[] head = new byte[16];
        System.arraycopy(digest, 0, head, 0, 16);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(head);
    }

    /** The full HMAC-SHA256 of {@code data} (used to derive stable event ids). */
    public byte[] hmac(byte[] data) {
        return mac.get().doFinal(data);
    }

    /**
     * Pseudonymises the named fields of an event builder in place.
     *
     * @param fields standard field wire names or {@code attributes.KEY}, as validated by {@link #checkFields}
     */
    public void apply(Event.Builder event, Collection<String> fields) {
        for (String f : fields) {
            if (f.startsWith("attributes.")) {
                String k = f.substring("attributes.".length());
                String v = event.attributes().get(k);
                if (v != null) event.replaceAttribute(k, pseudonym(v));
            } else {
                Field field = Field.byName(f);
                String v = event.get(field);
                if (v != null) event.replaceText(field, pseudonym(v));
            }
        }
    }

    /**
     * Checks a list of field names for {@link #apply}: each must be a free-text standard field or
     * {@code attributes.KEY}. Returns the de-duplicated list.
     *
     * @throws IllegalArgumentException naming the first unusable entry
     */
    public static List<String> checkFields(Collection<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            String t = n.strip();
            if (t.isEmpty()) continue;
            if (t.startsWith("attributes.") && t.length() > "attributes.".length()) {
                out.add(t);
                continue;
            }
            Field f = Field.byName(t);
            if (f == null || f == Field.TIME || f == Field.KIND || f == Field.OUTCOME || f == Field.LAT
                    || f == Field.LON || f == Field.ASN || f == Field.BYTES || f == Field.SOURCE || f == Field.ID) {
                throw new IllegalArgumentException("cannot pseudonymise '" + t
                        + "': name a text field (entity, srcIp, dstIp, srcHost, dstHost, device, userAgent, action, city,"
                        + " country, asOrg) or attributes.KEY");
            }
            out.add(f.wireName());
        }
        return new ArrayList<>(out);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
