package org.openueba.source;

import java.util.List;

/** The adapter types and the factory that instantiates them for one input stream. */
public final class Adapters {
    /** Every adapter type a {@link SourceProfile} may name. */
    public static final List<String> TYPES = List.of("json", "cert-logon", "cert-device", "lanl-auth",
            "zeek-conn", "access-log", "sshd", "csv");

    private Adapters() {
    }

    /** A fresh adapter for one input stream of {@code profile}. */
    public static RecordAdapter create(SourceProfile profile, AdapterLimits limits) {
        throw new UnsupportedOperationException("adapter " + profile.adapter() + " not yet implemented");
    }
}
