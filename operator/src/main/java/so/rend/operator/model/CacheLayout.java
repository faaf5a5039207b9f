package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Map;
import so.rend.operator.customresource.CacheDevice;
import so.rend.operator.customresource.RendEdgeNode;

/**
 * The cache device an edge node's pod mounts (the node's first; null for none), named by a short
 * hash of its host directory and size. Each layout has its own DaemonSet, so one node's layout
 * never changes another node's pod.
 */
public record CacheLayout(String id, CacheDevice device) {
    static final String NONE = "none";

    public static CacheLayout of(RendEdgeNode node) {
        List<CacheDevice> devices = node.getSpec().cacheDevices;
        return devices == null || devices.isEmpty() ? none() : of(devices.get(0));
    }

    static CacheLayout of(CacheDevice device) {
        String directory = EdgePodTemplate.hostDirectory(device);
        return new CacheLayout(Hashes.of(List.of(directory, device.sizeGiB)), device);
    }

    static CacheLayout none() {
        return new CacheLayout(NONE, null);
    }

    /**
     * The layout a DaemonSet was written for, from the annotations {@link #annotations()} put on it
     * (null for a DaemonSet from before layouts): a layout no node declares any more still has
     * nodes whose pods run it until the rollout replaces them.
     */
    static CacheLayout of(DaemonSet daemonSet) {
        Map<String, String> labels = daemonSet.getMetadata().getLabels();
        Map<String, String> annotations = daemonSet.getMetadata().getAnnotations();
        String id = labels == null ? null : labels.get(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
        if (id == null || NONE.equals(id)) {
            return id == null ? null : none();
        }
        String path = annotations == null ? null : annotations.get(PATH_ANNOTATION);
        String size = annotations == null ? null : annotations.get(SIZE_ANNOTATION);
        if (path == null || size == null || !size.matches("\\d{1,7}")) {
            return null;
        }
        CacheLayout layout = of(new CacheDevice(path, Integer.parseInt(size)));
        return layout.id().equals(id) ? layout : null;
    }

    /** The device's path as declared, or {@value #NONE} without one. */
    public String path() {
        return device == null ? NONE : device.path;
    }

    Map<String, String> annotations() {
        return device == null
                ? Map.of()
                : Map.of(
                        PATH_ANNOTATION,
                        device.path,
                        SIZE_ANNOTATION,
                        String.valueOf(device.sizeGiB));
    }

    private static final String PATH_ANNOTATION = "rend.so/edge-cache-path";
    private static final String SIZE_ANNOTATION = "rend.so/edge-cache-size-gib";
}
