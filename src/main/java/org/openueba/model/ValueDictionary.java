package org.openueba.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns the values of the categorical features (host names, IP addresses, countries…) as small
 * integers, once for the whole organisation, so that per-entity state holds 4-byte ids instead of
 * strings. Ids are dense and assigned in first-seen order, which the deterministic event order makes
 * reproducible. Not thread-safe (the engine is single-threaded).
 */
public final class ValueDictionary {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    /** The id of {@code value}, assigning the next one when it is new. */
    public int intern(String value) {
        Integer id = ids.get(value);
        if (id != null) return id;
        int next = values.size();
        ids.put(value, next);
        values.add(value);
        return next;
    }

    /** The id of {@code value}, or -1 when it was never interned. */
    public int find(String value) {
        Integer id = ids.get(value);
        return id == null ? -1 : id;
    }

    public String value(int id) {
        return values.get(id);
    }

    public int size() {
        return values.size();
    }
}
