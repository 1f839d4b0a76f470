package org.openueba.api;

import java.util.List;

/**
 * CSV for spreadsheets (RFC 4180), safe against formula injection: every field is quoted, quotes
 * doubled, and a field that a spreadsheet would read as a formula (starting with {@code = + - @},
 * a tab or a carriage return, also after leading spaces or as their full-width forms) gets a
 * leading apostrophe, as OWASP's CSV-injection guidance recommends. Entity names, URLs and reasons
 * come from events, so an attacker chooses them.
 */
public final class SpreadsheetCsv {
    private SpreadsheetCsv() {
    }

    /** One field, quoted and neutralised; null becomes an empty field. */
    public static String cell(String value) {
        if (value == null) return "\"\"";
        String v = value;
        if (dangerous(v)) v = "'" + v;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    /** One record, with CRLF as RFC 4180 says. */
    public static String row(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(values.get(i)));
        }
        return sb.append("\r\n").toString();
    }

    static boolean dangerous(String v) {
        int i = 0;
        while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\u00a0')) i++;
        if (i == v.length()) return false;
        char c = v.charAt(i);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n'
                || c == '\uff1d' || c == '\uff0b' || c == '\uff0d' || c == '\uff20'
                || (i == 0 && c == '|');
    }
}
