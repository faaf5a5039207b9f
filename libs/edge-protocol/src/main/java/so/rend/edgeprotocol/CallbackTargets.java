package so.rend.edgeprotocol;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses Rend sends its internal token to ({@code REND_EDGE_CALLBACK_ALLOWED_CIDRS}). An
 * edge registers its own internal URL, and the API and workers then call it with the token, so a
 * registration is a callback target chosen by whoever registers. Only IP literals inside the
 * allowed ranges count: a host name could resolve elsewhere at call time (DNS rebinding), and
 * link-local addresses (cloud metadata services live there) are never allowed, whatever the setting
 * says.
 */
public final class CallbackTargets {

    /** Loopback and private ranges: where edges live in a cluster or on one machine. */
    public static final String DEFAULT_CIDRS =
            "127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,::1/128,fc00::/7";

    /** Link-local (IPv4 metadata services, 169.254.169.254) and AWS's IPv6 metadata address. */
    private static final List<Cidr> NEVER =
            List.of(
                    Cidr.parse("169.254.0.0/16"),
                    Cidr.parse("fe80::/10"),
                    Cidr.parse("fd00:ec2::254/128"));

    private final List<Cidr> allowed;

    private CallbackTargets(List<Cidr> allowed) {
        this.allowed = allowed;
    }

    /** From a comma-separated list of CIDR ranges; blank means {@link #DEFAULT_CIDRS}. */
    public static CallbackTargets parse(String cidrs) {
        String list = cidrs == null || cidrs.isBlank() ? DEFAULT_CIDRS : cidrs;
        List<Cidr> ranges = new ArrayList<>();
        for (String cidr : list.split(",")) {
            if (!cidr.isBlank()) {
                ranges.add(Cidr.parse(cidr.trim()));
            }
        }
        return new CallbackTargets(List.copyOf(ranges));
    }

    /** Why {@code url} may not be called with the token, or {@code null} when it may. */
    public String problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "not a URL";
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            return "not an http(s) URL";
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return "a callback URL names a host and no user";
        }
        InetAddress address = literal(uri.getHost());
        if (address == null) {
            return "a callback URL must name an IP address, not a host name";
        }
        if (NEVER.stream().anyMatch(range -> range.contains(address))) {
            return "link-local and metadata addresses are never callback targets";
        }
        if (allowed.stream().noneMatch(range -> range.contains(address))) {
            return "the address is outside REND_EDGE_CALLBACK_ALLOWED_CIDRS";
        }
        return null;
    }

    public boolean allows(String url) {
        return problem(url) == null;
    }

    private static InetAddress literal(String host) {
        String bare =
                host.startsWith("[") && host.endsWith("]")
                        ? host.substring(1, host.length() - 1)
                        : host;
        boolean ipv4 = bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            // A literal: no lookup happens.
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "CallbackTargets" + allowed;
    }

    /** One address range (also the ingest guard's, in rend-api). */
    public record Cidr(byte[] network, int prefix) {

        /** From {@code address/prefix}, the address an IP literal. */
        public static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("not a CIDR range: " + cidr);
            }
            InetAddress address = literal(cidr.substring(0, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + cidr);
            }
            if (address == null || prefix < 0 || prefix > address.getAddress().length * 8) {
                throw new IllegalArgumentException("not a CIDR range: " + cidr);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        public boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                return "?/" + prefix;
            }
        }
    }
}
