package org.openueba.api;

/** Test access to {@link DurableChanges}' rule from other packages. */
public final class DurableChangesAccess {
    private DurableChangesAccess() {
    }

    public static boolean acknowledgesChange(String method, String path, int status) {
        return DurableChanges.acknowledgesChange(method, path, status);
    }
}
