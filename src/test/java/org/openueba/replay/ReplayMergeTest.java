package org.openueba.replay;

import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayMergeTest {
    private static Event event(String id, String time, String source) {
        return Event.builder().id(id).time(Instant.parse(time)).source(source).entity("u1").kind(EventKind.AUTHENTICATION).build();
    }

    private static List<String> ids(Event[] events) {
        return Arrays.stream(events).map(Event::id).toList();
    }

    @Test
    void inputsAreMergedByEventTimeThenId() {
        // each input in file order, which need not be time order
        List<Event> logon = new ArrayList<>(List.of(event("b:2", "2026-01-01T10:00:00Z", "b"),
                event("b:1", "2026-01-01T08:00:00Z", "b"), event("b:3", "2026-01-01T10:00:00Z", "b")));
        List<Event> vpn = new ArrayList<>(List.of(event("a:9", "2026-01-01T09:00:00Z", "a"),
                event("a:1", "2026-01-01T10:00:00Z", "a"), event("c:0", "2026-01-01T10:00:00.000000001Z", "a")));
        Replay.Merged m = Replay.merge(List.of(logon, vpn));
        assertEquals(List.of("b:1", "a:9", "a:1", "b:2", "b:3", "c:0"), ids(m.events()));
        assertArrayEquals(new long[]{0, 0}, m.duplicates());
        assertTrue(logon.isEmpty() && vpn.isEmpty(), "the inputs' lists are released");
    }

    @Test
    void theOrderDoesNotDependOnTheOrderOfTheInputs() {
        List<Event> x = List.of(event("x:1", "2026-01-01T10:00:00Z", "x"), event("x:2", "2026-01-01T09:00:00Z", "x"));
        List<Event> y = List.of(event("y:1", "2026-01-01T10:00:00Z", "y"), event("a:5", "2026-01-01T09:00:00Z", "y"));
        List<String> xy = ids(Replay.merge(List.of(new ArrayList<>(x), new ArrayList<>(y))).events());
        List<String> yx = ids(Replay.merge(List.of(new ArrayList<>(y), new ArrayList<>(x))).events());
        assertEquals(List.of("a:5", "x:2", "x:1", "y:1"), xy);
        assertEquals(xy, yx);
    }

    @Test
    void aRepeatedIdKeepsItsFirstArrivalAsLiveIngestionWould() {
        // live ingestion stores an id once: the first arrival wins, later ones are duplicates
        List<Event> first = new ArrayList<>(List.of(event("j:1", "2026-01-01T12:00:00Z", "j"),
                event("j:2", "2026-01-01T08:00:00Z", "j"), event("j:2", "2026-01-01T08:00:00Z", "j")));
        List<Event> second = new ArrayList<>(List.of(event("j:1", "2026-01-01T07:00:00Z", "j"),
                event("j:3", "2026-01-01T09:00:00Z", "j")));
        Replay.Merged m = Replay.merge(List.of(first, second));
        assertEquals(List.of("j:2", "j:3", "j:1"), ids(m.events()));
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"), m.events()[2].time());
        assertArrayEquals(new long[]{1, 1}, m.duplicates());
    }

    @Test
    void noInputsNoEvents() {
        Replay.Merged m = Replay.merge(List.of(new ArrayList<>()));
        assertEquals(0, m.events().length);
    }
}
