package so.rend.embedded.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's package, found on the PATH or at {@code /usr/bin}) started
 * by a test on a free loopback port with a temporary directory, never the system's service.
 * Persistence is off, so a stop and a start give an empty server on the same port, the way a
 * restarted cache comes back.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path executable;
    private final Path directory;
    private final int port;
    private Process process;

    private RedisServerProcess(Path executable, Path directory, int port) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
    }

    /** The {@code redis-server} executable, or null when this machine has none. */
    public static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path debian = Path.of("/usr/bin/redis-server");
        return Files.isExecutable(debian) ? debian : null;
    }

    /** Whether a test can start one here; tests that need it skip, loudly, when not. */
    public static boolean available() {
        return executable() != null;
    }

    /** Starts a server on a free loopback port in a new temporary directory. */
    public static RedisServerProcess start() {
        Path executable = executable();
        if (executable == null) {
            throw new IllegalStateException(
                    "redis-server is not installed (Debian: apt-get install redis-server)");
        }
        try {
            RedisServerProcess redis =
                    new RedisServerProcess(
                            executable, Files.createTempDirectory("rend-redis-"), freePort());
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code redis://127.0.0.1:<port>}, the shape of {@code REND_REDIS_URL}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server again on the same port after {@link #stop()} (empty: no persistence). */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process =
                    new ProcessBuilder(
                                    executable.toString(),
                                    "--port",
                                    Integer.toString(port),
                                    "--bind",
                                    "127.0.0.1",
                                    "--dir",
                                    directory.toString(),
                                    "--save",
                                    "",
                                    "--appendonly",
                                    "no",
                                    // DEBUG SLEEP lets a test make the server slow, not just gone.
                                    "--enable-debug-command",
                                    "local",
                                    "--daemonize",
                                    "no",
                                    "--logfile",
                                    directory.resolve("redis.log").toString())
                            .redirectErrorStream(true)
                            .redirectOutput(directory.resolve("redis.out").toFile())
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPong();
    }

    /** Stops the server (SIGTERM, then SIGKILL), as an outage looks to its clients. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Sends one command in Redis's inline form and returns the first line of the reply. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "redis-server did not start on port " + port + ": " + log());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String log() {
        try {
            Path log = directory.resolve("redis.log");
            return Files.exists(log) ? String.join("\n", tail(Files.readAllLines(log))) : "no log";
        } catch (IOException e) {
            return "log unreadable: " + e;
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 10), lines.size());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
