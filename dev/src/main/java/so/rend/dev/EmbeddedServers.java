package so.rend.dev;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import so.rend.embedded.EmbeddedObjectStoreServer;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.embedded.StartRefusedException;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectStoreConfig;

/**
 * The embedded PostgreSQL and object store. PostgreSQL's data folder and port are claimed first (a
 * server a killed run left there is stopped; a refusal comes before anything prints a line), then
 * both servers start side by side: a start, and a restart after a crash, waits for the slower one
 * rather than for both in turn.
 */
final class EmbeddedServers implements AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedObjectStoreServer s3;

    private EmbeddedServers(EmbeddedPostgresServer postgres, EmbeddedObjectStoreServer s3) {
        this.postgres = postgres;
        this.s3 = s3;
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
        CompletableFuture<EmbeddedObjectStoreServer> objectStore = new CompletableFuture<>();
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                objectStore.complete(startObjectStore(settings));
                            } catch (RuntimeException | Error e) {
                                objectStore.completeExceptionally(e);
                            }
                        },
                        "rend-dev-object-store-start");
        starter.setDaemon(true);
        starter.start();
        EmbeddedPostgresServer postgres;
        try {
            postgres = claimed.start();
        } catch (RuntimeException e) {
            objectStore.thenAccept(EmbeddedObjectStoreServer::close);
            throw e;
        }
        try {
            return new EmbeddedServers(postgres, objectStore.join());
        } catch (CompletionException e) {
            postgres.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
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

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            postgres.close();
        }
    }
}
