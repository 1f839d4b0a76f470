package org.openueba.model;

/** Builds {@link ScoredEvent}s with chosen feature scores, for tests of the second layer. */
public final class ScoredEvents {
    private ScoredEvents() {
    }

    /**
     * @param local  local time as epoch seconds of the local date-time
     * @param scores alternating feature name, value, score (as String), e.g. "json.dst_host", "PC-1", "90"
     */
    public static ScoredEvent of(String eventId, String entity, long local, String... scores) {
        ScoredEvent s = new ScoredEvent();
        s.reset(eventId, entity);
        s.localEpochSecond = local;
        for (int i = 0; i + 2 < scores.length + 1; i += 3) {
            int k = s.add(scores[i], scores[i + 1], Double.parseDouble(scores[i + 2]), ScoredEvent.COUNT);
            s.i1[k] = 5;
            s.d1[k] = 1;
            s.d2[k] = 1;
        }
        return s;
    }
}
