package org.openueba.replay;

import org.openueba.event.Event;
import org.openueba.model.BehaviourEngine;
import org.openueba.model.ModelConfig;
import org.openueba.model.ScoredEvent;
import org.openueba.smart.SmartConfig;
import org.openueba.smart.SmartEngine;
import org.openueba.smart.WindowAlert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The replay's core, after the inputs are read: merge them into one stream "as if it had arrived
 * live", run it through both layers, and order the alerts for output. Pure Java, deterministic:
 * the same inputs give the same alerts in the same order.
 */
public final class Replay {
    /** Event-time order, ties by event id: the order in which the replay applies events. */
    public static final Comparator<Event> EVENT_ORDER = Comparator.comparing(Event::time).thenComparing(Event::id);

    /** Output order: the time the alert was raised (its window crossed the threshold), then id. */
    public static final Comparator<WindowAlert> ALERT_ORDER =
            Comparator.comparing(WindowAlert::crossedAt).thenComparing(WindowAlert::id);

    private Replay() {
    }

    /**
     * The merged stream.
     *
     * @param events     every accepted event, in {@link #EVENT_ORDER}, each id once
     * @param duplicates per input (same order as given), events dropped because an earlier input, or an
     *                   earlier line of the same input, had the same id
     */
    public record Merged(Event[] events, long[] duplicates) {
    }

    /**
     * Merges the inputs' events (each list in file order, the lists in command-line order) into one
     * array in {@link #EVENT_ORDER}. As live ingestion stores an id once, an event whose id arrived
     * before — earlier in the same file or in an earlier input — is dropped and counted. The lists are
     * cleared as they are copied, so the events are held once.
     */
    public static Merged merge(List<List<Event>> inputs) {
        int total = 0;
        for (List<Event> l : inputs) total += l.size();
        Event[] all = new Event[total];
        long[] duplicates = new long[inputs.size()];
        Set<String> seen = new HashSet<>(Math.max(16, (int) (total / 0.75f) + 1));
        int n = 0;
        for (int i = 0; i < inputs.size(); i++) {
            List<Event> l = inputs.get(i);
            for (Event e : l) {
                if (seen.add(e.id())) all[n++] = e;
                else duplicates[i]++;
            }
            l.clear();
        }
        seen = null;
        Event[] events = n == total ? all : Arrays.copyOf(all, n);
        // ids are unique now, so the order is total and the result does not depend on the sort's stability
        Arrays.parallelSort(events, EVENT_ORDER);
        return new Merged(events, duplicates);
    }

    /** What scoring found. */
    public record Scored(List<WindowAlert> alerts, long events, long failures, double prior, int entities) {
    }

    /** The events to score, one at a time. */
    public interface EventStream {
        /** The next event, or null after the last. */
        Event next();
    }

    /**
     * Applies the events in array order to a fresh {@link BehaviourEngine} and {@link SmartEngine};
     * returns the final state of every alert in {@link #ALERT_ORDER}. Each slot of {@code events} is
     * cleared once applied, so the events can be collected while the replay goes on.
     *
     * @param failures told about an event whose first-layer scoring threw (live ingestion stores such an
     *                 event unscored; the replay leaves it out of both layers and goes on)
     */
    public static Scored score(Event[] events, ModelConfig models, SmartConfig smart, BehaviourEngine.ZoneLookup zones,
                               Consumer<RuntimeException> failures) {
        int[] next = {0};
        return score(() -> {
            if (next[0] == events.length) return null;
            Event e = events[next[0]];
            events[next[0]++] = null;
            return e;
        }, models, smart, zones, failures);
    }

    /**
     * Applies the events in the stream's order to a fresh {@link BehaviourEngine} and {@link SmartEngine};
     * returns the final state of every alert in {@link #ALERT_ORDER}. Whatever {@code events} throws
     * ends the scoring and propagates.
     *
     * @param failures told about an event whose first-layer scoring threw (live ingestion stores such an
     *                 event unscored; the replay leaves it out of both layers and goes on)
     */
    public static Scored score(EventStream events, ModelConfig models, SmartConfig smart, BehaviourEngine.ZoneLookup zones,
                               Consumer<RuntimeException> failures) {
        BehaviourEngine first = new BehaviourEngine(models, zones);
        SmartEngine second = new SmartEngine(smart);
        ScoredEvent out = new ScoredEvent();
        Map<String, WindowAlert> alerts = new HashMap<>();
        long failed = 0, applied = 0;
        for (Event e = events.next(); e != null; e = events.next()) {
            try {
                first.apply(e, out);
            } catch (RuntimeException ex) {
                failed++;
                failures.accept(new IllegalStateException("scoring event " + e.id() + " failed: " + ex, ex));
                continue;
            }
            applied++;
            SmartEngine.Outcome o = second.accept(e, out);
            if (o.alert() != null) alerts.put(o.alert().id(), o.alert());
        }
        List<WindowAlert> list = new ArrayList<>(alerts.values());
        list.sort(ALERT_ORDER);
        return new Scored(list, applied, failed, second.prior(), second.entityCount());
    }
}
