package so.rend.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.UUID;
import so.rend.operator.customresource.CacheDevice;
import so.rend.operator.customresource.Continent;
import so.rend.operator.customresource.EdgeTemplate;
import so.rend.operator.customresource.Geography;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RegionDns;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEdgeNodeSpec;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.RendEncodingPoolSpec;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RendRegionSpec;
import so.rend.operator.customresource.RolloutPolicy;

/** Custom resources for tests, each built fresh. */
public final class Fixtures {
    private Fixtures() {}

    public static RendRegion region(String namespace, String name, String image) {
        RendRegion region = new RendRegion();
        region.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withUid(UUID.randomUUID().toString())
                        .withGeneration(1L)
                        .build());
        RendRegionSpec spec = new RendRegionSpec();
        spec.geography = new Geography(List.of("DE", "FR"), List.of(Continent.EU));
        spec.dns = new RegionDns("edge-" + name + ".rend.example.com");
        spec.edge = new EdgeTemplate();
        spec.edge.image = image;
        spec.edge.controlPlaneUrl = "https://api.rend.example.com";
        spec.edge.signingSecretName = "rend-playback-signing";
        spec.edge.internalTokenSecretName = "rend-internal-token";
        spec.edge.originSecretName = "rend-origin";
        spec.rollout = new RolloutPolicy(1, true);
        region.setSpec(spec);
        return region;
    }

    public static RendEdgeNode edgeNode(
            String namespace, String node, String region, String address, String... cacheRoots) {
        RendEdgeNode edge = new RendEdgeNode();
        edge.setMetadata(
                new ObjectMetaBuilder()
                        .withName(node)
                        .withNamespace(namespace)
                        .withGeneration(1L)
                        .build());
        List<CacheDevice> devices =
                java.util.Arrays.stream(cacheRoots).map(p -> new CacheDevice(p, 900)).toList();
        edge.setSpec(new RendEdgeNodeSpec(node, region, devices, List.of(address)));
        return edge;
    }

    public static RendEncodingPool pool(String namespace, String name, PoolScaling scaling) {
        RendEncodingPool pool = new RendEncodingPool();
        pool.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withUid(UUID.randomUUID().toString())
                        .withGeneration(1L)
                        .build());
        RendEncodingPoolSpec spec = new RendEncodingPoolSpec();
        spec.image = "ghcr.io/rend/worker:1";
        spec.databaseSecretName = "rend-database";
        spec.scaling = scaling;
        pool.setSpec(spec);
        return pool;
    }

    /** The node names an edge DaemonSet's pod template is pinned to (one metadata.name each). */
    public static List<String> pinnedNodes(DaemonSet daemonSet) {
        return daemonSet
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .stream()
                .flatMap(t -> t.getMatchFields().stream())
                .flatMap(f -> f.getValues().stream())
                .toList();
    }
}
