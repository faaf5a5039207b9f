package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import so.rend.operator.customresource.Continent;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;

/** A region's GeoDNS records as an external-dns DNSEndpoint, and reading one back. */
final class RegionDns {
    private final RendRegion region;
    private final List<RendEdgeNode> edgeNodes;

    RegionDns(RendRegion region, List<RendEdgeNode> edgeNodes) {
        this.region = region;
        this.edgeNodes = edgeNodes;
    }

    /**
     * The GeoDNS records: one record set per country and continent of the region (Route 53
     * geolocation through external-dns' providerSpecific properties, each with its own
     * setIdentifier), listing the public addresses of the given edge nodes only.
     */
    GenericKubernetesResource generateDnsEndpoint(Set<String> nodesInDns, ObjectMeta metadata) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (RendEdgeNode node : edgeNodes) {
            if (nodesInDns.contains(node.getSpec().nodeName)) {
                for (String address : node.getSpec().publicAddresses) {
                    (address.contains(":") ? v6 : v4).add(address);
                }
            }
        }
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (String[] location : locations()) {
            if (!v4.isEmpty()) {
                endpoints.add(endpoint("A", v4, location));
            }
            if (!v6.isEmpty()) {
                endpoints.add(endpoint("AAAA", v6, location));
            }
        }
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(ResourceNames.DNS_ENDPOINT_API_VERSION)
                .withKind(ResourceNames.DNS_ENDPOINT_KIND)
                .withMetadata(metadata)
                .withAdditionalProperties(Map.of("spec", Map.of("endpoints", endpoints)))
                .build();
    }

    /** Pairs of (providerSpecific property, value) for each location of the region. */
    private List<String[]> locations() {
        List<String[]> locations = new ArrayList<>();
        for (String country : region.getSpec().geography.countries) {
            locations.add(new String[] {"aws/geolocation-country-code", country});
        }
        for (Continent continent : region.getSpec().geography.continents) {
            locations.add(new String[] {"aws/geolocation-continent-code", continent.name()});
        }
        return locations;
    }

    private Map<String, Object> endpoint(
            String recordType, List<String> targets, String[] location) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("dnsName", region.getSpec().dns.hostname);
        endpoint.put("recordType", recordType);
        endpoint.put("recordTTL", region.getSpec().dns.ttlSeconds);
        endpoint.put("targets", List.copyOf(targets));
        endpoint.put(
                "setIdentifier",
                ResourceNames.dnsSetIdentifier(region.getMetadata().getName(), location[1]));
        endpoint.put(
                "providerSpecific", List.of(Map.of("name", location[0], "value", location[1])));
        return endpoint;
    }

    /** The nodes whose addresses a DNSEndpoint lists (read back from the cluster). */
    @SuppressWarnings("unchecked")
    Set<String> nodesListedIn(GenericKubernetesResource dnsEndpoint) {
        Set<String> addresses = new TreeSet<>();
        if (dnsEndpoint != null
                && dnsEndpoint.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("endpoints") instanceof List<?> endpoints) {
            for (Object endpoint : endpoints) {
                if (endpoint instanceof Map<?, ?> e
                        && e.get("targets") instanceof List<?> targets) {
                    targets.forEach(t -> addresses.add(String.valueOf(t)));
                }
            }
        }
        return edgeNodes.stream()
                .filter(
                        n ->
                                !n.getSpec().publicAddresses.isEmpty()
                                        && addresses.containsAll(n.getSpec().publicAddresses))
                .map(n -> n.getSpec().nodeName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
