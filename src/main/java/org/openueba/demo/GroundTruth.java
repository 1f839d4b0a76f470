package org.openueba.demo;

import java.time.Instant;
import java.util.List;

/**
 * One injected scenario instance: which entity, when (first and last injected event, UTC), the
 * files holding the events and their ids.
 *
 * @param scenario    what was injected
 * @param entity      the user id (without domain) whose behaviour is malicious
 * @param start       time of the first injected event
 * @param end         time of the last injected event
 * @param source      output file(s) holding the events, joined by {@code ;}
 * @param eventIds    ids of the injected events, in time order
 * @param description a sentence for humans
 */
public record GroundTruth(Scenario scenario, String entity, Instant start, Instant end, String source,
                          List<String> eventIds, String description) {
    /** CSV header of {@code ground-truth.csv}. */
    public static final String HEADER = "scenario,entity,start,end,source,event_ids,description";

    /** Copies the id list. */
    public GroundTruth {
        eventIds = List.copyOf(eventIds);
    }

    /** This instance as one CSV line (description quoted). */
    public String toCsv() {
        return scenario.wireName() + "," + entity + "," + start + "," + end + "," + source + ","
                + String.join(";", eventIds) + ",\"" + description.replace("\"", "\"\"") + "\"";
    }
}
