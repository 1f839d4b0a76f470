package org.openueba.ingest;

import java.util.List;

/**
 * The answer to one ingestion request.
 *
 * @param accepted        records that passed validation and are stored (new + duplicates)
 * @param stored          of those, records stored for the first time
 * @param duplicates      of those, records whose id was already stored (re-sent batches)
 * @param rejected        records refused, each listed in {@code errors} up to the configured cap
 * @param skipped         well-formed lines that carry no event (headers, comments, unrelated syslog)
 * @param errorsTruncated true when more rejections happened than {@code errors} lists
 */
public record IngestResult(String source, long accepted, long stored, long duplicates, long rejected, long skipped,
                           List<RecordError> errors, boolean errorsTruncated) {

    /** One rejected record: its 1-based line number in the request body and why. */
    public record RecordError(long line, String reason) {
    }
}
