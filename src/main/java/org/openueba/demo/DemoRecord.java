package org.openueba.demo;

import java.time.Instant;

/**
 * One generated record before it is written: a CERT logon/device row or an ECS VPN sign-in.
 * Fields a file does not use are null.
 */
record DemoRecord(Instant time, String id, String user, String host, String activity, String ip,
                  String userAgent, boolean success) implements Comparable<DemoRecord> {
    @Override
    public int compareTo(DemoRecord o) {
        int c = time.compareTo(o.time);
        return c != 0 ? c : id.compareTo(o.id);
    }
}
