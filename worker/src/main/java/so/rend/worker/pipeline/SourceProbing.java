package so.rend.worker.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import so.rend.worker.media.FfmpegCommands;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.ProbeParser;
import so.rend.worker.media.ProcessResult;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.JobRun;

/**
 * ffprobe's verdict on a source. It reads the same input as the opener's encode (the presigned URL
 * while the source downloads), on its own thread; when it cannot read the URL, the downloaded file
 * decides whether the source is really not a video, or the read (or the store) was the problem.
 */
final class SourceProbing {

    private final MediaTools tools;
    private final ProbeThreads threads;

    SourceProbing(MediaTools tools, ProbeThreads threads) {
        this.tools = tools;
        this.threads = threads;
    }

    /** Starts ffprobe on {@code input} beside the caller. */
    CompletableFuture<ProcessResult> start(JobRun run, String input) {
        return threads.supply(() -> probe(run, input));
    }

    /** The probe started on {@code input}, retried on the downloaded file when that was a URL. */
    SourceProbe verdict(
            JobRun run,
            CompletableFuture<ProcessResult> started,
            String input,
            SourceDownload download) {
        ProcessResult result;
        try {
            result = started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (result.exitCode() != 0 && !download.isLocal(input)) {
            result = probe(run, download.await().toString());
        }
        if (result.exitCode() != 0) {
            throw new MediaFailure(
                    MediaFailure.SOURCE_NOT_VIDEO,
                    false,
                    "ffprobe could not read the source: "
                            + EncodingStep.redact(result.stderrTail(), run.workDir()));
        }
        return ProbeParser.parse(result.stdout());
    }

    private ProcessResult probe(JobRun run, String input) {
        return run.processes()
                .run(FfmpegCommands.probe(tools.ffprobe(), input), run.workDir(), true);
    }
}
