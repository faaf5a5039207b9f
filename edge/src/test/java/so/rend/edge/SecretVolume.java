package so.rend.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out as the kubelet lays out a mounted Secret of type kubernetes.io/tls: the data
 * in a timestamped directory, a {@code ..data} symlink to it, and {@code tls.crt} / {@code tls.key}
 * as symlinks through {@code ..data}. An update writes a new timestamped directory and swaps {@code
 * ..data} with one rename, as the kubelet's atomic writer does.
 */
final class SecretVolume {

    private final Path dir;
    private final AtomicInteger generation = new AtomicInteger();

    SecretVolume(Path dir, String certificatePem, String keyPem) {
        this.dir = dir;
        try {
            Path data = writeGeneration(certificatePem, keyPem);
            Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
            Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data", "tls.crt"));
            Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data", "tls.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path certificateFile() {
        return dir.resolve("tls.crt");
    }

    Path keyFile() {
        return dir.resolve("tls.key");
    }

    /** Replaces both files at once, the way a renewed Secret reaches the pod. */
    void update(String certificatePem, String keyPem) {
        try {
            Path old = dir.resolve("..data").toRealPath();
            Path data = writeGeneration(certificatePem, keyPem);
            Path tmp = dir.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, data.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(old.resolve("tls.crt"));
            Files.delete(old.resolve("tls.key"));
            Files.delete(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeGeneration(String certificatePem, String keyPem) throws IOException {
        Path data =
                Files.createDirectory(
                        dir.resolve("..2026_11_30_00_00_00." + generation.incrementAndGet()));
        Files.writeString(data.resolve("tls.crt"), certificatePem);
        Files.writeString(data.resolve("tls.key"), keyPem);
        return data;
    }
}
