package so.rend.worker.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.ProcessResult;
import so.rend.worker.media.SourceFormats;
import so.rend.worker.queue.JobRun;

/**
 * One ffmpeg run of the pipeline, under the run's lease; a non-zero exit is {@code encode_failed}.
 */
final class EncodingStep {

    private static final Logger log = LoggerFactory.getLogger(EncodingStep.class);

    private EncodingStep() {}

    /** Runs {@code command}; {@code step} names it in errors and logs ({@code ladder}, …). */
    static void run(JobRun run, List<String> command, String step) {
        run.checkStillOwned();
        ProcessResult result = run.processes().run(command, run.workDir(), false);
        run.checkStillOwned();
        if (result.exitCode() != 0) {
            throw failed(step, result, run.workDir());
        }
        log.debug("job {} {} encoded in {} ms", run.job().id(), step, result.elapsedMillis());
    }

    /**
     * {@code encode_failed}, or {@code unsupported_container} when a whitelist refused an open: the
     * source asked for something no retry will grant.
     */
    static MediaFailure failed(String step, ProcessResult result, Path workDir) {
        Optional<MediaFailure> refused = SourceFormats.refusal(result.stderrTail());
        if (refused.isPresent()) {
            return refused.get();
        }
        return new MediaFailure(
                MediaFailure.ENCODE_FAILED,
                true,
                "ffmpeg ("
                        + step
                        + ") exited with "
                        + result.exitCode()
                        + ": "
                        + redact(result.stderrTail(), workDir));
    }

    /** ffmpeg's stderr without the worker's local paths (the runner already took out URLs). */
    static String redact(String stderr, Path workDir) {
        return stderr.replace(workDir.toString() + "/", "").strip();
    }
}
