package so.rend.worker.media;

/**
 * A finished run: exit code, what it printed on stdout (when asked to keep it), the tail of stderr.
 */
public record ProcessResult(int exitCode, String stdout, String stderrTail, long elapsedMillis) {}
