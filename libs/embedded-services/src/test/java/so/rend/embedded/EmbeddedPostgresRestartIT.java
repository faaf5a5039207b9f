package so.rend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL (zonky binaries, a real server) started again on a kept data directory:
 * after its JVM was killed with SIGKILL, over a stale pid file, and against a foreign listener on
 * its port.
 */
class EmbeddedPostgresRestartIT {

    @TempDir Path temp;

    private final List<Process> started = new ArrayList<>();
    private final List<EmbeddedPostgresServer> servers = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() throws Exception {
        servers.forEach(EmbeddedPostgresServer::close);
        for (Process process : started) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        stopServerNamedIn(temp.resolve("postgres"));
    }

    @Test
    void theServerAKilledJvmLeftRunningIsStoppedAndTheNextStartRunsItsOwnOnTheSameData()
            throws Exception {
        Path data = temp.resolve("postgres");
        int port = freePort();
        Process jvm = startJvmWithServer(data, port);
        long leftover = pidIn(data).orElseThrow();

        jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive))
                .as("pg_ctl detached the server: it outlives its JVM")
                .contains(true);
        assertThat(LoopbackPort.inUse(port)).isTrue();

        EmbeddedPostgresServer server = start(data, port);
        assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive))
                .isIn(Optional.empty(), Optional.of(false));
        assertThat(pidIn(data)).isPresent().isNotEqualTo(Optional.of(leftover));
        assertThat(answer(server)).isEqualTo(42);
    }

    @Test
    void theServerOfALiveJvmIsNotALeftoverItsDataDirectoryIsRefused() throws Exception {
        Path data = temp.resolve("postgres");
        startJvmWithServer(data, freePort());
        long running = pidIn(data).orElseThrow();

        assertThatThrownBy(() -> start(data, freePort()))
                .isInstanceOfSatisfying(
                        StartRefusedException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(
                                                StartRefusedException.Reason
                                                        .DATA_DIRECTORY_IN_USE));
        assertThat(ProcessHandle.of(running).map(ProcessHandle::isAlive))
                .as("the live JVM's server is left alone")
                .contains(true);
    }

    @Test
    void aForeignListenerOnItsPortIsRefusedAndNothingIsStarted() throws Exception {
        Path data = temp.resolve("postgres");
        try (ServerSocket foreign = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = foreign.getLocalPort();
            assertThatThrownBy(() -> start(data, port))
                    .isInstanceOfSatisfying(
                            StartRefusedException.class,
                            e -> {
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "port "
                                                        + port
                                                        + " is in use by another process (not this"
                                                        + " data directory's PostgreSQL)");
                                assertThat(e.reason())
                                        .isEqualTo(StartRefusedException.Reason.PORT_IN_USE);
                                assertThat(e.port()).isEqualTo(port);
                            });
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aSecondStartOnADataDirectoryInUseIsRefusedAndTheFirstServerKeepsRunning() {
        Path data = temp.resolve("postgres");
        EmbeddedPostgresServer first = start(data, 0);
        assertThatThrownBy(() -> start(data, 0))
                .isInstanceOfSatisfying(
                        StartRefusedException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(
                                                StartRefusedException.Reason.DATA_DIRECTORY_IN_USE))
                .hasMessageContaining("is in use by another running embedded PostgreSQL");
        assertThat(LoopbackPort.inUse(first.port())).isTrue();
    }

    @Test
    void aStalePidFileNamingALiveUnrelatedProcessIsRemoved() throws Exception {
        Path data = temp.resolve("postgres");
        int port = freePort();
        start(data, port).close();
        servers.clear();
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        started.add(unrelated);
        Files.writeString(
                data.resolve("postmaster.pid"),
                unrelated.pid()
                        + "\n"
                        + data.toRealPath()
                        + "\n1\n"
                        + port
                        + "\n/tmp\n127.0.0.1\n");

        EmbeddedPostgresServer server = start(data, port);
        assertThat(pidIn(data)).isPresent().isNotEqualTo(Optional.of(unrelated.pid()));
        assertThat(unrelated.isAlive()).as("only the file was touched").isTrue();
        assertThat(LoopbackPort.inUse(server.port())).isTrue();
    }

    @Test
    void theObjectStoreRefusesAForeignListenerOnItsPort() throws Exception {
        try (ServerSocket foreign = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = foreign.getLocalPort();
            assertThatThrownBy(() -> EmbeddedObjectStoreServer.start(temp.resolve("objects"), port))
                    .isInstanceOf(StartRefusedException.class)
                    .hasMessage("port " + port + " is in use by another process");
        }
    }

    private EmbeddedPostgresServer start(Path data, int port) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port);
        servers.add(server);
        return server;
    }

    private Process startJvmWithServer(Path data, int port) throws Exception {
        Path log = temp.resolve("killed-jvm.log");
        Process jvm =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                ServerOfAJvmToKill.class.getName(),
                                data.toString(),
                                Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        started.add(jvm);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("ready")) {
            assertThat(jvm.isAlive()).as(() -> readQuietly(log)).isTrue();
            assertThat(System.nanoTime()).as("the server JVM is not ready").isLessThan(deadline);
            Thread.sleep(100);
        }
        return jvm;
    }

    private static int answer(EmbeddedPostgresServer server) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(
                                server.jdbcUrl(),
                                EmbeddedPostgresServer.USER,
                                EmbeddedPostgresServer.PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select answer from survived")) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }

    private static Optional<Long> pidIn(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return PostmasterPidFile.parse(Files.readString(pidFile)).map(PostmasterPidFile::pid);
    }

    /** A server a failed test left behind, found by its pid file: SIGINT (fast), then SIGKILL. */
    static void stopServerNamedIn(Path data) throws Exception {
        Optional<ProcessHandle> server = pidIn(data).flatMap(ProcessHandle::of);
        if (server.isEmpty()) {
            return;
        }
        new ProcessBuilder("kill", "-INT", Long.toString(server.get().pid())).start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.get().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        server.get().destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
