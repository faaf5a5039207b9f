package so.rend.embedded;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a PostgreSQL server writes to {@code postmaster.pid} in its data directory while it runs:
 * its process id (line 1), the data directory (line 2) and the port (line 4). The server removes
 * the file when it shuts down cleanly, so a file that is there after its process died is stale.
 *
 * @param pid the postmaster's process id
 * @param dataDirectory the data directory as the server named it
 * @param port the TCP port, or 0 when the server had not written it yet
 */
public record PostmasterPidFile(long pid, Path dataDirectory, int port) {

    public static final String FILE_NAME = "postmaster.pid";

    /**
     * The file's facts, or empty when it is not a pid file a server finished writing the first
     * lines of (empty, cut short, not numbers): such a file names no process anybody could check.
     */
    public static Optional<PostmasterPidFile> parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || lines[1].isBlank()) {
            return Optional.empty();
        }
        long pid;
        try {
            // Servers before 10 wrote a negative pid for a single-user backend.
            pid = Math.abs(Long.parseLong(lines[0].trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (pid <= 1) {
            return Optional.empty();
        }
        return Optional.of(new PostmasterPidFile(pid, Path.of(lines[1].trim()), port(lines)));
    }

    private static int port(String[] lines) {
        if (lines.length < 4) {
            return 0;
        }
        try {
            int port = Integer.parseInt(lines[3].trim());
            return port > 0 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
