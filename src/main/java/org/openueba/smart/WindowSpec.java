package org.openueba.smart;

/**
 * How a data source's events are grouped into SMART windows (engine.md §3.5): one local hour, one
 * local day, or groups of {@code n} consecutive events of an entity (API logs).
 *
 * @param kind the window kind
 * @param n    events per group for {@link Kind#EVENTS}, else 0
 */
public record WindowSpec(Kind kind, int n) {
    /** The maximum group size: a group's evidence and state stay small. */
    public static final int MAX_GROUP = 10_000;
    public static final WindowSpec HOUR = new WindowSpec(Kind.HOUR, 0);
    public static final WindowSpec DAY = new WindowSpec(Kind.DAY, 0);

    public enum Kind { HOUR, DAY, EVENTS }

    public WindowSpec {
        if (kind == null) throw new IllegalArgumentException("window kind is required");
        if (kind == Kind.EVENTS && (n < 1 || n > MAX_GROUP)) {
            throw new IllegalArgumentException("window events:N needs 1 <= N <= " + MAX_GROUP + ", was " + n);
        }
        if (kind != Kind.EVENTS) n = 0;
    }

    /** A group of {@code n} consecutive events. */
    public static WindowSpec events(int n) {
        return new WindowSpec(Kind.EVENTS, n);
    }

    /**
     * Parses {@code hour}, {@code day} or {@code events:N} (case-insensitive).
     *
     * @throws IllegalArgumentException with the allowed forms when {@code text} is none of them
     */
    public static WindowSpec parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("hour")) return HOUR;
        if (t.equals("day")) return DAY;
        if (t.startsWith("events:")) {
            try {
                return events(Integer.parseInt(t.substring(7)));
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("window must be hour, day or events:N (1.." + MAX_GROUP + "), was '" + text + "'");
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return kind == Kind.EVENTS ? "events:" + n : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
