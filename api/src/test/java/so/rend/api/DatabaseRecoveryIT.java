package so.rend.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.SteadyLoad.Outcome;
import so.rend.embedded.EmbeddedPostgresServer;

/**
 * rend-api keeps serving through PostgreSQL losing its connections, on a real PostgreSQL server of
 * the test's own (so it can be killed and restarted without disturbing other tests): its backends
 * terminated under load, and the server stopped and started again on the same port and data
 * directory. Never a 500; {@code 503 database_unavailable} with {@code Retry-After} only while the
 * server is really down; served again without restarting the API.
 */
class DatabaseRecoveryIT {

    private static final int THREADS = 4;

    private static Path dataDirectory;
    private static EmbeddedPostgresServer postgres;
    private static int port;
    private static RunningApi api;
    private static String key;
    private static List<String> paths;

    @BeforeAll
    static void start() throws IOException {
        dataDirectory = Files.createTempDirectory("rend-db-recovery");
        postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
        port = postgres.port();
        api = ApiTestEnvironment.start(Map.of("REND_DATABASE_URL", postgres.url()));
        key = api.newAccountKey();
        byte[] video = new byte[4096];
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(ftyp, 0, video, 0, ftyp.length);
        Response upload =
                api.send(
                        api.request("/v1/videos", key)
                                .header("content-type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(video))
                                .build());
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        paths = List.of("/v1/assets", "/v1/assets/" + upload.json().path("asset_id").asString());
    }

    @AfterAll
    static void stop() throws IOException {
        if (api != null) {
            api.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void idleConnectionsWhoseBackendsWereTerminatedAreNeverLentToARequest() throws Exception {
        ConnectionPool pool = api.context().getBean(ConnectionPool.class);
        Flux.range(0, 12)
                .flatMap(i -> Mono.from(pool.create()), 12)
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .flatMap(connection -> Mono.from(connection.close()))
                .blockLast(Duration.ofSeconds(30));
        int idle = sessionsOf("rend-api");
        assertThat(idle).as("pooled connections").isGreaterThanOrEqualTo(10);

        assertThat(terminateBackends()).isGreaterThanOrEqualTo(idle);
        Thread.sleep(300);
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 2 * idle; i++) {
            answers.add(api.get(paths.get(i % paths.size()), key));
        }
        System.out.println(
                "after terminating "
                        + idle
                        + " idle pooled connections: "
                        + answers.stream().map(Response::status).toList());

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
    }

    @Test
    void terminatedBackendsAreReplacedWithoutA500UnderSteadyLoad() throws Exception {
        List<Outcome> outcomes;
        long lastKill;
        try (SteadyLoad load = SteadyLoad.start(api.baseUrl(), key, paths, THREADS)) {
            Thread.sleep(1000);
            int terminated = 0;
            for (int i = 0; i < 3; i++) {
                terminated += terminateBackends();
                Thread.sleep(700);
            }
            lastKill = System.nanoTime();
            assertThat(terminated).as("backends terminated").isPositive();
            Thread.sleep(2000);
            outcomes = load.stop();
        }
        System.out.println("terminated backends under load: " + SteadyLoad.counts(outcomes));

        assertOnly2xxOrDatabaseUnavailable(outcomes);
        List<Outcome> afterKills =
                outcomes.stream().filter(o -> o.startedAfter(lastKill + millis(500))).toList();
        assertThat(afterKills).isNotEmpty().allMatch(Outcome::ok);
        assertListenConnectionIsBack();
    }

    @Test
    void aRestartedServerIsDatabaseUnavailableWhileDownAndServedAgainWithoutRestartingTheApi()
            throws Exception {
        List<Outcome> outcomes;
        long stopping;
        long down;
        long restarting;
        long up;
        Response readyWhileDown;
        try (SteadyLoad load = SteadyLoad.start(api.baseUrl(), key, paths, THREADS)) {
            Thread.sleep(1000);
            stopping = System.nanoTime();
            postgres.close();
            down = System.nanoTime();
            Thread.sleep(3000);
            readyWhileDown = api.get("/readyz", null);
            restarting = System.nanoTime();
            postgres = EmbeddedPostgresServer.start(dataDirectory, port);
            up = System.nanoTime();
            Thread.sleep(5000);
            outcomes = load.stop();
        }
        List<Outcome> whileDown =
                outcomes.stream().filter(o -> o.within(down, restarting)).toList();
        long firstOkAfterUp =
                outcomes.stream()
                        .filter(o -> o.startedAfter(up) && o.ok())
                        .mapToLong(Outcome::endedNanos)
                        .min()
                        .orElse(Long.MAX_VALUE);
        System.out.println(
                "server restarted under load: "
                        + SteadyLoad.counts(outcomes)
                        + "\n  before the stop: "
                        + SteadyLoad.counts(startedIn(outcomes, 0, stopping))
                        + "\n  stopping ("
                        + (down - stopping) / 1_000_000
                        + " ms): "
                        + SteadyLoad.counts(startedIn(outcomes, stopping, down))
                        + "\n  down: "
                        + SteadyLoad.counts(startedIn(outcomes, down, restarting))
                        + ", slowest answer "
                        + whileDown.stream().mapToLong(Outcome::millis).max().orElse(0)
                        + " ms"
                        + "\n  starting ("
                        + (up - restarting) / 1_000_000
                        + " ms): "
                        + SteadyLoad.counts(startedIn(outcomes, restarting, up))
                        + "\n  up: "
                        + SteadyLoad.counts(startedIn(outcomes, up, Long.MAX_VALUE))
                        + ", first 2xx "
                        + (firstOkAfterUp - up) / 1_000_000
                        + " ms after the server was up");

        assertOnly2xxOrDatabaseUnavailable(outcomes);
        assertThat(readyWhileDown.status()).isEqualTo(503);
        assertThat(whileDown).isNotEmpty().allMatch(o -> o.status() == 503);
        // Fail fast: no request waits out more than two acquire attempts (2 s each) while it is
        // down.
        assertThat(whileDown).allMatch(o -> o.millis() < 5000);
        List<Outcome> afterUp =
                outcomes.stream().filter(o -> o.startedAfter(up + millis(2000))).toList();
        assertThat(afterUp).isNotEmpty().allMatch(Outcome::ok);
        assertListenConnectionIsBack();
    }

    private static List<Outcome> startedIn(List<Outcome> outcomes, long from, long to) {
        return outcomes.stream()
                .filter(o -> o.startedNanos() >= from && o.startedNanos() < to)
                .toList();
    }

    /** Every answer is a success or a well-formed {@code 503 database_unavailable}: no 500. */
    private static void assertOnly2xxOrDatabaseUnavailable(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome.ok()) {
                continue;
            }
            assertThat(outcome.status()).as(outcome.path() + ": " + outcome.body()).isEqualTo(503);
            assertThat(ApiTestEnvironment.JSON.readTree(outcome.body()).path("error").path("code"))
                    .hasToString("\"database_unavailable\"");
            assertThat(outcome.retryAfter()).as("Retry-After").isNotBlank();
        }
    }

    /** The API's LISTEN session (lifecycle events for SSE) reconnects by itself. */
    private static void assertListenConnectionIsBack() throws Exception {
        long deadline = System.nanoTime() + millis(20_000);
        int sessions = 0;
        while (System.nanoTime() < deadline) {
            sessions = sessionsOf("rend-api-events");
            if (sessions == 1) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(sessions).as("LISTEN sessions of rend-api-events").isEqualTo(1);
    }

    private static int terminateBackends() throws SQLException {
        return count(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }

    private static int sessionsOf(String applicationName) throws SQLException {
        return count(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + applicationName
                        + "'");
    }

    private static int count(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(
                                postgres.jdbcUrl(),
                                EmbeddedPostgresServer.USER,
                                EmbeddedPostgresServer.PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static long millis(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
