package so.rend.edge.telemetry;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Turns one answered playback request into a {@link PlaybackEvent}, from what the route recorded
 * ({@link RequestOutcome}) and what the response says (status, cache header, content type), never
 * from the request's URI, headers or peer.
 */
public final class PlaybackEvents {

    /**
     * Mixed into every id, so two edges whose threads' generators happened to share a seed still
     * make different ids.
     */
    private static final long SALT = new SecureRandom().nextLong() & 0x3FFFFFFFFFFFFFFFL;

    private final PlaybackTelemetry telemetry;
    private final String edgeId;
    private final String region;

    /** {@code telemetry} null means off. */
    public PlaybackEvents(PlaybackTelemetry telemetry, String edgeId, String region) {
        this.telemetry = telemetry;
        this.edgeId = edgeId;
        this.region = region;
    }

    public boolean enabled() {
        return telemetry != null;
    }

    /** Called on the event loop as the request arrives. */
    public RequestOutcome begin(HttpServerRequest request) {
        SentBytes[] counter = {null};
        request.withConnection(connection -> counter[0] = SentBytes.attach(connection.channel()));
        return new RequestOutcome(System.nanoTime(), counter[0]);
    }

    /**
     * Called once the route's answer finished, failed or was abandoned; the event is made when the
     * response has really ended (its last bytes written, or the connection gone).
     */
    public void finish(HttpServerResponse response, RequestOutcome outcome, SignalType signal) {
        HttpHeaders headers = response.responseHeaders();
        String cache = headers.get("X-Rend-Cache");
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        int status = response.status().code();
        String errorCode =
                outcome.errorCode.isEmpty() && signal == SignalType.CANCEL
                        ? "client_aborted"
                        : outcome.errorCode;
        LongConsumer emit =
                sentAfter ->
                        telemetry.offer(
                                new PlaybackEvent(
                                        randomUuid(),
                                        System.currentTimeMillis() / 1000,
                                        outcome.asset == null ? "" : outcome.asset.toString(),
                                        outcome.asset == null ? "" : outcome.artifactPath,
                                        edgeId,
                                        region,
                                        cache == null ? "NONE" : cache,
                                        status,
                                        Math.max(0, sentAfter - outcome.sentBefore),
                                        contentType == null ? "" : contentType,
                                        (System.nanoTime() - outcome.startNanos) / 1_000_000,
                                        errorCode));
        if (outcome.counter == null) {
            emit.accept(outcome.sentBefore);
        } else {
            outcome.counter.afterResponse(outcome.endedBefore, emit);
        }
    }

    /**
     * A version-4 UUID from the thread's own generator: {@code UUID.randomUUID()} takes a lock on
     * the shared SecureRandom, which every event loop would contend on. Event ids need uniqueness,
     * not secrecy.
     */
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = ((random.nextLong() ^ SALT) & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least);
    }
}
