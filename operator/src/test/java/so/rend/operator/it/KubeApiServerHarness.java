package so.rend.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import so.rend.operator.model.ResourceNames;

/**
 * A real kube-apiserver + etcd (Fabric8 kube-api-test, offline, binaries built by
 * scripts/k8s-test-binaries.sh), started once per test JVM and shared by the integration tests,
 * each of which works in its own namespace. Beside it run the real kube-scheduler, the real garbage
 * collector, DaemonSet, Deployment and ReplicaSet controllers, and external-dns ({@link
 * RealControllers}, built by the same script). There are no kubelets: tests register nodes and play
 * the kubelet ({@link FakeKubelet}).
 *
 * <p>Missing binaries fail the tests loudly; set {@value #SKIP_ENV}=true to skip them instead.
 */
public final class KubeApiServerHarness {
    public static final String SKIP_ENV = "REND_SKIP_KUBE_API_TESTS";
    private static final String[] BINARIES = {
        "etcd",
        "kube-apiserver",
        "kubectl",
        RealControllers.SCHEDULER,
        RealControllers.CONTROLLERS,
        RealControllers.EXTERNAL_DNS,
        "helm"
    };

    /** The chart's release the tests install, and where. */
    public static final String RELEASE = "rend";

    public static final String RELEASE_NAMESPACE = "rend-system";

    /**
     * The operator's identity: the ServiceAccount the chart (charts/rend) makes, with its RBAC and
     * nothing more.
     */
    public static final String OPERATOR_USER =
            "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + RELEASE + "-operator";

    private static KubeAPIServer server;
    private static KubernetesClient operatorClient;
    private static RealControllers controllers;
    private static KubernetesClient client;
    private static Path kubeconfig;
    private static Path binaries;
    private static Path auditLog;

    /**
     * What the API server audits (at Metadata level, the response stage only): requests for
     * workloads, their Services and budgets, Secrets, and Rend's custom resources.
     */
    private static final String AUDIT_POLICY =
            """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: Metadata
                resources:
                  - group: ""
                    resources: ["pods", "services", "secrets"]
                  - group: "apps"
                    resources: ["daemonsets", "deployments", "replicasets"]
                  - group: "policy"
                    resources: ["poddisruptionbudgets"]
                  - group: "rend.so"
              - level: None
            """;

    static {
        // Status appears a reconcile after a resource: a wait on it retries a null, and a timeout
        // still reports the last failure.
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
    }

    private KubeApiServerHarness() {}

    public static synchronized KubernetesClient client() {
        if (client == null) {
            start();
        }
        return client;
    }

