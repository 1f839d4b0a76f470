package org.openueba.source;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.openueba.event.Event;

/** A {@link RecordListener} for tests that keeps everything, building events as the pipeline would. */
final class Collected implements RecordListener {
    /** A reject or skip with its line. */
    record Note(long line, String text) {
    }

    /** A record with its line and raw text. */
    record Rec(long line, String raw, Event event) {
    }

    final List<Rec> records = new ArrayList<>();
    final List<Note> rejects = new ArrayList<>();
    final List<Note> skips = new ArrayList<>();

    static Collected read(RecordAdapter adapter, String input) {
        Collected c = new Collected();
        try {
            adapter.read(new StringReader(input), c);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return c;
    }

    static Collected read(SourceProfile profile, String input) {
        return read(Adapters.create(profile, AdapterLimits.DEFAULT), input);
    }

    @Override
    public void record(long line, String raw, Event.Builder event) {
        event.source("test");
        if (event.id() == null) event.id("line-" + line);
        records.add(new Rec(line, raw, event.build()));
    }

    @Override
    public void reject(long line, String reason) {
        rejects.add(new Note(line, reason));
    }

    @Override
    public void skip(long line, String why) {
        skips.add(new Note(line, why));
    }

    Event event(int i) {
        return records.get(i).event();
    }

    List<Long> recordLines() {
        return records.stream().map(Rec::line).toList();
    }

    List<Long> rejectLines() {
        return rejects.stream().map(Note::line).toList();
    }

    List<Long> skipLines() {
        return skips.stream().map(Note::line).toList();
    }

    String reason(int i) {
        return rejects.get(i).text();
    }

    @Override
    public String toString() {
        return "records=" + records.size() + " rejects=" + rejects + " skips=" + skips.size();
    }
}
