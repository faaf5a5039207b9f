package so.rend.clickhouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * A real clickhouse-server process of the test's own: a temporary data directory and config, HTTP
 * on a free loopback port, never the machine's system service. {@link #stop()} and {@link #start()}
 * take it down and bring it back on the same port and data, for outage tests. Find one with {@link
 * #startOrSkip()}: without a binary the test is skipped with a message on stderr (and fails under
 * {@code CI=true}, where {@code .ci/run} installs Debian's {@code clickhouse-server}).
 */
public final class ClickHouseTestServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final Path directory;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private ClickHouseTestServer(List<String> command, Path directory, int httpPort) {
        this.command = command;
        this.directory = directory;
        this.httpPort = httpPort;
    }

    /** Starts a server, or skips the calling test (fails it on CI) when no binary is installed. */
    public static ClickHouseTestServer startOrSkip() {
        List<String> command =
                ClickHouseBinary.serverCommand().orElseGet(ClickHouseBinary::skipOrFail);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Path directory = Files.createTempDirectory("rend-clickhouse-");
                ClickHouseTestServer server =
                        new ClickHouseTestServer(command, directory, freePort());
                server.writeConfig();
                if (server.launch()) {
                    return server;
                }
                // Another process took the port between the probe and the bind: try new ones.
                server.close();
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

    /** Settings naming this server and {@code database}, with a short timeout for tests. */
    public ClickHouseSettings settings(String database) {
        return new ClickHouseSettings(
                url().toString(), "default", "", database, Duration.ofSeconds(5));
    }

    /**
     * Runs one statement over plain HTTP (not Rend's client, so tests check Rend with something
     * else) and returns the server's answer; add {@code FORMAT TSV} to read values.
     */
    public String sql(String statement) {
        HttpRequest request =
                HttpRequest.newBuilder(url())
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(statement))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "ClickHouse answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s); its data stays. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            // 18.16 waits for open HTTP keep-alive connections before it exits; a test need not.
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts it again on the same port and data directory. */
    public void start() {
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
                throw new IllegalStateException("clickhouse-server exited at start:\n" + output);
            }
            if (answersPing()) {
                return true;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("clickhouse-server did not answer /ping in time");
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
        Files.writeString(
                directory.resolve("config.xml"),
                ClickHouseTestConfig.server(directory.resolve("data"), httpPort));
        Files.writeString(directory.resolve("users.xml"), ClickHouseTestConfig.users());
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
        if (process != null) {
            // Its data goes with it, so there is nothing to shut down cleanly.
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
