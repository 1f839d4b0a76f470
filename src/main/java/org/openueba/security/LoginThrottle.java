package org.openueba.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing: after {@code maxFailures} failed attempts on one key (a user name, or a
 * remote address) within {@code window} seconds, further attempts on that key are refused without
 * checking the password until the oldest failure leaves the window. A success clears the key.
 * Bounded: at most {@code maxKeys} keys are tracked, the least recently failed are forgotten first.
 * Thread-safe (synchronised; logins are rare).
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final long windowSeconds;
    private final int maxKeys;
    private final Map<String, Deque<Long>> failures;

    public LoginThrottle(int maxFailures, long windowSeconds, int maxKeys) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1, was " + maxFailures);
        if (windowSeconds < 1) throw new IllegalArgumentException("windowSeconds must be >= 1, was " + windowSeconds);
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
        this.maxFailures = maxFailures;
        this.windowSeconds = windowSeconds;
        this.maxKeys = maxKeys;
        this.failures = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Whether an attempt on {@code key} at {@code nowSeconds} may be checked at all. */
    public synchronized boolean allowed(String key, long nowSeconds) {
        Deque<Long> f = failures.get(key);
        if (f == null) return true;
        expire(f, nowSeconds);
        if (f.isEmpty()) {
            failures.remove(key);
            return true;
        }
        return f.size() < maxFailures;
    }

    /** Records a failed attempt; returns true when this failure is the one that closes the key. */
    public synchronized boolean failed(String key, long nowSeconds) {
        Deque<Long> f = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        expire(f, nowSeconds);
        if (f.size() < maxFailures) f.addLast(nowSeconds);
        if (failures.size() > maxKeys) {
            Iterator<String> eldest = failures.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return f.size() == maxFailures;
    }

    /** A successful attempt clears the key's failures. */
    public synchronized void succeeded(String key) {
        failures.remove(key);
    }

    private void expire(Deque<Long> f, long now) {
        while (!f.isEmpty() && f.peekFirst() <= now - windowSeconds) f.removeFirst();
    }
}
