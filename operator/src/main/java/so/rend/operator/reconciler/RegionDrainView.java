package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.DnsDrain;
import so.rend.operator.model.EdgeNodeDrain.RegionView;
import so.rend.operator.model.RegionEdges;
import so.rend.operator.model.ResourceNames;

/** What a region's status and DNSEndpoint say of one of its edge nodes, for its removal. */
final class RegionDrainView {
    private RegionDrainView() {}

    static RegionView of(KubernetesClient client, RendRegion region, RendEdgeNode edge) {
        if (region == null) {
            return new RegionView(false, false, null, null, false);
        }
        String node = edge.getSpec().nodeName;
        RegionNodeStatus status =
                region.getStatus() == null
                        ? null
                        : region.getStatus().nodes.stream()
                                .filter(n -> node.equals(n.node))
                                .findFirst()
                                .orElse(null);
        if (status == null) {
            return new RegionView(true, false, null, null, false);
        }
        return new RegionView(
                true,
                true,
                status.phase,
                DnsDrain.drainSince(status),
                listedInDns(client, region, edge));
    }

    private static boolean listedInDns(
            KubernetesClient client, RendRegion region, RendEdgeNode edge) {
        GenericKubernetesResource endpoint;
        try {
            endpoint =
                    client.genericKubernetesResources(
                                    ResourceNames.DNS_ENDPOINT_API_VERSION,
                                    ResourceNames.DNS_ENDPOINT_KIND)
                            .inNamespace(region.getMetadata().getNamespace())
                            .withName(ResourceNames.dnsEndpoint(region.getMetadata().getName()))
                            .get();
        } catch (KubernetesClientException e) {
            // external-dns' CRD not installed: there are no records to drain.
            return false;
        }
        return RegionEdges.fromCrd(region, List.of(edge))
                .nodesListedIn(endpoint)
                .contains(edge.getSpec().nodeName);
    }
}
