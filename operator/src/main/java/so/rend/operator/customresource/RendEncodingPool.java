package so.rend.operator.customresource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A pool of rend-worker replicas that scales on the depth of the Postgres media job queue. */
@Group(RendEdgeNode.GROUP)
@Version(RendEdgeNode.VERSION)
@ShortNames({"rendpool", "rep"})
@AdditionalPrinterColumn(
        name = "Scaler",
        jsonPath = ".status.scaler",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Depth",
        jsonPath = ".status.queueDepth",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Replicas",
        jsonPath = ".status.replicas",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
        name = "Min",
        jsonPath = ".spec.scaling.minReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Max",
        jsonPath = ".spec.scaling.maxReplicas",
        type = AdditionalPrinterColumn.Type.INTEGER,
        priority = 1)
@AdditionalPrinterColumn(
        name = "Status",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class RendEncodingPool extends CustomResource<RendEncodingPoolSpec, RendEncodingPoolStatus>
        implements Namespaced {
    /** Overridden only to give the spec its description in the CRD (and so in kubectl explain). */
    @Override
    @com.fasterxml.jackson.annotation.JsonPropertyDescription(
            "The rend-worker Deployment of the pool and how it scales on the media job queue.")
    public RendEncodingPoolSpec getSpec() {
        return super.getSpec();
    }
}
