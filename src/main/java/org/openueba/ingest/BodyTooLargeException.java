package org.openueba.ingest;

import java.io.IOException;

/** The request body (after decompression) exceeded the configured limit. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes (after decompression)");
    }
}
