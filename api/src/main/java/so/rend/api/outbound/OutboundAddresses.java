package so.rend.api.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import so.rend.api.errors.ApiError;
import so.rend.edgeprotocol.CallbackTargets.Cidr;

/**
 * Which URLs Rend sends requests to (ingest downloads, webhook deliveries): http(s) only, and only
 * addresses on the public internet unless the host is named in the caller's allow list ({@code
 * REND_INGEST_ALLOWED_HOSTS}, {@code REND_WEBHOOK_ALLOWED_HOSTS}). A host name is resolved once
 * here and the download connects to the address that was checked, so a second lookup cannot return
 * another one (DNS rebinding). Every spelling of an address is reduced to its bytes before it is
 * checked: decimal, octal and hex IPv4 ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}),
 * and IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4).
 */
public final class OutboundAddresses {

    /** Resolves a host name to all its addresses (the system resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that may be fetched, and the one address to connect to. */
    public record Target(URI uri, boolean https, String host, int port, InetAddress address) {

        /** The checked address, carrying the host name so TLS names and verifies the server. */
        public InetSocketAddress socketAddress() {
            try {
                return new InetSocketAddress(
                        InetAddress.getByAddress(host, address.getAddress()), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The path and query to request (never empty). */
        public String pathAndQuery() {
            String path =
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }

        /** The Host header: the name as the URL spells it, with a port that is not the default. */
        public String hostHeader() {
            String name =
                    address instanceof Inet6Address && host.contains(":") ? "[" + host + "]" : host;
            return port == (https ? 443 : 80) ? name : name + ":" + port;
        }
    }

    /** Never fetched from unless the host is allowed by name. */
    private static final List<Cidr> FORBIDDEN =
            Arrays.stream(
                            new String[] {
                                "0.0.0.0/8", // "this network"; 0.0.0.0 reaches the local host
                                "10.0.0.0/8",
                                "100.64.0.0/10", // carrier-grade NAT
                                "127.0.0.0/8",
                                "169.254.0.0/16", // link-local, 169.254.169.254 metadata
                                "172.16.0.0/12",
                                "192.0.0.0/24", // IETF protocol assignments
                                "192.0.2.0/24",
                                "192.88.99.0/24", // 6to4 relay anycast
                                "192.168.0.0/16",
                                "198.18.0.0/15", // benchmarking
                                "198.51.100.0/24",
                                "203.0.113.0/24",
                                "224.0.0.0/4", // multicast
                                "240.0.0.0/4", // reserved, 255.255.255.255 broadcast
                                "::/128",
                                "::1/128",
                                "100::/64", // discard
                                "2001::/32", // Teredo (tunnels to any IPv4)
                                "2001:db8::/32",
                                "fc00::/7", // unique local
                                "fe80::/10", // link-local
                                "fec0::/10", // site-local (deprecated)
                                "ff00::/8", // multicast
                            })
                    .map(Cidr::parse)
                    .toList();

    private final Set<String> allowedHosts;
    private final Resolver resolver;
    private final Refusals refusals;

    /**
     * @param allowedHosts host names (or IP literals) fetched from whatever they resolve to
     * @param refusals the field and codes of this caller's refusals
     */
    public OutboundAddresses(Set<String> allowedHosts, Resolver resolver, Refusals refusals) {
        this.allowedHosts =
                allowedHosts.stream()
                        .map(OutboundAddresses::normalHost)
                        .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
        this.refusals = refusals;
    }

    /** From an allow-list variable, a comma-separated list. */
    public static Set<String> parseHosts(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The target of {@code url}, checked; the caller's invalid code when it is not an http(s) URL
     * with a host, its forbidden code when its host is (or resolves to) an address Rend does not
     * send requests to. Resolving a name blocks: call it off the event loop.
     */
    public Target check(String url) {
        URI uri = parse(url);
        boolean https = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        String authority = uri.getRawAuthority();
        // java.net.URI takes 2130706433 or 0x7f.1 for a registry name and gives no host: split the
        // authority here, so that every spelling reaches the address check.
        int colon =
                authority.startsWith("[")
                        ? authority.indexOf(':', authority.indexOf(']'))
                        : authority.lastIndexOf(':');
        String host = normalHost(colon < 0 ? authority : authority.substring(0, colon));
        int port = https ? 443 : 80;
        if (colon >= 0 && colon < authority.length() - 1) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw refusals.invalid(": the port is not a number");
            }
            if (port < 1 || port > 65535) {
                throw refusals.invalid(": the port is out of range");
            }
        }
        if (host.isEmpty() || host.contains("%")) {
            throw refusals.invalid(" must name a host");
        }
        boolean allowed = allowedHosts.contains(host);
        InetAddress literal;
        try {
            literal = AddressSpellings.literal(host);
        } catch (AddressSpellings.NotAnAddress e) {
            throw refusals.invalid(": " + e.getMessage());
        }
        if (literal != null) {
            if (!allowed && forbidden(literal)) {
                throw forbidden(host);
            }
            return new Target(uri, https, host, port, literal);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refusals.invalid(": the host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw refusals.invalid(": the host " + host + " does not resolve");
        }
        if (!allowed) {
            // Every address, not only the first: a name that also resolves inside is refused.
            for (InetAddress address : addresses) {
                if (forbidden(address)) {
                    throw forbidden(host);
                }
            }
        }
        return new Target(uri, https, host, port, addresses[0]);
    }

    /** Whether Rend never fetches from {@code address} (unless its host is allowed by name). */
    public static boolean forbidden(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        if (FORBIDDEN.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        InetAddress embedded = AddressSpellings.embeddedIpv4(address);
        return embedded != null && forbidden(embedded);
    }

    private URI parse(String url) {
        if (url == null || url.isEmpty() || url.length() > 2048) {
            throw refusals.invalid(" must be a URL of at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refusals.invalid(" is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refusals.invalid(" must be an http or https URL");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw refusals.invalid(" must name a host");
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            throw refusals.invalid(" must not carry a user or password");
        }
        return uri;
    }

    static String normalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private ApiError forbidden(String host) {
        return refusals.forbidden(host);
    }
}
