package org.openueba.event;

/**
 * A raw record or a field of it is not acceptable. The message is meant for the sender of the
 * record: it names the field and says what was expected, and never contains a stack trace.
 */
public class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String message) {
        super(message, null, false, false);
    }
}
