package so.rend.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 wire-protocol server (S3Proxy) storing objects as files under a directory, on loopback.
 * Rend talks to it through the same AWS SDK path it uses for MinIO, Tigris or AWS S3.
 */
public final class EmbeddedObjectStoreServer implements AutoCloseable {

    public static final String ACCESS_KEY_ID = "rend-local";
    public static final String SECRET_ACCESS_KEY = "rend-local-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final Path directory;

    private EmbeddedObjectStoreServer(S3Proxy proxy, Path directory) {
        this.proxy = proxy;
        this.directory = directory;
    }

    /** Starts a server keeping objects in a new temporary directory, on a free port. */
    public static EmbeddedObjectStoreServer startTemporary() {
        try {
            return start(Files.createTempDirectory("rend-s3-"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server keeping objects under {@code directory} (one sub-directory per bucket), on
     * {@code port} (0 picks a free one). Another process listening on the port is refused with a
     * {@link StartRefusedException}.
     */
    public static EmbeddedObjectStoreServer start(Path directory, int port) {
        if (port > 0 && LoopbackPort.inUse(port)) {
            throw new StartRefusedException(
                    StartRefusedException.Reason.PORT_IN_USE,
                    port,
                    "port " + port + " is in use by another process");
        }
        try {
            Files.createDirectories(directory);
            S3Proxy proxy =
                    S3Proxy.builder()
                            .blobStore(
                                    new FilesystemNio2BlobStore(
                                            directory.toAbsolutePath().toString()))
                            .endpoint(URI.create("http://127.0.0.1:" + port))
                            .awsAuthentication(
                                    AuthenticationType.AWS_V2_OR_V4,
                                    ACCESS_KEY_ID,
                                    SECRET_ACCESS_KEY)
                            .ignoreUnknownHeaders(true)
                            .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(5);
            }
            return new EmbeddedObjectStoreServer(proxy, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public int port() {
        return proxy.getPort();
    }

    /** Where the objects of {@code bucket} live on disk. */
    public Path bucketDirectory(String bucket) {
        return directory.resolve(bucket);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
