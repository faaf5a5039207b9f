package so.rend.clickhouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;
import so.rend.clickhouse.ClickHouseSettings;
import so.rend.clickhouse.EmbeddedClickHouseServer;

/**
 * A real clickhouse-server process of the test's own: a temporary data directory and config, HTTP
 * on a free loopback port, never the machine's system service. {@link #stop()} and {@link #start()}
 * take it down and bring it back on the same port and data, for outage tests. Find one with {@link
 * #startOrSkip()}: without a binary the test is skipped with a message on stderr (and fails under
 * {@code CI=true}, where {@code .ci/run} installs Debian's {@code clickhouse-server}).
 */
public final class ClickHouseTestServer implements AutoCloseable {

    private final EmbeddedClickHouseServer server;
    private final Path directory;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClickHouseTestServer(EmbeddedClickHouseServer server, Path directory) {
        this.server = server;
        this.directory = directory;
    }

    /** Starts a server, or skips the calling test (fails it on CI) when no binary is installed. */
    public static ClickHouseTestServer startOrSkip() {
        List<String> command =
                ClickHouseBinary.serverCommand().orElseGet(ClickHouseBinary::skipOrFail);
        try {
            Path directory = Files.createTempDirectory("rend-clickhouse-");
            return new ClickHouseTestServer(
                    EmbeddedClickHouseServer.start(command, directory, 0), directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return server.url();
    }

    public int httpPort() {
        return server.httpPort();
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
        server.stop();
    }

    /** Starts it again on the same port and data directory. */
    public void start() {
        server.restart();
    }

    @Override
    public void close() {
        // Its data goes with it, so there is nothing to shut down cleanly.
        server.kill();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is not worth failing a test for.
        }
    }
}
