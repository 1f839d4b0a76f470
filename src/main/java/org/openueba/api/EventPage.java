package org.openueba.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * One page of events in (time, id) order. {@code nextCursor} is null on the last page; pass it as
 * {@code cursor} to get the next page (keyset paging: stable while new events arrive).
 */
public record EventPage(List<EventDto> items, String nextCursor) {

    /** The (time, id) position after which the next page starts, as an opaque base64url token. */
    public record Cursor(Instant time, String id) {
        public String encode() {
            String s = time.getEpochSecond() + "." + time.getNano() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws ProblemException 400 when the token was not made by {@link #encode()} */
        public static Cursor decode(String token) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = s.indexOf('|');
                String[] t = s.substring(0, bar).split("\\.");
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(t[0]), Long.parseLong(t[1])), s.substring(bar + 1));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("cursor is not valid; use the nextCursor of a previous page");
            }
        }
    }
}
