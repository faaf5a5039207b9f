package so.rend.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import so.rend.database.DatabaseSettings;
import so.rend.database.DatabaseUrl;
import so.rend.database.PostgresPool;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.S3Settings;
import so.rend.worker.config.MediaProperties;
import so.rend.worker.config.WorkerProperties;
import so.rend.worker.media.MediaProcessRunner;
import so.rend.worker.media.MediaTools;
import so.rend.worker.pipeline.DeleteAssetObjectsJob;
import so.rend.worker.pipeline.ProcessAssetJob;
import so.rend.worker.queue.JobWakeups;
import so.rend.worker.queue.MediaJob;
import so.rend.worker.queue.MediaJobQueue;
import so.rend.worker.queue.MediaJobRunner;
import so.rend.worker.queue.QueueListener;
import so.rend.worker.queue.RetryBackoff;

/**
 * Wires the worker. The queue uses blocking JDBC on its own threads: a job thread spends its life
 * waiting on ffmpeg anyway, and plain transactions keep the fencing and event writes easy to read.
 * The LISTEN session is the one R2DBC connection, because it pushes notifications without a poll.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    /** {@code rend.database}: the shared record, bound like the API binds it. */
    @Bean
    DatabaseSettings databaseSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate("rend.database", DatabaseSettings.class);
    }

    /** {@code rend.s3}: the shared record, bound like the API binds it. */
    @Bean
    S3Settings s3Settings(Environment environment) {
        return Binder.get(environment).bindOrCreate("rend.s3", S3Settings.class);
    }

    @Bean
    DatabaseUrl databaseUrl(DatabaseSettings database) {
        return database.databaseUrl();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(
            DatabaseUrl url, DatabaseSettings database, WorkerProperties worker) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setPoolName("rend-worker");
        // Claims, heartbeats and polls beside the job threads.
        config.setMaximumPoolSize(database.poolSizeOr(worker.concurrency() + 3));
        config.setMinimumIdle(1);
        config.addDataSourceProperty("ApplicationName", "rend-worker");
        // Start even when Postgres is not up yet: /readyz says so, and the runner keeps trying.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Bean
    JdbcTemplate jdbcTemplate(HikariDataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    TransactionTemplate transactionTemplate(HikariDataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(S3Settings s3) {
        return ObjectStore.create(s3.toConfig());
    }

    @Bean
    MediaTools mediaTools(MediaProperties media) {
        return MediaTools.locate(media.ffmpegPath(), media.ffprobePath());
    }

    @Bean
    MediaJobQueue mediaJobQueue(
            JdbcTemplate jdbc, TransactionTemplate transactions, WorkerProperties worker) {
        return new MediaJobQueue(
                jdbc,
                transactions,
                worker.lease(),
                new RetryBackoff(worker.retryBase(), worker.retryMax()));
    }

    @Bean
    JobWakeups jobWakeups() {
        return new JobWakeups();
    }

    @Bean
    QueueListener queueListener(DatabaseUrl url, JobWakeups wakeups, MediaJobRunner runner) {
        return new QueueListener(
                PostgresPool.connectionFactory(url, "rend-worker-listen"),
                wakeups,
                runner::assetDeleted);
    }

    @Bean
    PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    MediaJobRunner mediaJobRunner(
            MediaJobQueue queue,
            ProcessAssetJob processAsset,
            DeleteAssetObjectsJob deleteAssetObjects,
            JobWakeups wakeups,
            WorkerProperties worker,
            MediaTools tools,
            MediaProperties media,
            PrometheusMeterRegistry meters) {
        String owner = worker.id() == null || worker.id().isBlank() ? defaultOwner() : worker.id();
        Path workRoot =
                worker.workDir() == null || worker.workDir().isBlank()
                        ? Path.of(System.getProperty("java.io.tmpdir"), "rend-worker")
                        : Path.of(worker.workDir());
        MediaJobRunner.Settings settings =
                new MediaJobRunner.Settings(
                        owner,
                        worker.concurrency(),
                        worker.poll(),
                        worker.heartbeat(),
                        worker.shutdownGrace(),
                        workRoot);
        return new MediaJobRunner(
                queue,
                Map.of(
                        MediaJob.PROCESS_ASSET,
                        processAsset,
                        MediaJob.DELETE_ASSET_OBJECTS,
                        deleteAssetObjects),
                wakeups,
                settings,
                () -> new MediaProcessRunner(media.processTimeout(), tools.environment()),
                meters);
    }

    private static String defaultOwner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
