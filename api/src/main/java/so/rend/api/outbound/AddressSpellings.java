package so.rend.api.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The spellings of an address in a URL's host, reduced to its bytes: inet_aton's IPv4 forms
 * (decimal, octal, hex, one to four parts) and the IPv6 forms that carry an IPv4 address.
 */
final class AddressSpellings {

    /** A host that is spelled like an address but is none, with why. */
    static final class NotAnAddress extends IllegalArgumentException {
        NotAnAddress(String message) {
            super(message);
        }
    }

    /** One to four IPv4 parts in decimal, octal (leading 0) or hex (0x): inet_aton's spellings. */
    private static final Pattern NUMERIC_HOST =
            Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?");

    private AddressSpellings() {}

    /**
     * The address a host spells out, whatever the spelling; {@code null} for a name. A host that
     * looks numeric but is no address ({@code 1.2.3.256}) is refused rather than resolved.
     */
    static InetAddress literal(String host) {
        if (host.contains(":")) {
            if (!host.matches("[0-9a-f:.]+")) {
                // Zone ids (fe80::1%eth0) and anything else: no IPv6 literal Rend fetches from.
                throw new NotAnAddress("not an IPv6 address Rend takes");
            }
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new NotAnAddress("not an IPv6 address");
            }
        }
        if (!NUMERIC_HOST.matcher(host).matches()) {
            return null;
        }
        long[] parts =
                Arrays.stream(host.split("\\.")).mapToLong(AddressSpellings::ipv4Part).toArray();
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i] > 255) {
                throw notAnAddress();
            }
            value = value << 8 | parts[i];
        }
        long last = parts[parts.length - 1];
        int lastBytes = 5 - parts.length;
        if (last >= 1L << (8 * lastBytes)) {
            throw notAnAddress();
        }
        value = value << (8 * lastBytes) | last;
        return ipv4((byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value);
    }

    private static long ipv4Part(String part) {
        try {
            long v;
            if (part.startsWith("0x")) {
                v = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
            } else if (part.length() > 1 && part.startsWith("0")) {
                v = Long.parseLong(part.substring(1), 8);
            } else {
                v = Long.parseLong(part);
            }
            if (v > 0xffffffffL) {
                throw notAnAddress();
            }
            return v;
        } catch (NumberFormatException e) {
            throw notAnAddress();
        }
    }

    private static NotAnAddress notAnAddress() {
        return new NotAnAddress("the host looks like an IPv4 address but is none");
    }

    /** The IPv4 address an IPv6 address carries: mapped, compatible, NAT64 (64:ff9b::/96), 6to4. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        boolean zero80 = allZero(b, 0, 10);
        boolean mapped = zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zero80 && b[10] == 0 && b[11] == 0;
        boolean nat64 =
                (b[0] & 0xff) == 0x00
                        && (b[1] & 0xff) == 0x64
                        && (b[2] & 0xff) == 0xff
                        && (b[3] & 0xff) == 0x9b
                        && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return ipv4(b[12], b[13], b[14], b[15]);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return ipv4(b[2], b[3], b[4], b[5]);
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return Inet4Address.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
