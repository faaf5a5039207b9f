package so.rend.operator.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parts of a control plane that run beside the test API server: the real kube-scheduler and
 * rend-test-controllers (kube-controller-manager's garbage collector and DaemonSet, Deployment and
 * ReplicaSet controllers), both built by scripts/k8s-test-binaries.sh from k8s.io/kubernetes, and
 * the real external-dns (built by the same script). So deleting an owner deletes what it owns, a
 * DaemonSet or Deployment gets its pods from the real controllers, the pods are placed on nodes by
 * the real scheduler, and a DNSEndpoint's records are taken by external-dns (crd source, inmemory
 * provider), which reports the generation it read in the DNSEndpoint's status, as in a cluster.
 * Each logs to a file of its own under target/ (kept for a failed run to be read), named on
 * standard output.
 */
final class RealControllers implements AutoCloseable {
    static final String SCHEDULER = "kube-scheduler";
    static final String CONTROLLERS = "rend-test-controllers";
    static final String EXTERNAL_DNS = "external-dns";

    /** How often external-dns syncs here (a minute by default in a cluster). */
    static final String EXTERNAL_DNS_INTERVAL = "1s";

    private final List<Process> processes = new ArrayList<>();
    private volatile boolean closing;

    private RealControllers() {}

    static RealControllers start(Path binaries, Path kubeconfig) {
        RealControllers started = new RealControllers();
        started.run(
                binaries.resolve(CONTROLLERS),
                "--kubeconfig=" + kubeconfig,
                "--controllers=garbagecollector,daemonset,deployment,replicaset");
        // No leader election (one scheduler) and no serving port, so two test JVMs on one machine
        // do not collide.
        started.run(
                binaries.resolve(SCHEDULER),
                "--kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--secure-port=0");
        // Needs the DNSEndpoint CRD installed first. The zone covers the tests' DNS names; the
        // noop registry keeps no ownership TXT records (nothing else writes this zone).
        started.run(
                binaries.resolve(EXTERNAL_DNS),
                "--kubeconfig=" + kubeconfig,
                "--source=crd",
                "--crd-source-apiversion=externaldns.k8s.io/v1alpha1",
                "--crd-source-kind=DNSEndpoint",
                "--provider=inmemory",
                "--inmemory-zone=rend.example.com",
                "--registry=noop",
                "--policy=sync",
                "--interval=" + EXTERNAL_DNS_INTERVAL,
                "--metrics-address=127.0.0.1:0");
        started.checkAlive();
        return started;
    }

    private void run(Path binary, String... args) {
        String name = binary.getFileName().toString();
        try {
            File log = Files.createTempFile(logDirectory(), name + "-", ".log").toFile();
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(List.of(args));
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log)
                            .start();
            processes.add(process);
            System.out.println(name + " started, logging to " + log);
            process.onExit()
                    .thenRun(
                            () -> {
                                if (!closing) {
                                    reportExit(name, process, log);
                                }
                            });
        } catch (IOException e) {
            close();
            throw new IllegalStateException("could not start " + binary, e);
        }
    }

    private static Path logDirectory() throws IOException {
        Path target = Path.of("target");
        return Files.isDirectory(target)
                ? Files.createDirectories(target.resolve("control-plane-logs"))
                : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** A bad flag ends a process within moments; better to fail here than in every test. */
    private void checkAlive() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Process process : processes) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(
                        process.info().command().orElse("a control-plane process")
                                + " exited with "
                                + process.exitValue()
                                + "; its log is named above");
            }
        }
    }

    private static void reportExit(String name, Process process, File log) {
        try {
            System.err.println(
                    name
                            + " exited with "
                            + process.exitValue()
                            + ":\n"
                            + Files.readString(log.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println(name + " exited with " + process.exitValue());
        }
    }

    @Override
    public void close() {
        closing = true;
        processes.forEach(Process::destroy);
    }
}
