package so.rend.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A clickhouse-server process of Rend's own, installed on the machine (Debian's package, or any
 * release: the config is one both 18.16 and current ones read): its config, data and log under one
 * directory, HTTP only, on loopback. A server a killed run left on the directory (found by the
 * {@code status} file ClickHouse keeps in its data path, and checked to be this directory's) is
 * stopped first, as the embedded PostgreSQL's is. Port 0 picks a free port. Used by the embedded
 * mode and by the integration tests' {@code ClickHouseTestServer}.
 */
public final class EmbeddedClickHouseServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final Path directory;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private EmbeddedClickHouseServer(List<String> command, Path directory, int httpPort) {
        this.command = command;
        this.directory = directory.toAbsolutePath().normalize();
        this.httpPort = httpPort;
    }

    /**
     * How to run the server: {@code configured} when it names an executable, else Debian's {@code
     * clickhouse-server} (on the PATH or in /usr/sbin, /usr/bin), else a single {@code clickhouse}
     * binary run as {@code clickhouse server}; empty when none is installed.
     */
    public static Optional<List<String>> findCommand(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(List.of(configured.trim()));
        }
        Optional<Path> server = onPath("clickhouse-server");
        if (server.isPresent()) {
            return Optional.of(List.of(server.get().toString()));
        }
        return onPath("clickhouse").map(p -> List.of(p.toString(), "server"));
    }

    /** Starts a server on {@code directory} and {@code port} (0: a free one). */
    public static EmbeddedClickHouseServer start(List<String> command, Path directory, int port) {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                int chosen = port == 0 ? freePort() : port;
                EmbeddedClickHouseServer server =
                        new EmbeddedClickHouseServer(command, directory, chosen);
                server.stopLeftover();
                server.writeConfig();
                if (server.launch()) {
                    return server;
                }
                if (port != 0) {
                    throw new IllegalStateException(
                            "port " + port + " is in use by another process");
                }
                // Another process took the free port between the probe and the bind.
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("clickhouse-server did not start", last);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s); its data stays. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            // 18.16 waits for open HTTP keep-alive connections before it exits.
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the server at once (for data that is thrown away anyway). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts it again on the same port and directory. */
    public void restart() {
        try {
            if (!launch()) {
                throw new IllegalStateException("clickhouse-server could not take its port back");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean launch() throws IOException {
        List<String> args =
                Stream.concat(
                                command.stream(),
                                Stream.of("--config-file=" + directory.resolve("config.xml")))
                        .toList();
        Path log = directory.resolve("server.log");
        process =
                new ProcessBuilder(args)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                String output = Files.readString(log);
                process = null;
                if (output.contains("Address already in use")) {
                    return false;
                }
                throw new IllegalStateException(
                        "clickhouse-server exited at start (log: " + log + "):\n" + tail(output));
            }
            if (answersPing()) {
                return true;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("clickhouse-server did not answer /ping in time");
    }

    /** A server a killed run left here holds the data path's lock: stop it if it is ours. */
    private void stopLeftover() throws IOException {
        Path status = directory.resolve("data").resolve("status");
        if (!Files.isRegularFile(status)) {
            return;
        }
        String config = directory.resolve("config.xml").toString();
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("PID:")) {
                long pid = Long.parseLong(line.substring(4).trim());
                ProcessHandle.of(pid)
                        .filter(p -> namesConfig(p, config))
                        .ifPresent(EmbeddedClickHouseServer::killAndWait);
            }
        }
    }

    private static boolean namesConfig(ProcessHandle process, String config) {
        return process.info().arguments().stream()
                .flatMap(Stream::of)
                .anyMatch(argument -> argument.contains(config));
    }

    private static void killAndWait(ProcessHandle leftover) {
        leftover.destroyForcibly();
        try {
            leftover.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "a clickhouse-server a killed run left (pid "
                            + leftover.pid()
                            + ") did not stop",
                    e);
        }
    }

    private boolean answersPing() {
        try {
            HttpRequest ping =
                    HttpRequest.newBuilder(url().resolve("/ping"))
                            .timeout(Duration.ofSeconds(2))
                            .build();
            return http.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(directory);
        Files.writeString(
                directory.resolve("config.xml"),
                ClickHouseConfigFiles.server(directory.resolve("data"), httpPort));
        Files.writeString(directory.resolve("users.xml"), ClickHouseConfigFiles.users());
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