    private static Path binariesRoot() {
        return Path.of(
                Optional.ofNullable(System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR))
                        .orElse(System.getProperty("user.home") + "/.kubeapitest"),
                "k8s");
    }

    private static void start() {
        Path root = binariesRoot();
        BackgroundBuild.awaitExternalDns(root);
        binaries = findBinaries(root).orElse(null);
        if (binaries == null) {
            String message =
                    "no etcd + kube-apiserver + kubectl under "
                            + root
                            + "/<version>-linux-amd64 (with kube-scheduler, "
                            + "rend-test-controllers, external-dns and helm): run "
                            + "`bash scripts/k8s-test-binaries.sh` first, or set "
                            + SKIP_ENV
                            + "=true to skip the real-API-server tests";
            if ("true".equalsIgnoreCase(System.getenv(SKIP_ENV))) {
                Assumptions.abort(message);
            }
            throw new IllegalStateException(message);
        }
        String version = binaries.getFileName().toString().replace("-linux-amd64", "");
        Path auditPolicy;
        try {
            auditPolicy = Files.createTempFile("rend-audit-policy", ".yaml");
            auditPolicy.toFile().deleteOnExit();
            Files.writeString(auditPolicy, AUDIT_POLICY);
            auditLog = Files.createTempFile("rend-audit", ".log");
            auditLog.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server =
                new KubeAPIServer(
                        KubeAPIServerConfigBuilder.anAPIServerConfig()
                                .withOfflineMode(true)
                                .withUpdateKubeConfig(false)
                                .withApiServerVersion(version)
                                .withApiServerFlag("--audit-policy-file", auditPolicy.toString())
                                .withApiServerFlag("--audit-log-path", auditLog.toString())
                                .withApiServerFlag("--audit-log-format", "json")
                                .build());
        server.start();
        try {
            kubeconfig = Files.createTempFile("rend-kubeconfig", ".yaml");
            kubeconfig.toFile().deleteOnExit();
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        client =
                new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
                        .build();
        installCrds();
        controllers = RealControllers.start(binaries, kubeconfig);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    controllers.close();
                                    client.close();
                                    server.stop();
                                },
                                "kube-api-test-stop"));
    }

    /**
     * A client that acts as the operator's ServiceAccount, bound by the RBAC of the Helm chart
     * (which is installed here, as users install it), so the integration tests also prove that RBAC
     * is enough.
     */
    public static synchronized KubernetesClient operatorClient() {
        if (operatorClient == null) {
            client();
            // The tests run the operator in-process; the chart's own operator Deployment gets no
            // replicas. The CRDs were applied by hand (installCrds, the README's kubectl path):
            // --take-ownership adopts them into this release, as users do once.
            Tool result =
                    installChart(
                            RELEASE,
                            RELEASE_NAMESPACE,
                            "--create-namespace",
                            "--take-ownership",
                            "--set",
                            "operator.replicas=0");
            if (result.exitCode() != 0) {
                throw new IllegalStateException(
                        "helm install of charts/rend failed: " + result.output());
            }
            operatorClient = clientAs(OPERATOR_USER);
        }
        return operatorClient;
    }

    /**
     * A client that acts as {@code user} (for example another release's ServiceAccount, {@code
     * system:serviceaccount:<namespace>:<name>}), with that user's RBAC and nothing more.
     */
    public static KubernetesClient clientAs(String user) {
        client();
        Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
        config.setImpersonateUsername(user);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** helm install of charts/rend as {@code release} in {@code namespace}, with more flags. */
    public static Tool installChart(String release, String namespace, String... flags) {
        List<String> args =
                new ArrayList<>(
                        List.of("install", release, chart().toString(), "--namespace", namespace));
        args.addAll(List.of(flags));
        return helm(args.toArray(String[]::new));
    }

    /** The API server's audit log (JSON lines; see {@link #AUDIT_POLICY} for what it records). */
    public static synchronized Path auditLog() {
        client();
        return auditLog;
    }

    /** Creates each named Secret in {@code namespace} with the given string data. */
    public static void createSecrets(
            KubernetesClient cluster, String namespace, Map<String, Map<String, String>> secrets) {
        secrets.forEach(
                (name, data) ->
                        cluster.secrets()
                                .inNamespace(namespace)
                                .resource(
                                        new SecretBuilder()
                                                .withNewMetadata()
                                                .withName(name)
                                                .endMetadata()
                                                .withStringData(data)
                                                .build())
                                .create());
    }

    public static Path chart() {
        return Path.of(System.getProperty("rend.chart.dir", "../charts/rend")).toAbsolutePath();
    }

    private static Optional<Path> findBinaries(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-linux-amd64"))
                    .filter(
                            d ->
                                    Stream.of(BINARIES)
                                            .allMatch(b -> Files.isExecutable(d.resolve(b))))
                    .max(java.util.Comparator.comparing(d -> d.getFileName().toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rend's CRDs as users install them (kubectl apply --server-side -f crds/), plus external-dns'.
     */
    private static void installCrds() {
        Path crds = Path.of(System.getProperty("rend.crds.dir", "../crds"));
        Tool result = kubectl("apply", "--server-side", "-f", crds.toAbsolutePath().toString());
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "kubectl apply --server-side -f crds/ failed: " + result.output());
        }
        applyTestCrd("dnsendpoints.externaldns.k8s.io.yaml");
        for (String name :
                List.of(
                        "rendregions.rend.so",
                        "rendedgenodes.rend.so",
                        "rendencodingpools.rend.so",
                        "dnsendpoints.externaldns.k8s.io")) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .waitUntilCondition(KubeApiServerHarness::established, 30, TimeUnit.SECONDS);
        }
    }

    public static void applyTestCrd(String resource) {
        try (var in =
                KubeApiServerHarness.class.getResourceAsStream("/external-crds/" + resource)) {
            var crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(crd).serverSideApply();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(KubeApiServerHarness::established, 30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(
                                c ->
                                        "Established".equals(c.getType())
                                                && "True".equals(c.getStatus()));
    }

    public record Tool(int exitCode, String output) {}

    /**
     * The machine's kubectl (copied beside the API server binaries) against the test API server.
     */
    public static Tool kubectl(String... args) {
        return run("kubectl", args);
    }

    /**
     * helm (built by scripts/k8s-test-binaries.sh beside the API server binaries) against the test
     * API server.
     */
    public static Tool helm(String... args) {
        return run("helm", args);
    }

    private static Tool run(String tool, String... args) {
        client();
        return run(binaries.resolve(tool), kubeconfig, args);
    }

    /** helm against another cluster (k3s), without starting the test API server. */
    public static Tool helm(Path otherKubeconfig, String... args) {
        Path dir =
                findBinaries(binariesRoot())
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no helm under "
                                                        + binariesRoot()
                                                        + ": run `bash scripts/k8s-test-binaries.sh` first"));
        return run(dir.resolve("helm"), otherKubeconfig, args);
    }

    private static Tool run(Path tool, Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        tool.getFileName() + " " + String.join(" ", args) + " did not finish");
            }
            return new Tool(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fresh namespace (never deleted: without the namespace controller it would stay
     * Terminating).
     */
    public static String namespace(String prefix) {
        return namespace(client(), prefix);
    }

    /** The same on another cluster (k3s). */
    public static String namespace(KubernetesClient cluster, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .endMetadata()
                                .build())
                .create();
        return name;
    }

    /**
     * A region's edge DaemonSet where its edge nodes share one cache layout (one DaemonSet per
     * layout): null before it exists, a failure if there are several.
     */
    static DaemonSet edgeDaemonSet(KubernetesClient client, String namespace, String region) {
        List<DaemonSet> daemonSets =
                client.apps()
                        .daemonSets()
                        .inNamespace(namespace)
                        .withLabels(
                                Map.of(
                                        ResourceNames.APP_NAME_LABEL,
                                        ResourceNames.EDGE_APP,
                                        ResourceNames.REGION_LABEL,
                                        region))
                        .list()
                        .getItems();
        if (daemonSets.size() > 1) {
            throw new AssertionError(
                    "region " + region + " has " + daemonSets.size() + " edge DaemonSets");
        }
        return daemonSets.isEmpty() ? null : daemonSets.get(0);
    }
}
