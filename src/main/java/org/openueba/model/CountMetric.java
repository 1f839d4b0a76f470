package org.openueba.model;

import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What a window-count model counts (engine.md §3.3). */
public enum CountMetric {
    EVENTS("events", true),
    FAILURES("failures", true),
    DISTINCT_DST_HOSTS("dst_hosts", true),
    BYTES("bytes", false),
    DEVICE_CONNECTIONS("device_connections", true);

    private final String wireName;
    private final boolean counting;

    CountMetric(String wireName, boolean counting) {
        this.wireName = wireName;
        this.counting = counting;
    }

    public String wireName() {
        return wireName;
    }

    /** True for counts of things (damped below 6); false for amounts such as bytes. */
    public boolean counting() {
        return counting;
    }

    /**
     * How much {@code e} adds to the window (distinct hosts are handled by the caller: this returns
     * 1 when the event names a destination host).
     */
    double increment(Event e) {
        return switch (this) {
            case EVENTS -> 1;
            case FAILURES -> e.outcome() == Outcome.FAILURE ? 1 : 0;
            case DISTINCT_DST_HOSTS -> e.dstHost() == null ? 0 : 1;
            case BYTES -> e.bytes() == null ? 0 : e.bytes();
            case DEVICE_CONNECTIONS -> e.kind() == EventKind.DEVICE
                    && (e.action() == null || !e.action().toLowerCase(java.util.Locale.ROOT).contains("disconnect")) ? 1 : 0;
        };
    }

    private static final Map<EventKind, Set<CountMetric>> DEFAULTS = new EnumMap<>(EventKind.class);

    static {
        for (EventKind k : EventKind.values()) DEFAULTS.put(k, Collections.unmodifiableSet(build(k)));
    }

    /** The metrics counted for events of {@code kind} (a shared, unmodifiable set). */
    public static Set<CountMetric> defaultsFor(EventKind kind) {
        return DEFAULTS.get(kind);
    }

    private static Set<CountMetric> build(EventKind kind) {
        return switch (kind) {
            case AUTHENTICATION -> EnumSet.of(EVENTS, FAILURES, DISTINCT_DST_HOSTS);
            case DEVICE -> EnumSet.of(DEVICE_CONNECTIONS);
            case WEB_REQUEST -> EnumSet.of(EVENTS, FAILURES, BYTES);
            case NETWORK_CONNECTION -> EnumSet.of(EVENTS, DISTINCT_DST_HOSTS, BYTES);
            default -> EnumSet.of(EVENTS);
        };
    }
}
