package so.rend.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import so.rend.embedded.PostmasterPidFile;

/**
 * The packaged embedded mode, {@code java -jar rend-dev.jar}, run as its own process the way a user
 * runs it, for tests of what only a process shows: its exit code, its console, and what a SIGKILL
 * leaves behind.
 */
final class RendDevJar {

    private RendDevJar() {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("rend.dev.jar", "target/rend-dev.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "this test runs "
                            + jar.toAbsolutePath()
                            + ", which is missing: ./mvnw -pl dev -am verify builds it before"
                            + " running it (failsafe, after package)");
        }
        return jar.toAbsolutePath();
    }

    /**
     * Starts {@code java -jar rend-dev.jar args…} with {@code environment}, output into {@code
     * log}.
     */
    static Process start(Map<String, String> environment, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Fixed ports, all free now, for a run that is started again on the same ones: a restart must
     * find its PostgreSQL and object store where the killed run left them.
     */
    record Ports(
            int api,
            int apiInternal,
            int edge,
            int edgeInternal,
            int worker,
            int postgres,
            int s3) {

        static Ports free() throws IOException {
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 7; i++) {
                    held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
                }
                int[] p = held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
                return new Ports(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }

        Map<String, String> environment(Path dataDirectory) {
            Map<String, String> environment = new HashMap<>();
            environment.put("REND_DATA_DIR", dataDirectory.toString());
            environment.put("REND_API_PORT", Integer.toString(api));
            environment.put("REND_API_INTERNAL_PORT", Integer.toString(apiInternal));
            environment.put("REND_EDGE_PORT", Integer.toString(edge));
            environment.put("REND_EDGE_INTERNAL_PORT", Integer.toString(edgeInternal));
            environment.put("REND_WORKER_PORT", Integer.toString(worker));
            environment.put("REND_EMBEDDED_POSTGRES_PORT", Integer.toString(postgres));
            environment.put("REND_EMBEDDED_S3_PORT", Integer.toString(s3));
            return environment;
        }
    }

    /** The postmaster {@code postmaster.pid} in the run's PostgreSQL data directory names. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postgres").resolve(PostmasterPidFile.FILE_NAME);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return PostmasterPidFile.parse(Files.readString(pidFile))
                .flatMap(file -> ProcessHandle.of(file.pid()))
                .filter(ProcessHandle::isAlive);
    }

    /**
     * Stops a run and everything it left: the JVM (SIGTERM, so its shutdown stops PostgreSQL), the
     * children it had, and a PostgreSQL still named in the data directory (SIGINT, then SIGKILL).
     */
    static void stopEverything(Process rend, List<ProcessHandle> children, Path dataDirectory)
            throws Exception {
        if (rend != null && rend.isAlive()) {
            rend.destroy();
            if (!rend.waitFor(30, TimeUnit.SECONDS)) {
                rend.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
        Optional<ProcessHandle> postgres = postmaster(dataDirectory);
        if (postgres.isPresent()) {
            new ProcessBuilder("kill", "-INT", Long.toString(postgres.get().pid()))
                    .start()
                    .waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (postgres.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            postgres.get().destroyForcibly();
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
