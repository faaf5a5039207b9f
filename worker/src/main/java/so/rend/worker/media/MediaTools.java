package so.rend.worker.media;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;

/**
 * Where ffmpeg and ffprobe are: the configured paths, else the build bundled in the org.bytedeco
 * jar.
 *
 * @param environment extra environment for every run (the bundled build finds its shared libraries
 *     through {@code LD_LIBRARY_PATH})
 */
public record MediaTools(Path ffmpeg, Path ffprobe, Map<String, String> environment) {

    public static MediaTools locate(String ffmpegPath, String ffprobePath) {
        if (!blank(ffmpegPath) && !blank(ffprobePath)) {
            return executables(Path.of(ffmpegPath), Path.of(ffprobePath), Map.of());
        }
        Path bundledFfmpeg = bundled(ffmpeg.class);
        Path bundledFfprobe = bundled(ffprobe.class);
        Path libraries = bundledFfmpeg.getParent();
        linkMissingSonames(libraries);
        return executables(
                blank(ffmpegPath) ? bundledFfmpeg : Path.of(ffmpegPath),
                blank(ffprobePath) ? bundledFfprobe : Path.of(ffprobePath),
                Map.of("LD_LIBRARY_PATH", libraries.toString()));
    }

    private static MediaTools executables(
            Path ffmpeg, Path ffprobe, Map<String, String> environment) {
        for (Path tool : new Path[] {ffmpeg, ffprobe}) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is not an executable file");
            }
        }
        return new MediaTools(ffmpeg, ffprobe, environment);
    }

    /**
     * {@code tool} is the JavaCPP class named after the executable ({@code ffmpeg}, {@code
     * ffprobe}).
     */
    private static Path bundled(Class<?> tool) {
        // Extracts the executable (and the shared libraries it needs) into the JavaCPP cache once.
        // The JNI libraries load too, which needs libpulse.so.0 (Debian: libpulse0) on the machine.
        return Path.of(Loader.load(tool));
    }

    /**
     * The bytedeco jar ships libva as {@code libva.so} while libavutil asks for {@code libva.so.2}
     * (no RUNPATH there), so the executables would not start on a machine without libva2.
     */
    private static void linkMissingSonames(Path libraries) {
        for (String[] link :
                new String[][] {{"libva.so.2", "libva.so"}, {"libva-drm.so.2", "libva-drm.so"}}) {
            Path soname = libraries.resolve(link[0]);
            Path file = libraries.resolve(link[1]);
            if (Files.exists(file) && !Files.exists(soname)) {
                try {
                    Files.createSymbolicLink(soname, file.getFileName());
                } catch (FileAlreadyExistsException raced) {
                    // Another worker in this JVM made it first.
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "could not link " + soname + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
