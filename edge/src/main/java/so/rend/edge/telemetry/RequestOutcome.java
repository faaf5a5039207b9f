package so.rend.edge.telemetry;

import java.util.UUID;

/**
 * What the playback route learns about one request on its way to an answer: the asset once a token
 * proved it, and the error code of a refusal. {@link #UNRECORDED} (telemetry off) ignores both, so
 * an edge without telemetry allocates nothing for it.
 */
public final class RequestOutcome {

    public static final RequestOutcome UNRECORDED = new RequestOutcome(0, null);

    final long startNanos;
    final SentBytes counter;
    final long sentBefore;
    final long endedBefore;
    UUID asset;
    String artifactPath = "";
    String errorCode = "";

    RequestOutcome(long startNanos, SentBytes counter) {
        this.startNanos = startNanos;
        this.counter = counter;
        this.sentBefore = counter == null ? 0 : counter.sent();
        this.endedBefore = counter == null ? 0 : counter.responsesEnded();
    }

    /** A valid token proved the asset (and the path is the grammar's). */
    public void proven(UUID asset, String artifactPath) {
        if (this != UNRECORDED) {
            this.asset = asset;
            this.artifactPath = artifactPath;
        }
    }

    public void refused(String code) {
        if (this != UNRECORDED) {
            this.errorCode = code;
        }
    }
}
