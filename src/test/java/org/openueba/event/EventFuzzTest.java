package org.openueba.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Fuzz target for the text parsing every adapter relies on (see docs/security.md "Fuzzing"):
 * {@link Timestamps}, {@link IpAddresses}, {@link EventKind}/{@link Outcome} and the typed
 * {@link Event.Builder#set} setters. Each input sets a few fields of one event from fuzzed text.
 * They may only fail with {@link InvalidRecordException} (the enums' parsers with
 * {@link IllegalArgumentException}), with a short message; a parsed timestamp prints back to the
 * same instant, a normalised IP address is its own normal form and the same address; and the
 * event that results satisfies {@link EventInvariants}.
 *
 * <p>Seeds: {@code src/test/resources/org/openueba/event/EventFuzzTestInputs/fields/}.
 */
class EventFuzzTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/St_Johns"), ZoneId.of("Pacific/Kiritimati"));
    private static final Field[] FIELDS = Field.values();

    @FuzzTest(maxDuration = "30s")
    void fields(FuzzedDataProvider data) {
        Event.Builder b = Event.builder().id("e").source("fuzz").entity("alice").kind(EventKind.OTHER)
                .time(Instant.parse("2024-04-19T10:00:00Z"));
        int steps = data.consumeInt(1, 8);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            int op = data.consumeInt(0, 5);
            String text = data.consumeString(data.consumeInt(0, 300));
            try {
                switch (op) {
                    case 0: timestamp(text, ZONES.get(data.consumeInt(0, ZONES.size() - 1))); break;
                    case 1: ipAddress(text); break;
                    case 2: enums(text); break;
                    case 3: b.attribute(data.consumeString(70), text); break;
                    case 4: b.metric(data.consumeString(70), data.consumeRegularDouble()); break;
                    default: b.set(FIELDS[data.consumeInt(0, FIELDS.length - 1)], text); break;
                }
            } catch (InvalidRecordException e) {
                checkMessage(e.getMessage());
            }
        }
        try {
            EventInvariants.check(b.build(), b);
        } catch (InvalidRecordException e) {
            // id, source, entity, kind or time set to blank text: a required field is now missing
            checkMessage(e.getMessage());
        }
    }

    private static void timestamp(String text, ZoneId zone) {
        Instant t = Timestamps.parse(text, zone);
        assertEquals(t, Timestamps.parse(t.toString()), () -> "'" + text + "' parsed to " + t + ", which parses differently");
    }

    private static void ipAddress(String text) {
        String n = IpAddresses.normalise("ip", text);
        assertEquals(n, IpAddresses.normalise("ip", n), () -> "normal form of '" + text + "' is not stable");
        InetAddress a = IpAddresses.parse("ip", text), b = IpAddresses.parse("ip", n);
        assertTrue(a.equals(b) || isMapped(a, b), () -> "'" + text + "' and its normal form " + n + " differ");
    }

    /** An IPv4-mapped IPv6 address normalises to its IPv4 form. */
    private static boolean isMapped(InetAddress v6, InetAddress v4) {
        byte[] x = v6.getAddress(), y = v4.getAddress();
        return x.length == 16 && y.length == 4 && x[12] == y[0] && x[13] == y[1] && x[14] == y[2] && x[15] == y[3];
    }

    private static void enums(String text) {
        for (Runnable parse : List.<Runnable>of(() -> EventKind.parse(text), () -> Outcome.parse(text))) {
            try {
                parse.run();
            } catch (IllegalArgumentException e) {
                checkMessage(e.getMessage());
            }
        }
    }

    private static void checkMessage(String message) {
        assertTrue(message != null && !message.isEmpty() && message.length() <= 300, () -> "message: " + message);
    }
}
