package so.rend.worker;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import so.rend.assetevents.AssetEventRecord;
import so.rend.assetevents.AssetEventType;
import so.rend.database.DatabaseUrl;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.migrations.RendSchema;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;
import so.rend.worker.media.MediaProcessRunner;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.ProcessResult;

/**
 * Real PostgreSQL (embedded binaries), a real S3 wire-protocol server (S3Proxy) and the bundled
 * ffmpeg, plus the API's side of an upload, for the worker's integration tests and the benchmark.
 */
public final class MediaTestbed implements AutoCloseable {

    /** What the worker's port wants on everything but its probes. */
    public static final String INTERNAL_TOKEN = "worker-test-internal-token";

    public final EmbeddedPostgresServer postgres;
    public final EmbeddedObjectStoreServer s3;
    public final ObjectStore store;
    public final String bucket;
    public final JdbcTemplate jdbc;
    private final HikariDataSource dataSource;
    public final TransactionTemplate transactions;
    public final MediaTools tools;
    public final UUID accountId = UUID.randomUUID();
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

    public MediaTestbed() {
        postgres = EmbeddedPostgresServer.startTemporary();
        s3 = EmbeddedObjectStoreServer.startTemporary();
        DatabaseUrl url = DatabaseUrl.parse(postgres.url());
        RendSchema.migrate(url.jdbcUrl(), url.user(), url.password());
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url.jdbcUrl());
        dataSource.setUsername(url.user());
        dataSource.setPassword(url.password());
        dataSource.setMaximumPoolSize(16);
        dataSource.setPoolName("testbed");
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        bucket = "rend-test-" + UUID.randomUUID().toString().substring(0, 8);
        store =
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
        tools = MediaTools.locate(null, null);
        jdbc.update("INSERT INTO rend.accounts (id, name) VALUES (?, 'testbed')", accountId);
    }

    /**
     * The properties a worker needs to reach this testbed, as the embedded mode would pass them.
     */
    public Map<String, Object> workerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("REND_DATABASE_URL", postgres.url());
        properties.put("REND_S3_ENDPOINT", s3.endpoint().toString());
        properties.put("REND_S3_REGION", EmbeddedObjectStoreServer.REGION);
        properties.put("REND_S3_BUCKET", bucket);
        properties.put("REND_S3_ACCESS_KEY_ID", EmbeddedObjectStoreServer.ACCESS_KEY_ID);
        properties.put("REND_S3_SECRET_ACCESS_KEY", EmbeddedObjectStoreServer.SECRET_ACCESS_KEY);
        properties.put("REND_S3_FORCE_PATH_STYLE", "true");
        properties.put("REND_WORKER_PORT", "0");
        properties.put("REND_INTERNAL_TOKEN", INTERNAL_TOKEN);
        return properties;
    }

    public ConfigurableApplicationContext startWorker(Map<String, Object> overrides) {
        return startWorker(overrides, new Class<?>[0]);
    }

    /** A worker with {@code extraSources} (test routes, say) in its application context too. */
    public ConfigurableApplicationContext startWorker(
            Map<String, Object> overrides, Class<?>... extraSources) {
        Map<String, Object> properties = workerProperties();
        properties.putAll(overrides);
        ConfigurableApplicationContext context =
                WorkerApplication.builder().sources(extraSources).properties(properties).run();
        workers.add(context);
        return context;
    }

    /**
     * Generates a test-pattern video (with a sine tone when {@code audio}) with ffmpeg's lavfi
     * sources.
     */
    public Path fixture(Path dir, String name, int width, int height, int seconds, boolean audio) {
        return fixture(dir, name, width, height, 30, seconds, audio);
    }

    /** {@link #fixture(Path, String, int, int, int, boolean)} at {@code fps} frames a second. */
    public Path fixture(
            Path dir, String name, int width, int height, int fps, int seconds, boolean audio) {
        Path out = dir.resolve(name);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=size="
                                        + width
                                        + "x"
                                        + height
                                        + ":rate="
                                        + fps
                                        + ":duration="
                                        + seconds));
        if (audio) {
            args.addAll(
                    List.of(
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=440:sample_rate=48000:duration=" + seconds));
        }
        args.addAll(
                List.of(
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-g",
                        Integer.toString(2 * fps)));
        if (audio) {
            args.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
        }
        args.addAll(List.of("-movflags", "+faststart", out.toString()));
        ffmpeg(dir, args);
        return out;
    }

    /** Runs the bundled ffmpeg quietly in {@code dir}; throws when it fails. */
    public void ffmpeg(Path dir, List<String> args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                tools.ffmpeg().toString(),
                                "-hide_banner",
                                "-nostdin",
                                "-y",
                                "-loglevel",
                                "error"));
        command.addAll(args);
        ProcessResult result =
                new MediaProcessRunner(Duration.ofMinutes(5), tools.environment())
                        .run(command, dir, false);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + result.stderrTail());
        }
    }

    /** ffprobe's JSON about a file. */
    public String probe(Path file) {
        ProcessResult result =
                new MediaProcessRunner(Duration.ofMinutes(1), tools.environment())
                        .run(
                                List.of(
                                        tools.ffprobe().toString(),
                                        "-v",
                                        "error",
                                        "-print_format",
                                        "json",
                                        "-show_format",
                                        "-show_streams",
                                        file.toString()),
                                file.getParent(),
                                true);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "ffprobe failed on " + file + ": " + result.stderrTail());
        }
        return result.stdout();
    }

    public record Upload(UUID assetId, UUID jobId) {}

    /**
     * What the API does on upload: the source object, then asset + source artifact + job + event in
     * one transaction.
     */
    public Upload upload(Path source, int maxAttempts) {
        return upload(source, "video/mp4", maxAttempts);
    }

    /**
     * {@link #upload(Path, int)} with the object stored under {@code contentType}, which S3 serves
     * back to ffmpeg (whose HLS probe, for one, looks at it). The API would refuse anything but
     * {@code video/*}; the worker must not rely on that.
     */
    public Upload upload(Path source, String contentType, int maxAttempts) {
        UUID assetId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String key = AssetObjectKeys.source(assetId);
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store.putFile(key, contentType, source).block();
        transactions.executeWithoutResult(
                status -> {
                    jdbc.update(
                            """
                    INSERT INTO rend.assets (id, account_id, source_state, playable_state, source_object_key,
                        source_content_type, source_byte_size)
                    VALUES (?, ?, 'uploaded', 'not_playable', ?, 'video/mp4', ?)
                    """,
                            assetId,
                            accountId,
                            key,
                            size);
                    jdbc.update(
                            """
                    INSERT INTO rend.artifacts (id, asset_id, kind, object_key, content_type, byte_size)
                    VALUES (?, ?, 'source', ?, 'video/mp4', ?)
                    """,
                            UUID.randomUUID(),
                            assetId,
                            key,
                            size);
                    jdbc.update(
                            "INSERT INTO rend.media_jobs (id, asset_id, kind, max_attempts) VALUES (?, ?, 'process_asset', ?)",
                            jobId,
                            assetId,
                            maxAttempts);
                    new NamedParameterJdbcTemplate(jdbc)
                            .update(
                                    AssetEventRecord.INSERT,
                                    AssetEventRecord.of(
                                                    accountId,
                                                    assetId,
                                                    AssetEventType.ASSET_CREATED,
                                                    Map.of())
                                            .parameters());
                });
        return new Upload(assetId, jobId);
    }

    public String playableState(UUID assetId) {
        return jdbc.queryForObject(
                "SELECT playable_state FROM rend.assets WHERE id = ?", String.class, assetId);
    }

    public String jobState(UUID jobId) {
        return jdbc.queryForObject(
                "SELECT state FROM rend.media_jobs WHERE id = ?", String.class, jobId);
    }

    public int events(UUID assetId, AssetEventType type) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM rend.asset_events WHERE asset_id = ? AND event_type = ?",
                Integer.class,
                assetId,
                type.wireName());
    }

    /**
     * An ffmpeg stand-in that runs the real one at the input's native rate ({@code -re}) for the
     * commands whose text contains {@code slowWhen}, and as a child of a shell (not exec'd), so
     * killing only the direct child would leave ffmpeg behind.
     */
    public Path slowFfmpeg(Path dir, String slowWhen) {
        Path script =
                dir.resolve("slow-ffmpeg-" + UUID.randomUUID().toString().substring(0, 8) + ".sh");
        String text =
                "#!/bin/sh\n"
                        + "case \"$*\" in\n"
                        + "  *'"
                        + slowWhen
                        + "'*) '"
                        + tools.ffmpeg()
                        + "' -re \"$@\"; exit $? ;;\n"
                        + "  *) exec '"
                        + tools.ffmpeg()
                        + "' \"$@\" ;;\n"
                        + "esac\n";
        try {
            Files.writeString(script, text);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return script;
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext worker : workers) {
            if (worker.isActive()) {
                worker.close();
            }
        }
        store.close();
        dataSource.close();
        s3.close();
        postgres.close();
    }
}
