package org.openueba.enrich;

import java.nio.charset.StandardCharsets;

/**
 * Stable event ids. A stored id is {@code SOURCE:NATIVE} when the record carries its own id, and
 * {@code SOURCE:h-HEX} otherwise, where HEX is the first 160 bits of
 * HMAC-SHA256(key, source ␀ raw ␀ occurrence). {@code occurrence} counts earlier identical raw
 * records in the same batch (0 for the first), so two identical lines in one batch stay two events
 * while re-sending the batch maps every record to the same id again. The key (the
 * pseudonymisation key) prevents recomputing a raw record from its id by brute force.
 */
public final class EventIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {
    }

    /** The stored id of a record whose source gave it {@code nativeId}. */
    public static String fromNative(String source, String nativeId) {
        return source + ':' + nativeId;
    }

    /** The derived id of the {@code occurrence}-th identical {@code raw} record of a batch. */
    public static String derive(Pseudonymiser keyed, String source, String raw, int occurrence) {
        byte[] digest = keyed.hmac((source + '\0' + raw + '\0' + occurrence).getBytes(StandardCharsets.UTF_8));
        char[] out = new char[40];
        for (int i = 0; i < 20; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return source + ":h-" + new String(out);
    }
}
