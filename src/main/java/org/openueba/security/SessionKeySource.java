package org.openueba.security;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A random session encryption key for this process when none is configured. Without it Quarkus makes
 * its own temporary key and writes it to the log at WARN, and whoever reads the log could forge a
 * session cookie for any user while the process runs. The lowest ordinal: a configured key
 * ({@code QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY}, application.properties) always wins. As before,
 * sessions end at a restart and instances do not share them unless the key is configured
 * (docs/security.md, "Rotating secrets").
 */
public final class SessionKeySource implements ConfigSource {
    static final String NAME = "quarkus.http.auth.session.encryption-key";
    private static final String KEY = newKey();

    static String newKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(NAME);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(NAME, KEY);
    }

    @Override
    public String getValue(String propertyName) {
        return NAME.equals(propertyName) ? KEY : null;
    }

    @Override
    public String getName() {
        return "ueba-random-session-key";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }
}
