package org.openueba.api;

/**
 * A whole-request failure answered as RFC 9457 {@code application/problem+json}. The detail is
 * shown to the client, so it must not contain internals.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final String type;

    public ProblemException(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Short problem type name; the URI is {@code /problems/NAME} relative to the server. */
    public String type() {
        return type;
    }
}
