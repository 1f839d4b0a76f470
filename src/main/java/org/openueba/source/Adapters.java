package org.openueba.source;

import java.time.Clock;
import java.util.List;

/** The adapter types and the factory that instantiates them for one input stream. */
public final class Adapters {
    /** Every adapter type a {@link SourceProfile} may name. */
    public static final List<String> TYPES = List.of("json", "cert-logon", "cert-device", "lanl-auth",
            "zeek-conn", "access-log", "sshd", "csv");

    private Adapters() {
    }

    /**
     * A fresh adapter for one input stream of {@code profile}.
     *
     * @throws IllegalArgumentException when the profile's options or mapping are not valid for its
     *                                  adapter (the message names the option)
     */
    public static RecordAdapter create(SourceProfile profile, AdapterLimits limits) {
        switch (profile.adapter()) {
            case "cert-logon": return new CertAdapter(profile, limits, false);
            case "cert-device": return new CertAdapter(profile, limits, true);
            case "lanl-auth": return new LanlAuthAdapter(profile, limits);
            case "access-log": return new AccessLogAdapter(profile, limits);
            case "sshd": return new SshdAdapter(profile, limits, Clock.systemUTC());
            case "zeek-conn": return new ZeekConnAdapter(profile, limits);
            case "json": return new JsonAdapter(profile, limits);
            case "csv": return new CsvAdapter(profile, limits);
            default: throw new UnsupportedOperationException("adapter " + profile.adapter() + " not yet implemented");
        }
    }
}
