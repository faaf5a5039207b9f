package so.rend.worker.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A run's scratch directory under the work root: made fresh for the run, removed after it. */
final class WorkDirectories {

    private WorkDirectories() {}

    static Path create(Path workRoot, MediaJob job) {
        try {
            Files.createDirectories(workRoot);
            return Files.createTempDirectory(workRoot, "job-" + job.id() + "-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a work directory under " + workRoot, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // Best effort: the work root is scratch space.
                                }
                            });
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
