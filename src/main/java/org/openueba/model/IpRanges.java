package org.openueba.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of CIDR ranges (IPv4 and IPv6), for example the organisation's VPN and egress ranges
 * whose GeoIP location says nothing about where the user is. Immutable and thread-safe.
 */
public final class IpRanges {
    public static final IpRanges NONE = new IpRanges(List.of());

    private final List<byte[]> networks;
    private final int[] prefixes;
    private final List<String> text;

    private IpRanges(List<String> cidrs) {
        networks = new ArrayList<>();
        prefixes = new int[cidrs.size()];
        text = List.copyOf(cidrs);
        for (int i = 0; i < cidrs.size(); i++) {
            String c = cidrs.get(i).strip();
            int slash = c.indexOf('/');
            String addr = slash < 0 ? c : c.substring(0, slash);
            byte[] net = literal(addr, c);
            int prefix = slash < 0 ? net.length * 8 : parsePrefix(c.substring(slash + 1), c);
            if (prefix < 0 || prefix > net.length * 8) {
                throw new IllegalArgumentException("IP range '" + c + "': prefix must be 0.." + net.length * 8);
            }
            networks.add(net);
            prefixes[i] = prefix;
        }
    }

    /** Parses ranges such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a /32 or /128. */
    public static IpRanges parse(List<String> cidrs) {
        return cidrs == null || cidrs.isEmpty() ? NONE : new IpRanges(cidrs);
    }

    private static int parsePrefix(String p, String c) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("IP range '" + c + "': prefix is not a number");
        }
    }

    private static byte[] literal(String addr, String c) {
        if (!addr.matches("[0-9a-fA-F:.]+") || !(addr.contains(".") || addr.contains(":"))) {
            throw new IllegalArgumentException("IP range '" + c + "': not an IP address literal");
        }
        try {
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("IP range '" + c + "': not an IP address literal");
        }
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    public List<String> cidrs() {
        return text;
    }

    /** True when the textual address {@code ip} (already normalised by the event layer) is in a range. */
    public boolean contains(String ip) {
        if (ip == null || networks.isEmpty()) return false;
        byte[] a;
        try {
            a = literal(ip, ip);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (int i = 0; i < networks.size(); i++) {
            byte[] n = networks.get(i);
            if (n.length == a.length && matches(n, a, prefixes[i])) return true;
        }
        return false;
    }

    private static boolean matches(byte[] net, byte[] a, int prefix) {
        int full = prefix / 8, rest = prefix % 8;
        for (int i = 0; i < full; i++) if (net[i] != a[i]) return false;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[full] & mask) == (a[full] & mask);
    }
}
