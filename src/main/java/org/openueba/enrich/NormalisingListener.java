package org.openueba.enrich;

import org.openueba.event.Event;
import org.openueba.event.InvalidRecordException;
import org.openueba.source.RecordListener;

import java.util.function.Supplier;

/**
 * Turns each record an adapter reports into an event with a {@link RecordNormaliser}: a record whose
 * text holds U+FFFD (the replacement of a byte that was not UTF-8) or that the normaliser refuses is
 * {@linkplain #reject rejected} with its reason, every other event goes to {@link #normalised}. What
 * ingestion and replay share; they differ in where events and rejections go. Pure Java.
 */
public abstract class NormalisingListener implements RecordListener {
    private final RecordNormaliser normaliser;

    protected NormalisingListener(RecordNormaliser normaliser) {
        this.normaliser = normaliser;
    }

    /** The event made from the record on {@code line}. */
    protected abstract void normalised(long line, Event e);

    @Override
    public final void record(long line, String raw, Event.Builder event) {
        record(line, () -> raw, raw.indexOf('\uFFFD') >= 0, event);
    }

    @Override
    public final void record(long line, Supplier<String> raw, boolean replacement, Event.Builder event) {
        if (replacement) {
            reject(line, "line is not valid UTF-8");
            return;
        }
        Event e;
        try {
            e = normaliser.normalise(raw, event);
        } catch (InvalidRecordException ex) {
            reject(line, ex.getMessage());
            return;
        }
        normalised(line, e);
    }
}
