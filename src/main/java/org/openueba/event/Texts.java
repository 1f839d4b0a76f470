package org.openueba.event;

/** Small text helpers for error messages. */
public final class Texts {
    private Texts() {
    }

    /**
     * A short, printable rendering of untrusted input for an error message: control characters
     * become {@code ?}, and the text is cut at {@code max} characters with an ellipsis.
     */
    public static String printable(String s, int max) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > max) b.append('…');
        return b.toString();
    }
}
