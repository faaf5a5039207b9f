package so.rend.dev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import so.rend.worker.media.MediaTools;

/**
 * The embedded mode's helper commands, so the walk-through needs nothing installed: {@code fixture
 * FILE [SECONDS]} makes a test video (H.264 + AAC, 1280x720), and {@code ffmpeg …} / {@code ffprobe
 * …} run the bundled builds the worker uses.
 */
final class BundledTools {

    private BundledTools() {}

    static int run(String[] args) throws Exception {
        MediaTools tools =
                MediaTools.locate(
                        System.getenv("REND_FFMPEG_PATH"), System.getenv("REND_FFPROBE_PATH"));
        List<String> command = new ArrayList<>();
        switch (args[0]) {
            case "fixture" -> {
                if (args.length < 2) {
                    System.err.println("usage: fixture FILE [SECONDS]");
                    return 2;
                }
                String seconds = args.length > 2 ? args[2] : "6";
                command.addAll(
                        List.of(
                                tools.ffmpeg().toString(),
                                "-hide_banner",
                                "-loglevel",
                                "error",
                                "-y",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=size=1280x720:rate=30:duration=" + seconds,
                                "-f",
                                "lavfi",
                                "-i",
                                "sine=frequency=440:duration=" + seconds,
                                "-c:v",
                                "libx264",
                                "-preset",
                                "veryfast",
                                "-pix_fmt",
                                "yuv420p",
                                "-c:a",
                                "aac",
                                "-shortest",
                                "-movflags",
                                "+faststart",
                                args[1]));
            }
            case "ffmpeg" -> command.add(tools.ffmpeg().toString());
            case "ffprobe" -> command.add(tools.ffprobe().toString());
            default -> {
                System.err.println(
                        "commands: fixture FILE [SECONDS] | ffmpeg ARGS... | ffprobe ARGS...  (no command: run Rend)");
                return 2;
            }
        }
        if (!args[0].equals("fixture")) {
            command.addAll(Arrays.asList(args).subList(1, args.length));
        }
        ProcessBuilder process = new ProcessBuilder(command).inheritIO();
        process.environment().putAll(tools.environment());
        int exit = process.start().waitFor();
        if (exit == 0 && args[0].equals("fixture")) {
            System.out.println(args[1]);
        }
        return exit;
    }
}
