package org.openueba.demo;

/**
 * The malicious behaviours injected into the demo organisation. Each instance is recorded in
 * {@code ground-truth.csv} under its {@link #wireName()}.
 */
public enum Scenario {
    /** A user who never used removable drives logs on at 01:00–04:00 local time and connects one. */
    AFTER_HOURS_REMOVABLE("after-hours-removable", "logon.csv;device.csv"),
    /** A modest removable-drive user connects 5–8× as often as usual for 2–3 days, ≤ 2 per hour. */
    REMOVABLE_SURGE("removable-surge", "device.csv"),
    /** An IT administrator logs on to a colleague's personal workstation after hours. */
    ADMIN_COLLEAGUE_AFTER_HOURS("admin-colleague-after-hours", "logon.csv"),
    /** VPN success from a new country and ASN less than two hours after a sign-in from home. */
    ACCOUNT_TAKEOVER("account-takeover", "vpn.ndjson"),
    /** Logons to 15+ hosts the user never used, within one to two hours. */
    LATERAL_MOVEMENT("lateral-movement", "logon.csv"),
    /** 30+ failed VPN sign-ins from one foreign IP within minutes, then a success from it. */
    BRUTE_FORCE_THEN_SUCCESS("brute-force-then-success", "vpn.ndjson");

    private final String wireName;
    private final String files;

    Scenario(String wireName, String files) {
        this.wireName = wireName;
        this.files = files;
    }

    /** The name used in ground truth, e.g. {@code after-hours-removable}. */
    public String wireName() {
        return wireName;
    }

    /** The output files holding the injected events, joined by {@code ;}. */
    public String files() {
        return files;
    }

    /** The scenario with the given wire name. */
    public static Scenario fromWireName(String name) {
        for (Scenario s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("scenario: unknown name '" + name + "'");
    }
}
