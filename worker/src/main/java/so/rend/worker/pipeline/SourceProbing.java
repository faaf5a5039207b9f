package so.rend.worker.pipeline;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import so.rend.worker.media.FfmpegCommands;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.ProbeParser;
import so.rend.worker.media.ProcessResult;
import so.rend.worker.media.SourceFormats;
import so.rend.worker.media.SourceInput;
import so.rend.worker.media.SourceLimits;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.JobRun;

/**
 * ffprobe's verdict on a source. It reads the same input as the opener's encode (the presigned URL
 * while the source downloads), on its own thread; when it cannot read the URL, the downloaded file
 * decides whether the source is really not a video, or the read (or the store) was the problem. A
 * source whose container is not on the allow-list ({@link SourceFormats}) is refused at once: the
 * file would be refused the same way. So is one over the worker's {@link SourceLimits}, and the
 * opener encoding beside the probe is stopped the moment the probe shows it, so such a source costs
 * a probe and nothing more.
 */
final class SourceProbing {

    private final MediaTools tools;
    private final ProbeThreads threads;
    private final SourceLimits limits;

    SourceProbing(MediaTools tools, ProbeThreads threads, SourceLimits limits) {
        this.tools = tools;
        this.threads = threads;
        this.limits = limits;
    }

    SourceLimits limits() {
        return limits;
    }

    /**
     * Starts ffprobe on {@code input} beside the caller; when it finds the source over the limits,
     * it kills the run's other processes (the opener's encode) at once.
     */
    CompletableFuture<ProcessResult> start(JobRun run, SourceInput input) {
        return threads.supply(
                () -> {
                    ProcessResult result = probe(run, input);
                    if (overLimits(result)) {
                        run.processes().killAll();
                    }
                    return result;
                });
    }

    /** The probe started on {@code input}, retried on the downloaded file when that was a URL. */
    SourceProbe verdict(
            JobRun run,
            CompletableFuture<ProcessResult> started,
            SourceInput input,
            SourceDownload download) {
        ProcessResult result;
        try {
            result = started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (result.exitCode() != 0 && input.remote()) {
            refuseUnsupported(result);
            result = probe(run, SourceInput.file(download.await()));
        }
        if (result.exitCode() != 0) {
            refuseUnsupported(result);
            throw new MediaFailure(
                    MediaFailure.SOURCE_NOT_VIDEO,
                    false,
                    "ffprobe could not read the source: "
                            + EncodingStep.redact(result.stderrTail(), run.workDir()));
        }
        SourceProbe probe = ProbeParser.parse(result.stdout());
        Optional<MediaFailure> tooLarge = limits.refusal(probe);
        if (tooLarge.isPresent()) {
            throw tooLarge.get();
        }
        return probe;
    }

    private boolean overLimits(ProcessResult result) {
        if (result.exitCode() != 0) {
            return false;
        }
        try {
            return limits.refusal(ProbeParser.parse(result.stdout())).isPresent();
        } catch (MediaFailure notParsed) {
            return false;
        }
    }

    /** Throws {@code unsupported_container} when a whitelist refused what the source asked. */
    private static void refuseUnsupported(ProcessResult result) {
        Optional<MediaFailure> refused = SourceFormats.refusal(result.stderrTail());
        if (refused.isPresent()) {
            throw refused.get();
        }
    }

    private ProcessResult probe(JobRun run, SourceInput input) {
        return run.processes()
                .run(FfmpegCommands.probe(tools.ffprobe(), input), run.workDir(), true);
    }
}
