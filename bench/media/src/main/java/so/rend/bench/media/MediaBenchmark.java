package so.rend.bench.media;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import so.rend.database.DatabaseUrl;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.migrations.RendSchema;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;
import so.rend.worker.WorkerApplication;
import so.rend.worker.media.MediaProcessRunner;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.ProcessResult;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures the media path the way a user feels it: from the moment an upload is complete (the API's
 * transaction committed: asset, job and asset.created event) to asset.opener_ready and to
 * asset.hls_ready, and from enqueue to a worker's claim. Runs embedded PostgreSQL, S3Proxy and
 * rend-worker (bundled ffmpeg) in this JVM. All times come from PostgreSQL's clock (the rows' and
 * events' timestamps), so polling here adds nothing to them.
 */
public final class MediaBenchmark {

    private record Fixture(String name, int width, int height, int seconds) {}

    private static final List<Fixture> FIXTURES =
            List.of(
                    new Fixture("720p-10s", 1280, 720, 10),
                    new Fixture("1080p-60s", 1920, 1080, 60));
    private static final Fixture WARM_UP = new Fixture("warm-up-240p-2s", 320, 240, 2);
    private static final int PICKUP_SAMPLES = 20;

    public static void main(String[] args) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "rend-media-pipeline");
        report.put("started_at", Instant.now().toString());
        report.put("git_sha", env("REND_BENCH_GIT_SHA", "unknown"));
        report.put("git_dirty", Boolean.parseBoolean(env("REND_BENCH_GIT_DIRTY", "false")));
        report.put("host", hostFacts());
        report.put(
                "mode",
                "in-process: embedded PostgreSQL + S3Proxy + rend-worker (WorkerApplication.builder(), "
                        + "default settings, concurrency 1), one warm-up job before the measured uploads");

        Path work = Files.createTempDirectory("rend-bench-media-");
        MediaTools tools =
                MediaTools.locate(
                        System.getenv("REND_FFMPEG_PATH"), System.getenv("REND_FFPROBE_PATH"));
        report.put(
                "ffmpeg",
                firstLine(
                        run(tools, work, List.of(tools.ffmpeg().toString(), "-version"), true)
                                .stdout()));

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
                EmbeddedObjectStoreServer s3 = EmbeddedObjectStoreServer.startTemporary()) {
            DatabaseUrl url = DatabaseUrl.parse(postgres.url());
            RendSchema.migrate(url.jdbcUrl(), url.user(), url.password());
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(url.jdbcUrl());
            dataSource.setUsername(url.user());
            dataSource.setPassword(url.password());
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate tx =
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            String bucket = "rend-bench";
            ObjectStore store =
                    ObjectStore.create(
                            new ObjectStoreConfig(
                                    s3.endpoint(),
                                    EmbeddedObjectStoreServer.REGION,
                                    bucket,
                                    EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                                    EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                                    true,
                                    ObjectStoreConfig.DEFAULT_PART_BYTES));
            store.createBucketIfMissing().block();
            UUID account = UUID.randomUUID();
            jdbc.update("INSERT INTO rend.accounts (id, name) VALUES (?, 'bench')", account);

            List<Path> sources = new ArrayList<>();
            for (Fixture f : FIXTURES) {
                sources.add(fixture(tools, work, f));
            }

            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("REND_DATABASE_URL", postgres.url());
            properties.put("REND_S3_ENDPOINT", s3.endpoint().toString());
            properties.put("REND_S3_BUCKET", bucket);
            properties.put("REND_S3_ACCESS_KEY_ID", EmbeddedObjectStoreServer.ACCESS_KEY_ID);
            properties.put(
                    "REND_S3_SECRET_ACCESS_KEY", EmbeddedObjectStoreServer.SECRET_ACCESS_KEY);
            properties.put("REND_WORKER_PORT", "0");
            properties.put("REND_WORKER_WORK_DIR", work.resolve("worker").toString());
            try (ConfigurableApplicationContext worker =
                    WorkerApplication.builder().properties(properties).run()) {
                Thread.sleep(1000);
                // One small job first, so the numbers are a warm worker's (class loading and JIT of
                // the first job in a JVM cost a few hundred milliseconds once).
                measureUpload(jdbc, tx, store, account, WARM_UP, fixture(tools, work, WARM_UP));
                List<Object> results = new ArrayList<>();
                for (int i = 0; i < FIXTURES.size(); i++) {
                    results.add(
                            measureUpload(
                                    jdbc, tx, store, account, FIXTURES.get(i), sources.get(i)));
                }
                report.put("uploads", results);
                report.put("enqueue_to_pickup", measurePickup(jdbc, tx, store, account, work));
            }
            store.close();
            dataSource.close();
        }
        report.put(
                "load_average_1m_at_end",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.put("finished_at", Instant.now().toString());
        System.out.println(
                JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build()
                        .writeValueAsString(report));
        System.exit(0);
    }

    private static Map<String, Object> measureUpload(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            ObjectStore store,
            UUID account,
            Fixture fixture,
            Path source)
            throws Exception {
        long putStarted = System.nanoTime();
        UUID asset = upload(jdbc, tx, store, account, source, 5);
        double putSeconds = (System.nanoTime() - putStarted) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (!List.of("hls_ready", "failed")
                .contains(
                        jdbc.queryForObject(
                                "SELECT playable_state FROM rend.assets WHERE id = ?",
                                String.class,
                                asset))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(fixture.name() + " did not finish in 15 minutes");
            }
            Thread.sleep(20);
        }
        Map<String, Object> timings =
                jdbc.queryForMap(
                        """
                SELECT extract(epoch FROM (SELECT min(created_at) FROM rend.asset_events
                          WHERE asset_id = a.id AND event_type = 'media_job.started') - a.created_at) AS started,
                       extract(epoch FROM (SELECT created_at FROM rend.asset_events
                          WHERE asset_id = a.id AND event_type = 'asset.opener_ready') - a.created_at) AS opener,
                       extract(epoch FROM (SELECT created_at FROM rend.asset_events
                          WHERE asset_id = a.id AND event_type = 'asset.hls_ready') - a.created_at) AS hls,
                       a.duration_ms, a.playable_state, a.source_byte_size,
                       (SELECT payload->>'renditions' FROM rend.asset_events
                          WHERE asset_id = a.id AND event_type = 'asset.hls_ready') AS renditions
                FROM rend.assets a WHERE a.id = ?
                """,
                        asset);
        double duration = ((Number) timings.get("duration_ms")).doubleValue() / 1000;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fixture", fixture.name());
        result.put("width", fixture.width());
        result.put("height", fixture.height());
        result.put("duration_s", duration);
        result.put("has_audio", true);
        result.put("source_bytes", timings.get("source_byte_size"));
        result.put("state", timings.get("playable_state"));
        result.put("renditions", timings.get("renditions"));
        result.put("source_put_s", round(putSeconds));
        double started = number(timings.get("started"));
        double opener = number(timings.get("opener"));
        double hls = number(timings.get("hls"));
        result.put("upload_complete_to_job_started_s", round(started));
        result.put("upload_complete_to_opener_ready_s", round(opener));
        result.put(
                "upload_complete_to_opener_ready_fraction_of_duration", round(opener / duration));
        result.put("upload_complete_to_hls_ready_s", round(hls));
        result.put("upload_complete_to_hls_ready_fraction_of_duration", round(hls / duration));
        result.put("ladder_speed_x_realtime", round(duration / (hls - opener)));
        System.err.println("bench: " + result);
        return result;
    }

    /**
     * Idle worker, one tiny job at a time: the time from the job row's commit to the worker's
     * claim.
     */
    private static Map<String, Object> measurePickup(
            JdbcTemplate jdbc, TransactionTemplate tx, ObjectStore store, UUID account, Path work)
            throws Exception {
        Path garbage = work.resolve("not-a-video.bin");
        Files.write(garbage, new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < PICKUP_SAMPLES; i++) {
            Thread.sleep(250);
            UUID asset = upload(jdbc, tx, store, account, garbage, 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Double ms = null;
            while (ms == null && System.nanoTime() < deadline) {
                ms =
                        jdbc.query(
                                """
                        SELECT extract(epoch FROM e.created_at - j.created_at) * 1000 FROM rend.asset_events e
                        JOIN rend.media_jobs j ON j.asset_id = e.asset_id
                        WHERE e.asset_id = ? AND e.event_type = 'media_job.started'
                        """,
                                rs -> rs.next() ? rs.getDouble(1) : null,
                                asset);
                Thread.sleep(5);
            }
            if (ms == null) {
                throw new IllegalStateException(
                        "job of asset " + asset + " was not picked up in 10 s");
            }
            millis.add(ms);
        }
        List<Double> sorted = millis.stream().sorted().toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("samples", sorted.size());
        result.put(
                "what",
                "job row committed (media_jobs.created_at) → claim transaction of the idle worker "
                        + "(media_job.started event), via LISTEN/NOTIFY; fallback poll 5 s");
        result.put("min_ms", round(sorted.get(0)));
        result.put("median_ms", round(sorted.get(sorted.size() / 2)));
        result.put("p95_ms", round(sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1)));
        result.put("max_ms", round(sorted.get(sorted.size() - 1)));
        return result;
    }

    /**
     * The API's side of an upload: the object first, then one transaction with asset, source
     * artifact, job and event.
     */
    private static UUID upload(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            ObjectStore store,
            UUID account,
            Path source,
            int maxAttempts)
            throws IOException {
        UUID asset = UUID.randomUUID();
        String key = "sources/" + asset + "/source";
        long size = Files.size(source);
        store.putFile(key, "video/mp4", source).block();
        tx.executeWithoutResult(
                status -> {
                    jdbc.update(
                            """
                    INSERT INTO rend.assets (id, account_id, source_state, playable_state, source_object_key,
                        source_content_type, source_byte_size) VALUES (?, ?, 'uploaded', 'not_playable', ?, 'video/mp4', ?)
                    """,
                            asset,
                            account,
                            key,
                            size);
                    jdbc.update(
                            "INSERT INTO rend.artifacts (id, asset_id, kind, object_key, content_type, byte_size) "
                                    + "VALUES (?, ?, 'source', ?, 'video/mp4', ?)",
                            UUID.randomUUID(),
                            asset,
                            key,
                            size);
                    jdbc.update(
                            "INSERT INTO rend.media_jobs (id, asset_id, kind, max_attempts) VALUES (?, ?, 'process_asset', ?)",
                            UUID.randomUUID(),
                            asset,
                            maxAttempts);
                    jdbc.update(
                            "INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type) "
                                    + "VALUES (?, ?, ?, 'asset.created')",
                            UUID.randomUUID(),
                            account,
                            asset);
                });
        return asset;
    }

    private static Path fixture(MediaTools tools, Path dir, Fixture f) {
        Path out = dir.resolve(f.name() + ".mp4");
        long started = System.nanoTime();
        ProcessResult result =
                run(
                        tools,
                        dir,
                        List.of(
                                tools.ffmpeg().toString(),
                                "-hide_banner",
                                "-nostdin",
                                "-y",
                                "-loglevel",
                                "error",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=size="
                                        + f.width()
                                        + "x"
                                        + f.height()
                                        + ":rate=30:duration="
                                        + f.seconds(),
                                "-f",
                                "lavfi",
                                "-i",
                                "sine=frequency=440:sample_rate=48000:duration=" + f.seconds(),
                                "-c:v",
                                "libx264",
                                "-preset",
                                "veryfast",
                                "-crf",
                                "20",
                                "-pix_fmt",
                                "yuv420p",
                                "-g",
                                "60",
                                "-c:a",
                                "aac",
                                "-b:a",
                                "128k",
                                "-movflags",
                                "+faststart",
                                out.toString()),
                        false);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "fixture " + f.name() + " failed: " + result.stderrTail());
        }
        System.err.printf(
                "bench: generated %s in %.1f s%n", f.name(), (System.nanoTime() - started) / 1e9);
        return out;
    }

    private static ProcessResult run(
            MediaTools tools, Path dir, List<String> command, boolean keepStdout) {
        return new MediaProcessRunner(Duration.ofMinutes(20), tools.environment())
                .run(command, dir, keepStdout);
    }

    private static Map<String, Object> hostFacts() {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("cpus", Runtime.getRuntime().availableProcessors());
        host.put("cpu_model", cpuModel());
        host.put(
                "memory_total_bytes",
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize());
        host.put(
                "load_average_1m_at_start",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        host.put(
                "os",
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"));
        host.put(
                "java",
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"));
        return host;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
