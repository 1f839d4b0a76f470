package org.openueba.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;

/**
 * bcrypt password hashes in modular crypt format ({@code $2a$cost$salt+hash}) and the password
 * policy. bcrypt reads at most 72 bytes of a password, so longer ones are refused rather than
 * silently truncated.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_BYTES = 72;
    private static final Provider PROVIDER = new WildFlyElytronPasswordProvider();
    /** A valid hash of a random password, verified against when the user does not exist (same timing). */
    private final String dummyHash;
    private final int cost;

    /** @param cost bcrypt cost factor (log2 of the rounds), 4..31; 12 by default */
    public Passwords(int cost) {
        if (cost < 4 || cost > 31) throw new IllegalArgumentException("bcrypt cost must be 4..31, was " + cost);
        this.cost = cost;
        this.dummyHash = hash("timing-equaliser-" + System.nanoTime());
    }

    /** Why {@code password} is not acceptable, or null when it is. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH)
            return "a password needs at least " + MIN_LENGTH + " characters";
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES)
            return "a password may have at most " + MAX_BYTES + " bytes (bcrypt ignores the rest)";
        if (password.isBlank()) return "a password may not be blank";
        return null;
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /** Whether {@code password} matches {@code hash}; a null hash is checked against a dummy (same cost). */
    public boolean verify(String password, String hash) {
        boolean known = hash != null;
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
            Password stored = factory.translate(ModularCrypt.decode(known ? hash : dummyHash));
            return factory.verify(stored, password.toCharArray()) && known;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
