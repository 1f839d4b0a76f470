package org.openueba.model;

/**
 * Reduces a User-Agent header to its family ("Chrome", "Firefox", "curl"…): the full string changes
 * with every browser update, the family does not, and a new family is what an analyst cares about.
 * Pure and thread-safe.
 */
public final class UserAgents {
    private UserAgents() {
    }

    /** The family of {@code ua}, or null for null/blank input. */
    public static String family(String ua) {
        if (ua == null || ua.isBlank()) return null;
        // order matters: Edge and Opera also say Chrome, Chrome also says Safari
        if (ua.contains("Edg/") || ua.contains("Edge/")) return "Edge";
        if (ua.contains("OPR/") || ua.contains("Opera")) return "Opera";
        if (ua.contains("Firefox/")) return "Firefox";
        if (ua.contains("Chrome/") || ua.contains("CriOS/")) return "Chrome";
        if (ua.contains("Safari/")) return "Safari";
        if (ua.contains("MSIE ") || ua.contains("Trident/")) return "Internet Explorer";
        String t = ua.strip();
        int end = 0;
        while (end < t.length() && end < 40) {
            char c = t.charAt(end);
            if (c == '/' || c == ' ' || c == ';' || c == '(') break;
            end++;
        }
        return end == 0 ? t.substring(0, Math.min(40, t.length())) : t.substring(0, end);
    }
}
