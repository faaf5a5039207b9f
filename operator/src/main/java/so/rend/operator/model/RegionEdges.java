package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;

/**
 * The objects a RendRegion stands for: an edge DaemonSet per cache layout, pinned to the region's
 * edge nodes of that layout, the edge Service, and the GeoDNS DNSEndpoint. Built from the region
 * and its RendEdgeNodes only.
 *
 * <p>The DaemonSets use the OnDelete update strategy: the operator, not the DaemonSet controller,
 * decides when a node's pod is replaced (see {@link RegionRollout}). Their pods carry the hash of
 * the edge template and layout so that an outdated pod can be told from a current one.
 */
public final class RegionEdges {
    private final RendRegion region;
    private final List<RendEdgeNode> edgeNodes;
    private final String name;
    private final String namespace;

    /**
     * The region's template hash, built on first use and kept: every node's desired hash derives
     * from it, several times a reconcile.
     */
    private String templateHash;

    private RegionEdges(RendRegion region, List<RendEdgeNode> edgeNodes) {
        this.region = region;
        this.name = region.getMetadata().getName();
        this.namespace = region.getMetadata().getNamespace();
        this.edgeNodes =
                edgeNodes.stream()
                        .filter(n -> name.equals(n.getSpec().region))
                        .sorted(Comparator.comparing(n -> n.getSpec().nodeName))
                        .toList();
    }

    public static RegionEdges fromCrd(RendRegion region, List<RendEdgeNode> edgeNodes) {
        return new RegionEdges(region, edgeNodes);
    }

    public List<RendEdgeNode> edgeNodes() {
        return edgeNodes;
    }

    public List<String> nodeNames() {
        return edgeNodes.stream().map(n -> n.getSpec().nodeName).distinct().toList();
    }

    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ResourceNames.APP_NAME_LABEL, ResourceNames.EDGE_APP);
        labels.put(ResourceNames.REGION_LABEL, name);
        return labels;
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put(ResourceNames.COMPONENT_LABEL, "edge");
        labels.put(ResourceNames.INSTANCE_LABEL, name);
        labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY);
        return labels;
    }

    private ObjectMeta metadata(String objectName) {
        return new ObjectMetaBuilder()
                .withName(objectName)
                .withNamespace(namespace)
                .withLabels(labels())
                .withOwnerReferences(ownerReference())
                .build();
    }

    private OwnerReference ownerReference() {
        return new OwnerReferenceBuilder()
                .withApiVersion(region.getApiVersion())
                .withKind(region.getKind())
                .withName(name)
                .withUid(region.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /**
     * The region's edge template hash: everything in the pod template but the node pinning and the
     * cache device, so that adding an edge node (with any cache layout) does not roll the nodes
     * that are already serving.
     */
    public String templateHash() {
        if (templateHash == null) {
            templateHash = Hashes.of(podTemplate(CacheLayout.none(), null, false));
        }
        return templateHash;
    }

    /** The cache layout {@code node}'s RendEdgeNode declares. */
    public CacheLayout layout(String node) {
        return edgeNodes.stream()
                .filter(n -> n.getSpec().nodeName.equals(node))
                .findFirst()
                .map(CacheLayout::of)
                .orElse(CacheLayout.none());
    }

    /** The template hash a pod of {@code layout} carries: the region's template and the layout. */
    public String templateHash(CacheLayout layout) {
        return Hashes.of(List.of(templateHash(), layout.id()));
    }

    /** The template hash {@code node}'s pod should carry. */
    public String desiredHash(String node) {
        return templateHash(layout(node));
    }

    /**
     * The DaemonSet of one cache layout, pinned to {@code nodes}: which nodes those are is {@link
     * EdgeDaemonSets}' choice.
     */
    public DaemonSet generateDaemonSet(CacheLayout layout, Collection<String> nodes) {
        PodTemplateSpec template = podTemplate(layout, templateHash(layout), true);
        template.getSpec()
                .setAffinity(
                        new AffinityBuilder()
                                .withNewNodeAffinity()
                                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                                .withNodeSelectorTerms(pinning(nodes))
                                .endRequiredDuringSchedulingIgnoredDuringExecution()
                                .endNodeAffinity()
                                .build());
        ObjectMeta meta = metadata(ResourceNames.edgeDaemonSet(name, layout.id()));
        meta.getLabels().put(ResourceNames.EDGE_CACHE_LAYOUT_LABEL, layout.id());
        meta.setAnnotations(new LinkedHashMap<>(layout.annotations()));
        Map<String, String> selector = new LinkedHashMap<>(selectorLabels());
        selector.put(ResourceNames.EDGE_CACHE_LAYOUT_LABEL, layout.id());
        return new DaemonSetBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewUpdateStrategy()
                .withType("OnDelete")
                .endUpdateStrategy()
                .withTemplate(template)
                .endSpec()
                .build();
    }

    /**
     * One node selector term per edge node (terms are ORed; a metadata.name field selector takes a
     * single value — the DaemonSet controller pins its own pods the same way). With no edge node, a
     * term no node satisfies, so the DaemonSet runs nowhere rather than everywhere.
     */
    private List<NodeSelectorTerm> pinning(Collection<String> nodes) {
        List<NodeSelectorTerm> terms = new ArrayList<>();
        for (String node : nodes.stream().sorted().distinct().toList()) {
            terms.add(
                    new NodeSelectorTermBuilder()
                            .addNewMatchField()
                            .withKey("metadata.name")
                            .withOperator("In")
                            .withValues(node)
                            .endMatchField()
                            .build());
        }
        if (terms.isEmpty()) {
            terms.add(
                    new NodeSelectorTermBuilder()
                            .addNewMatchExpression()
                            .withKey(ResourceNames.NODE_REGION_LABEL)
                            .withOperator("In")
                            .withValues(name + ".no-edge-nodes")
                            .endMatchExpression()
                            .build());
        }
        return terms;
    }

    private PodTemplateSpec podTemplate(CacheLayout layout, String hash, boolean layoutLabel) {
        Map<String, String> podLabels = new LinkedHashMap<>(labels());
        if (layoutLabel) {
            podLabels.put(ResourceNames.EDGE_CACHE_LAYOUT_LABEL, layout.id());
        }
        if (hash != null) {
            podLabels.put(ResourceNames.EDGE_TEMPLATE_HASH_LABEL, hash);
        }
        return new EdgePodTemplate(region, layout.device()).build(podLabels);
    }

    static EnvVar secretEnv(String variable, String secret, String key) {
        return new EnvVarBuilder()
                .withName(variable)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(key)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    /** A headless Service: in-cluster callers (the API's warm/purge fan-out) reach each edge. */
    public Service generateService() {
        int port = region.getSpec().edge.port;
        return new ServiceBuilder()
                .withMetadata(metadata(ResourceNames.edgeService(name)))
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(selectorLabels())
                .addNewPort()
                .withName(ResourceNames.edgePublicPortName(region.getSpec().edge))
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }

    /**
     * The GeoDNS records listing the public addresses of the given edge nodes only (see {@link
     * RegionDns}).
     */
    public GenericKubernetesResource generateDnsEndpoint(Set<String> nodesInDns) {
        return new RegionDns(region, edgeNodes)
                .generateDnsEndpoint(nodesInDns, metadata(ResourceNames.dnsEndpoint(name)));
    }

    /** The nodes whose addresses a DNSEndpoint lists (read back from the cluster). */
    public Set<String> nodesListedIn(GenericKubernetesResource dnsEndpoint) {
        return new RegionDns(region, edgeNodes).nodesListedIn(dnsEndpoint);
    }
}
