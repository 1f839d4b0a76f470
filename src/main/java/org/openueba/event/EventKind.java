package org.openueba.event;

import java.util.Locale;

/** What sort of activity an event records. The models choose features per kind. */
public enum EventKind {
    /** Logon, logoff, VPN or SSO sign-in, ssh login, Kerberos/NTLM authentication. */
    AUTHENTICATION,
    /** Removable device connect/disconnect and other endpoint device use. */
    DEVICE,
    /** A web or API request (access logs, licence/API gateways). */
    WEB_REQUEST,
    /** A network connection (Zeek conn, firewall flows). */
    NETWORK_CONNECTION,
    /** File access, copy, deletion. */
    FILE,
    /** Process start on an endpoint. */
    PROCESS,
    /** E-mail sent or received. */
    EMAIL,
    /** Anything else. */
    OTHER;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case wire name, e.g. {@code web_request}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, case-insensitively, accepting a few common synonyms
     * ({@code logon}, {@code auth}, {@code web}, {@code http}, {@code network}, {@code conn}).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code text} is unknown
     */
    public static EventKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (t) {
            case "authentication": case "auth": case "logon": case "login": case "session": case "iam":
                return AUTHENTICATION;
            case "device": case "usb": case "removable":
                return DEVICE;
            case "web_request": case "web": case "http": case "api": case "request":
                return WEB_REQUEST;
            case "network_connection": case "network": case "conn": case "connection": case "flow":
                return NETWORK_CONNECTION;
            case "file": return FILE;
            case "process": return PROCESS;
            case "email": case "mail": return EMAIL;
            case "other": return OTHER;
            default:
                throw new IllegalArgumentException("unknown kind '" + Texts.printable(text, 40)
                        + "' (expected one of authentication, device, web_request, network_connection, file, process, email, other)");
        }
    }
}
