package so.rend.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One bare-metal Kubernetes node that serves as a Rend edge in one region. */
@Group(RendEdgeNode.GROUP)
@Version(RendEdgeNode.VERSION)
@ShortNames({"rendedge", "ren"})
@AdditionalPrinterColumn(
        name = "Node",
        jsonPath = ".spec.nodeName",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Region",
        jsonPath = ".spec.region",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Registered",
        jsonPath = ".status.registered",
        type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
        name = "DiskCache",
        jsonPath = ".status.cacheDiskBytes",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RendEdgeNode extends CustomResource<RendEdgeNodeSpec, RendEdgeNodeStatus>
        implements Namespaced {
    public static final String GROUP = "rend.so";
    public static final String VERSION = "v1alpha1";

    /** Overridden only to give the spec its description in the CRD (and so in kubectl explain). */
    @Override
    @com.fasterxml.jackson.annotation.JsonPropertyDescription(
            "Which node serves as an edge, in which region, with which caches and public addresses.")
    public RendEdgeNodeSpec getSpec() {
        return super.getSpec();
    }
}
