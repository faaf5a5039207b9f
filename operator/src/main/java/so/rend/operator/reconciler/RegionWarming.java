package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RolloutPolicy;
import so.rend.operator.model.RegionRollout.Plan;
import so.rend.operator.model.ResourceNames;
import so.rend.operator.model.RolloutEvents;

/**
 * Warms the edges a rollout plan names before they are listed in DNS: the region's warm assets'
 * opening artifacts, through each edge's internal listener with the region's internal token.
 * Warming runs in the background (up to 64 assets × 120 s per node would otherwise hold the
 * reconcile): each reconcile starts what is missing, reports progress and collects what finished.
 */
final class RegionWarming {
    private static final Logger log = LoggerFactory.getLogger(RegionWarming.class);
    private static final List<String> DEFAULT_WARM_PATHS = List.of("opener.mp4", "hls/master.m3u8");
    private static final int PARALLEL_NODES = 4;

    private final Function<RendRegion, String> internalTokens;
    private final EdgeWarmer warmer;
    private final EventPublisher events;
    private final ExecutorService executor =
            Executors.newFixedThreadPool(
                    PARALLEL_NODES,
                    r -> {
                        Thread thread = new Thread(r, "edge-warming");
                        thread.setDaemon(true);
                        return thread;
                    });

    /** Running or finished, not yet collected, by namespace/region/node. */
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    /** The last failure per node, shown while the next attempt runs. */
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    /** One node's warm-up for one pod and template. */
    private record Task(
            String podUid, String hash, int assets, AtomicInteger warmed, Future<?> future) {}

    /** What a reconcile learns: per node, why warming failed, and how far a running one is. */
    record Report(Map<String, String> errors, Map<String, String> progress) {}

    /**
     * @param internalTokens the region's internal token (e.g. {@link #internalToken}), or null
     */
    RegionWarming(
            Function<RendRegion, String> internalTokens, EdgeWarmer warmer, EventPublisher events) {
        this.internalTokens = internalTokens;
        this.warmer = warmer;
        this.events = events;
    }

    /**
     * Starts warming each node of {@code plan.nodesToWarm()} that is not warming yet, and collects
     * those that finished: a warmed node's status records its desired template hash. Never waits
     * for an edge.
     */
    Report warm(
            RendRegion region,
            Plan plan,
            Map<String, Pod> pods,
            Map<String, RegionNodeStatus> nodeStatus) {
        Map<String, String> errors = new HashMap<>();
        Map<String, String> progress = new HashMap<>();
        String prefix = region.getMetadata().getNamespace() + "/" + region.getMetadata().getName();
        forgetOthers(prefix, plan.nodesToWarm());
        for (String node : plan.nodesToWarm()) {
            String key = prefix + "/" + node;
            Pod pod = pods.get(node);
            Task task = tasks.get(key);
            String hash = plan.desiredHash(node);
            if (task != null
                    && (!task.podUid().equals(pod.getMetadata().getUid())
                            || !task.hash().equals(hash))) {
                task.future().cancel(true);
                tasks.remove(key);
                task = null;
            }
            if (task == null) {
                try {
                    tasks.put(key, start(region, pod, hash));
                } catch (IllegalStateException e) {
                    lastErrors.put(key, e.getMessage());
                }
            } else if (task.future().isDone()) {
                tasks.remove(key);
                collect(region, node, key, task, nodeStatus);
            }
            Task running = tasks.get(key);
            if (running != null) {
                progress.put(node, running.warmed().get() + "/" + running.assets() + " assets");
            }
            if (lastErrors.containsKey(key)) {
                errors.put(node, lastErrors.get(key));
            }
        }
        return new Report(errors, progress);
    }

    private Task start(RendRegion region, Pod pod, String hash) {
        String token = internalTokens.apply(region);
        String address = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (token == null) {
            throw new IllegalStateException(
                    "secret "
                            + region.getSpec().edge.internalTokenSecretName
                            + " has no key "
                            + ResourceNames.INTERNAL_TOKEN_KEY);
        }
        if (address == null) {
            throw new IllegalStateException(
                    "pod " + pod.getMetadata().getName() + " has no IP yet");
        }
        RolloutPolicy rollout = region.getSpec().rollout;
        List<String> paths =
                rollout.warmArtifactPaths.isEmpty()
                        ? DEFAULT_WARM_PATHS
                        : rollout.warmArtifactPaths;
        List<String> assets = List.copyOf(rollout.warmAssets);
        int port = region.getSpec().edge.internalPort;
        AtomicInteger warmed = new AtomicInteger();
        Future<?> future =
                executor.submit(
                        () -> {
                            for (String asset : assets) {
                                warmer.warm(address, port, token, asset, paths);
                                warmed.incrementAndGet();
                            }
                            return null;
                        });
        return new Task(pod.getMetadata().getUid(), hash, assets.size(), warmed, future);
    }

    private void collect(
            RendRegion region,
            String node,
            String key,
            Task task,
            Map<String, RegionNodeStatus> nodeStatus) {
        try {
            task.future().get();
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            lastErrors.put(key, why);
            log.warn(
                    "region {}: warming edge on node {} failed: {}",
                    region.getMetadata().getName(),
                    node,
                    why);
            return;
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lastErrors.remove(key);
        RegionNodeStatus status = nodeStatus.computeIfAbsent(node, n -> new RegionNodeStatus());
        status.node = node;
        status.warmedTemplateHash = task.hash();
        log.info("region {}: warmed edge on node {}", region.getMetadata().getName(), node);
        events.publish(
                region,
                RolloutEvents.NODE_WARMED,
                "warmed "
                        + task.assets()
                        + " asset(s) on the edge on "
                        + node
                        + " before it serves",
                false);
    }

    /** Drops the region's warm-ups for nodes the plan no longer warms. */
    private void forgetOthers(String prefix, List<String> nodesToWarm) {
        Predicate<String> other =
                key ->
                        key.startsWith(prefix + "/")
                                && !nodesToWarm.contains(key.substring(prefix.length() + 1));
        tasks.entrySet()
                .removeIf(
                        e -> {
                            if (other.test(e.getKey())) {
                                e.getValue().future().cancel(true);
                                return true;
                            }
                            return false;
                        });
        lastErrors.keySet().removeIf(other);
    }

    /**
     * The region's internal token (Secret {@code internalTokenSecretName}, key {@code token}); null
     * when missing. Read by name: the operator needs no list or watch on Secrets.
     */
    static String internalToken(KubernetesClient client, RendRegion region) {
        return SecretValues.read(
                client,
                region.getMetadata().getNamespace(),
                region.getSpec().edge.internalTokenSecretName,
                ResourceNames.INTERNAL_TOKEN_KEY);
    }
}
