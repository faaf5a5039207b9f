package so.rend.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ffmpeg and ffprobe runs a killed earlier start left behind, and their scratch. The worker
 * runs each in a job directory under the work root; a JVM killed with SIGKILL leaves them encoding
 * for nobody (the job runs again once its lease expires). A start, which by then holds this data
 * directory, stops every ffmpeg or ffprobe working in that root and empties it.
 */
final class LeftoverMediaRuns {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverMediaRuns.class);

    private LeftoverMediaRuns() {}

    static void stopAndClear(Path workRoot) {
        if (!Files.isDirectory(workRoot)) {
            return;
        }
        Path root = realPath(workRoot);
        List<ProcessHandle> leftovers =
                ProcessHandle.allProcesses()
                        .filter(LeftoverMediaRuns::isMediaTool)
                        .filter(
                                process ->
                                        workingDirectory(process)
                                                .filter(cwd -> cwd.startsWith(root))
                                                .isPresent())
                        .toList();
        for (ProcessHandle process : leftovers) {
            LOG.info(
                    "stopping {} (pid {}), left running in {} by a process that did not shut down",
                    process.info().command().orElse("a media process"),
                    process.pid(),
                    root);
            process.destroyForcibly();
        }
        clear(root);
    }

    /** ffmpeg or ffprobe, the bundled builds or any build whose name says so. */
    private static boolean isMediaTool(ProcessHandle process) {
        String name =
                process.info()
                        .command()
                        .map(command -> Path.of(command).getFileName().toString())
                        .orElse("");
        return name.contains("ffmpeg") || name.contains("ffprobe");
    }

    /** {@code /proc/<pid>/cwd}; empty where there is no such file or it cannot be read. */
    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Path.of("/proc", Long.toString(process.pid()), "cwd").toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static void clear(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(root))
                    .forEach(LeftoverMediaRuns::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + root, e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
