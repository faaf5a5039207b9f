package so.rend.operator.it;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays, for the pods of one namespace, the one part of a cluster the test harness does not run:
 * the kubelet. The real controllers (rend-test-controllers) create the pods and the real
 * kube-scheduler binds them to nodes; here a bound pod becomes Running and Ready (a host-network
 * pod with its node's InternalIP, any other with an address of its own), and a pod being deleted
 * goes away (the kubelet's final delete once its containers have stopped). Readiness is held back
 * for nodes the test has not released yet.
 */
final class FakeKubelet implements AutoCloseable {
    private static final AtomicInteger POD_ADDRESSES = new AtomicInteger();
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, String> nodeIps = new ConcurrentHashMap<>();
    private final Set<String> releasedNodes = ConcurrentHashMap.newKeySet();
    private volatile boolean everyNodeReleased;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "fake-kubelet");
                        t.setDaemon(true);
                        return t;
                    });

    FakeKubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        loop.scheduleWithFixedDelay(this::tick, 0, 150, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a node as its kubelet would: Ready, with an InternalIP and room for pods, so
     * kube-scheduler can place pods on it. Nodes are cluster-wide and outlive the test.
     */
    static Node registerNode(KubernetesClient client, String name, String ip) {
        Map<String, Quantity> resources =
                Map.of(
                        "cpu", new Quantity("64"),
                        "memory", new Quantity("256Gi"),
                        "pods", new Quantity("500"));
        String now = Instant.now().toString();
        Node node =
                new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("kubernetes.io/hostname", name)
                        .addToLabels("kubernetes.io/os", "linux")
                        .endMetadata()
                        .build();
        client.nodes().resource(node).createOr(NonDeletingOperation::update);
        client.nodes()
                .withName(name)
                .editStatus(
                        n -> {
                            n.setStatus(
                                    new NodeStatusBuilder()
                                            .withCapacity(resources)
                                            .withAllocatable(resources)
                                            .withAddresses(
                                                    new NodeAddressBuilder()
                                                            .withType("InternalIP")
                                                            .withAddress(ip)
                                                            .build())
                                            .withConditions(
                                                    new NodeConditionBuilder()
                                                            .withType("Ready")
                                                            .withStatus("True")
                                                            .withReason("KubeletReady")
                                                            .withLastHeartbeatTime(now)
                                                            .withLastTransitionTime(now)
                                                            .build())
                                            .build());
                            return n;
                        });
        // The API server's TaintNodesByCondition admission gave the new node the not-ready
        // taint; the node lifecycle controller (not run here) lifts it once the node is Ready.
        // The DaemonSet controller and the scheduler both honour it.
        return client.nodes()
                .withName(name)
                .edit(
                        n -> {
                            n.getSpec()
                                    .setTaints(
                                            n.getSpec().getTaints().stream()
                                                    .filter(
                                                            t ->
                                                                    !"node.kubernetes.io/not-ready"
                                                                            .equals(t.getKey()))
                                                    .toList());
                            return n;
                        });
    }

    /** From now on pods on these nodes become ready. */
    void release(String... nodes) {
        releasedNodes.addAll(List.of(nodes));
    }

    /** From now on pods become ready on whichever node the scheduler puts them. */
    void releaseEveryNode() {
        everyNodeReleased = true;
    }

    /** From now on new pods on this node stay unready (a pod already ready stays ready). */
    void hold(String node) {
        releasedNodes.remove(node);
    }

    private void tick() {
        try {
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                String node = pod.getSpec().getNodeName();
                if (node == null) {
                    continue; // not scheduled yet
                }
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    client.pods()
                            .inNamespace(namespace)
                            .withName(pod.getMetadata().getName())
                            .withGracePeriod(0)
                            .delete();
                } else if (!isReady(pod) && (everyNodeReleased || releasedNodes.contains(node))) {
                    markReady(pod, node);
                }
            }
        } catch (KubernetesClientException e) {
            // The next tick tries again, as a kubelet does.
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    /** The node's InternalIP, or null for a node registered without one. */
    private String nodeIp(String node) {
        return nodeIps.computeIfAbsent(
                node,
                n ->
                        client.nodes().withName(n).get().getStatus().getAddresses().stream()
                                .filter(a -> "InternalIP".equals(a.getType()))
                                .map(NodeAddress::getAddress)
                                .findFirst()
                                .orElse(null));
    }

    private void markReady(Pod pod, String node) {
        String hostIp = nodeIp(node);
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        String ip = hostNetwork ? hostIp : podAddress();
        String now = Instant.now().toString();
        client.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .editStatus(
                        p -> {
                            p.getStatus().setPhase("Running");
                            p.getStatus().setStartTime(now);
                            p.getStatus().setHostIP(hostIp);
                            p.getStatus().setPodIP(ip);
                            p.getStatus().setPodIPs(List.of(new PodIPBuilder().withIp(ip).build()));
                            List<PodCondition> conditions = new ArrayList<>();
                            p.getStatus().getConditions().stream()
                                    .filter(c -> "PodScheduled".equals(c.getType()))
                                    .forEach(conditions::add);
                            for (String type : List.of("Initialized", "ContainersReady", "Ready")) {
                                conditions.add(
                                        new PodConditionBuilder()
                                                .withType(type)
                                                .withStatus("True")
                                                .withLastTransitionTime(now)
                                                .build());
                            }
                            p.getStatus().setConditions(conditions);
                            return p;
                        });
    }

    /** An address from a pod network of its own, as a CNI plugin would hand out. */
    private static String podAddress() {
        int n = POD_ADDRESSES.incrementAndGet();
        return "10.244." + (n / 250 % 250) + "." + (n % 250 + 1);
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
