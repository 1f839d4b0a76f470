package org.openueba.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressesTest {
    @Test
    void normalisesLiterals() {
        assertEquals("10.0.0.1", IpAddresses.normalise("ip", "10.0.0.1"));
        assertEquals("2001:db8::1", IpAddresses.normalise("ip", "[2001:0DB8::0001]"));
        assertEquals("192.0.2.1", IpAddresses.normalise("ip", "::ffff:192.0.2.1"));
        assertEquals("fe80::1", IpAddresses.normalise("ip", "fe80::1%eth0"));
    }

    @Test
    void neverResolvesNames() {
        for (String bad : new String[]{"localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01234.1.1.1", "::g"}) {
            assertThrows(InvalidRecordException.class, () -> IpAddresses.parse("ip", bad), bad);
        }
    }

    @Test
    void classifiesNonPublicRanges() {
        for (String p : new String[]{"10.1.2.3", "172.16.0.1", "192.168.1.107", "127.0.0.1", "169.254.1.1",
                "100.64.0.1", "fc00::1", "fe80::1", "::1", "0.0.0.0", "224.0.0.1"}) {
            assertTrue(IpAddresses.isNonPublic(IpAddresses.parse("ip", p)), p);
        }
        for (String p : new String[]{"8.8.8.8", "81.2.69.160", "2001:4860:4860::8888", "172.32.0.1", "100.128.0.1"}) {
            assertFalse(IpAddresses.isNonPublic(IpAddresses.parse("ip", p)), p);
        }
    }
}
