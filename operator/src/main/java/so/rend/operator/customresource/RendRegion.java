package so.rend.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A delivery region: its edges (one DaemonSet pinned to its RendEdgeNodes), Service and GeoDNS
 * records.
 */
@Group(RendEdgeNode.GROUP)
@Version(RendEdgeNode.VERSION)
@ShortNames({"rendregion", "rrg"})
@AdditionalPrinterColumn(
        name = "Hostname",
        jsonPath = ".spec.dns.hostname",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Nodes",
        jsonPath = ".status.desiredNodes",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.readyNodes",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "InDNS",
        jsonPath = ".status.nodesInDns",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Updated",
        jsonPath = ".status.updatedNodes",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Status",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RendRegion extends CustomResource<RendRegionSpec, RendRegionStatus>
        implements Namespaced {
    /** Overridden only to give the spec its description in the CRD (and so in kubectl explain). */
    @Override
    @com.fasterxml.jackson.annotation.JsonPropertyDescription(
            "A delivery region: where its viewers are, its DNS name, the edge template every edge node of the region runs, and how template changes roll out.")
    public RendRegionSpec getSpec() {
        return super.getSpec();
    }
}
