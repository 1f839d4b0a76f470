package org.openueba.event;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literal parsing without name resolution, and classification of non-public ranges.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (optionally in brackets, with a zone) into its
     * address. Never performs a DNS lookup: anything that is not a literal is rejected.
     *
     * @throws InvalidRecordException naming {@code field}
     */
    public static InetAddress parse(String field, String text) {
        String t = text;
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        int zone = t.indexOf('%');
        if (zone >= 0) t = t.substring(0, zone);
        try {
            if (t.indexOf(':') >= 0) {
                for (int i = 0; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) throw new UnknownHostException();
                }
                return InetAddress.getByName(t); // a literal with ':' is never resolved
            }
            byte[] b = parseV4(t);
            if (b == null) throw new UnknownHostException();
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new InvalidRecordException(field + ": '" + Texts.printable(text, 64) + "' is not an IP address");
        }
    }

    /** The canonical text of an IP literal (IPv4-mapped IPv6 becomes IPv4), or null for null. */
    public static String normalise(String field, String text) {
        if (text == null) return null;
        InetAddress a = parse(field, text);
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            }
            return compressV6(b);
        }
        return a.getHostAddress();
    }

    /**
     * True for addresses that are not globally routable and so have no GeoIP location: RFC 1918
     * private, loopback, link-local, carrier-grade NAT (100.64/10), unique-local IPv6 (fc00::/7),
     * unspecified, multicast, documentation/benchmark ranges.
     */
    public static boolean isNonPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff, o1 = b[1] & 0xff, o2 = b[2] & 0xff;
            return o0 == 0 || (o0 == 100 && o1 >= 64 && o1 < 128) || (o0 == 192 && o1 == 0 && o2 == 2)
                    || (o0 == 198 && (o1 == 18 || o1 == 19)) || (o0 == 198 && o1 == 51 && o2 == 100)
                    || (o0 == 203 && o1 == 0 && o2 == 113) || o0 >= 240;
        }
        int first = b[0] & 0xff;
        return (first & 0xfe) == 0xfc || ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
                && (b[3] & 0xff) == 0xb8);
    }

    private static byte[] parseV4(String t) {
        byte[] out = new byte[4];
        int part = 0, value = -1, digits = 0;
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) return null;
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3) return null;
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) return null;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static String compressV6(byte[] b) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) j++;
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(w[i]));
        }
        return s.toString();
    }
}
