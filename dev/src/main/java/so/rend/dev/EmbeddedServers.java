package so.rend.dev;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import so.rend.clickhouse.EmbeddedClickHouseServer;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.embedded.StartRefusedException;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;

/**
 * The embedded PostgreSQL and object store, and the machine's ClickHouse when one is installed.
 * PostgreSQL's data folder and port are claimed first (a server a killed run left there is stopped;
 * a refusal comes before anything prints a line), then the servers start side by side: a start, and
 * a restart after a crash, waits for the slowest one rather than for each in turn. ClickHouse is
 * optional: without it (or when it fails to start, said on stderr) analytics are off, the rest
 * runs.
 */
final class EmbeddedServers implements AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedObjectStoreServer s3;
    private final Optional<EmbeddedClickHouseServer> clickhouse;

    private EmbeddedServers(
            EmbeddedPostgresServer postgres,
            EmbeddedObjectStoreServer s3,
            Optional<EmbeddedClickHouseServer> clickhouse) {
        this.postgres = postgres;
        this.s3 = s3;
        this.clickhouse = clickhouse;
    }

    static EmbeddedServers start(DevSettings settings) {
        EmbeddedPostgresServer.Claimed claimed;
        try {
            claimed =
                    EmbeddedPostgresServer.claim(
                            settings.dataDirectory().resolve("postgres"), settings.postgresPort());
        } catch (StartRefusedException e) {
            throw StartRefusal.of(e, "REND_EMBEDDED_POSTGRES_PORT");
        }
        CompletableFuture<EmbeddedObjectStoreServer> objectStore =
                background("object-store", () -> startObjectStore(settings));
        CompletableFuture<Optional<EmbeddedClickHouseServer>> clickhouse =
                background("clickhouse", () -> startClickHouse(settings));
        EmbeddedPostgresServer postgres;
        try {
            postgres = claimed.start();
        } catch (RuntimeException e) {
            objectStore.thenAccept(EmbeddedObjectStoreServer::close);
            clickhouse.thenAccept(c -> c.ifPresent(EmbeddedClickHouseServer::close));
            throw e;
        }
        try {
            return new EmbeddedServers(postgres, objectStore.join(), clickhouse.join());
        } catch (CompletionException e) {
            postgres.close();
            clickhouse.thenAccept(c -> c.ifPresent(EmbeddedClickHouseServer::close));
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static <T> CompletableFuture<T> background(String name, Supplier<T> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                result.complete(start.get());
                            } catch (RuntimeException | Error e) {
                                result.completeExceptionally(e);
                            }
                        },
                        "rend-dev-" + name + "-start");
        starter.setDaemon(true);
        starter.start();
        return result;
    }

    private static Optional<EmbeddedClickHouseServer> startClickHouse(DevSettings settings) {
        if (!settings.startsClickHouse()) {
            return Optional.empty();
        }
        Optional<List<String>> command =
                EmbeddedClickHouseServer.findCommand(settings.clickhouseExecutable());
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    EmbeddedClickHouseServer.start(
                            command.get(),
                            settings.dataDirectory().resolve("clickhouse"),
                            settings.clickhousePort()));
        } catch (RuntimeException e) {
            System.err.println(
                    "rend-dev: analytics off, clickhouse-server did not start: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static EmbeddedObjectStoreServer startObjectStore(DevSettings settings) {
        EmbeddedObjectStoreServer s3;
        try {
            s3 =
                    EmbeddedObjectStoreServer.start(
                            settings.dataDirectory().resolve("objects"), settings.s3Port());
        } catch (StartRefusedException e) {
            throw StartRefusal.of(e, "REND_EMBEDDED_S3_PORT");
        }
        try {
            createBucket(s3);
            return s3;
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    private static void createBucket(EmbeddedObjectStoreServer s3) {
        ObjectStore store =
                ObjectStore.create(
                        new ObjectStoreConfig(
                                s3.endpoint(),
                                EmbeddedObjectStoreServer.REGION,
                                DevSettings.BUCKET,
                                EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                                EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                                true,
                                ObjectStoreConfig.DEFAULT_PART_BYTES));
        try {
            store.createBucketIfMissing().block();
        } finally {
            // The client's close waits out its event loop's quiet period (about 2 s): not on the
            // way to the services' start.
            Thread closer = new Thread(store::close, "rend-dev-bucket-client-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    EmbeddedPostgresServer postgres() {
        return postgres;
    }

    EmbeddedObjectStoreServer s3() {
        return s3;
    }

    Optional<EmbeddedClickHouseServer> clickhouse() {
        return clickhouse;
    }

    @Override
    public void close() {
        try {
            clickhouse.ifPresent(EmbeddedClickHouseServer::close);
            s3.close();
        } finally {
            postgres.close();
        }
    }
}
