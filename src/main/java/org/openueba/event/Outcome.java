package org.openueba.event;

import java.util.Locale;

/** Whether the recorded action succeeded. */
public enum Outcome {
    SUCCESS, FAILURE, UNKNOWN;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /**
     * Parses common spellings: success/succeeded/ok/true/accepted/allow, failure/failed/fail/false/
     * denied/deny/rejected, unknown.
     *
     * @throws IllegalArgumentException when {@code text} is none of them
     */
    public static Outcome parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "success": case "succeeded": case "successful": case "ok": case "true": case "accepted":
            case "allow": case "allowed": case "pass": case "1":
                return SUCCESS;
            case "failure": case "failed": case "fail": case "false": case "denied": case "deny":
            case "rejected": case "blocked": case "error": case "0":
                return FAILURE;
            case "unknown": case "": case "-":
                return UNKNOWN;
            default:
                throw new IllegalArgumentException("unknown outcome '" + Texts.printable(text, 40) + "' (expected success, failure or unknown)");
        }
    }
}
