package so.rend.operator.it;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays, in one namespace, what a cluster without controller-manager and kubelets lacks: the
 * DaemonSet controller (one pod per pinned node, created from the DaemonSet's current template;
 * DaemonSet status), the kubelet (a pod becomes Running and Ready with the node's IP, a deleted pod
 * goes away). Readiness is held back for nodes the test has not released yet.
 */
final class FakeKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> nodeIps;
    private final Set<String> releasedNodes = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "fake-kubelet");
                        t.setDaemon(true);
                        return t;
                    });

    FakeKubelet(KubernetesClient client, String namespace, Map<String, String> nodeIps) {
        this.client = client;
        this.namespace = namespace;
        this.nodeIps = nodeIps;
        loop.scheduleWithFixedDelay(this::tick, 0, 150, TimeUnit.MILLISECONDS);
    }

    /** From now on pods on these nodes become ready. */
    void release(String... nodes) {
        releasedNodes.addAll(List.of(nodes));
    }

    /** From now on new pods on this node stay unready (a pod already ready stays ready). */
    void hold(String node) {
        releasedNodes.remove(node);
    }

    private void tick() {
        try {
            for (DaemonSet ds :
                    client.apps().daemonSets().inNamespace(namespace).list().getItems()) {
                daemonSetController(ds);
            }
        } catch (KubernetesClientException e) {
            // The next tick tries again, as the real controllers do.
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private void daemonSetController(DaemonSet ds) {
        List<String> nodes = pinnedNodes(ds);
        List<Pod> pods =
                client.pods()
                        .inNamespace(namespace)
                        .withLabels(ds.getSpec().getSelector().getMatchLabels())
                        .list()
                        .getItems();
        int ready = 0;
        for (String node : nodes) {
            Pod pod =
                    pods.stream()
                            .filter(p -> node.equals(p.getSpec().getNodeName()))
                            .findFirst()
                            .orElse(null);
            if (pod == null) {
                createPod(ds, node);
            } else if (pod.getMetadata().getDeletionTimestamp() != null) {
                client.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName())
                        .withGracePeriod(0)
                        .delete();
            } else if (!isReady(pod) && releasedNodes.contains(node)) {
                markReady(pod, node);
            } else if (isReady(pod)) {
                ready++;
            }
        }
        int desired = nodes.size();
        int readyNow = ready;
        client.apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName(ds.getMetadata().getName())
                .editStatus(
                        d -> {
                            d.setStatus(
                                    new DaemonSetStatusBuilder()
                                            .withDesiredNumberScheduled(desired)
                                            .withCurrentNumberScheduled(desired)
                                            .withNumberReady(readyNow)
                                            .withNumberAvailable(readyNow)
                                            .withNumberMisscheduled(0)
                                            .withObservedGeneration(d.getMetadata().getGeneration())
                                            .build());
                            return d;
                        });
    }

    private static List<String> pinnedNodes(DaemonSet ds) {
        return ds
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .stream()
                .flatMap(t -> t.getMatchFields().stream())
                .filter(f -> "metadata.name".equals(f.getKey()))
                .flatMap((NodeSelectorRequirement f) -> f.getValues().stream())
                .toList();
    }

    private void createPod(DaemonSet ds, String node) {
        var template = ds.getSpec().getTemplate();
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(
                                ds.getMetadata().getName()
                                        + "-"
                                        + node
                                        + "-"
                                        + Long.toString(System.nanoTime() % 100000, 36))
                        .withNamespace(namespace)
                        .withLabels(template.getMetadata().getLabels())
                        .withOwnerReferences(
                                new OwnerReferenceBuilder()
                                        .withApiVersion("apps/v1")
                                        .withKind("DaemonSet")
                                        .withName(ds.getMetadata().getName())
                                        .withUid(ds.getMetadata().getUid())
                                        .withController(true)
                                        .build())
                        .endMetadata()
                        .withSpec(template.getSpec())
                        .build();
        pod.getSpec().setNodeName(node);
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private void markReady(Pod pod, String node) {
        String ip = nodeIps.get(node);
        String now = Instant.now().toString();
        client.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .editStatus(
                        p -> {
                            p.getStatus().setPhase("Running");
                            p.getStatus().setHostIP(ip);
                            p.getStatus().setPodIP(ip);
                            p.getStatus().setPodIPs(List.of(new PodIPBuilder().withIp(ip).build()));
                            p.getStatus()
                                    .setConditions(
                                            List.of(
                                                    new PodConditionBuilder()
                                                            .withType("Ready")
                                                            .withStatus("True")
                                                            .withLastTransitionTime(now)
                                                            .build(),
                                                    new PodConditionBuilder()
                                                            .withType("ContainersReady")
                                                            .withStatus("True")
                                                            .withLastTransitionTime(now)
                                                            .build()));
                            return p;
                        });
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
