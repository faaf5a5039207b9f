package so.rend.edge.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import so.rend.edge.revocation.RevokedAssets;
import so.rend.edgeprotocol.EdgeProtocolJson;
import so.rend.edgeprotocol.Heartbeat;
import so.rend.edgeprotocol.HeartbeatAnswer;
import so.rend.edgeprotocol.InternalRoutes;
import so.rend.edgeprotocol.InternalToken;

/**
 * Registers this edge with the control plane and keeps its row in {@code rend.edge_nodes} fresh, so
 * the API and worker fan warm and purge out to it. Off the playback path entirely.
 */
@Component
public class ControlPlaneHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneHeartbeat.class);
    static final String VERSION = "0.1.0";

    private final EdgeProperties edge;
    private final InternalToken token;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(3))
                    .build();
    private volatile boolean lastFailed;

    /** The control plane's revocations cursor from the last answer; null until the first. */
    private volatile Long revocationsCursor;

    private final RevokedAssets revoked;

    public ControlPlaneHeartbeat(EdgeProperties edge, InternalToken token, RevokedAssets revoked) {
        this.edge = edge;
        this.token = token;
        this.revoked = revoked;
    }

    /**
     * The control plane answers a heartbeat with a page of the deletions since this edge's cursor
     * whose tokens may still be out there. Returns whether another page waits.
     */
    private boolean catchUpOnRevocations(String body) {
        try {
            HeartbeatAnswer answer = EdgeProtocolJson.read(body, HeartbeatAnswer.class);
            Map<UUID, Instant> entries = new HashMap<>();
            if (answer.revokedAssets() != null) {
                for (HeartbeatAnswer.Revocation entry : answer.revokedAssets()) {
                    // A half entry spoils the answer, as an unreadable one does.
                    entries.put(
                            Objects.requireNonNull(entry.assetId(), "asset_id"),
                            Objects.requireNonNull(entry.until(), "until"));
                }
            }
            revoked.revokeAll(entries);
            // The cursor moves only once the page is applied: a failed page is asked for again.
            if (answer.revocationsCursor() != null) {
                revocationsCursor = answer.revocationsCursor();
            }
            return answer.more() && answer.revocationsCursor() != null;
        } catch (RuntimeException e) {
            log.warn("could not read revocations from the heartbeat answer: {}", e.toString());
            return false;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        beat();
    }

    @Scheduled(
            fixedDelayString = "${rend.edge.heartbeat-interval}",
            initialDelayString = "${rend.edge.heartbeat-interval}")
    public void beat() {
        if (edge.controlPlaneUrl() == null || edge.controlPlaneUrl().isBlank()) {
            return;
        }
        byte[] body =
                EdgeProtocolJson.write(
                        new Heartbeat(
                                edge.edgeId(),
                                edge.region(),
                                edge.publicUrl(),
                                edge.internalUrl(),
                                VERSION,
                                revocationsCursor));
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        InternalRoutes.at(
                                                edge.controlPlaneUrl(),
                                                InternalRoutes.EDGE_HEARTBEAT)))
                        .timeout(Duration.ofSeconds(5))
                        .header("content-type", "application/json")
                        .header(InternalToken.HEADER, token.value())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete(
                        (response, error) -> {
                            boolean failed = error != null || response.statusCode() / 100 != 2;
                            if (!failed && catchUpOnRevocations(response.body())) {
                                // More deletions wait: ask for the next page now, not a beat later.
                                beat();
                            }
                            if (failed && !lastFailed) {
                                log.warn(
                                        "heartbeat to the control plane failed: {}",
                                        error != null
                                                ? error.toString()
                                                : "HTTP " + response.statusCode());
                            } else if (!failed && lastFailed) {
                                log.info("heartbeat to the control plane works again");
                            }
                            lastFailed = failed;
                        });
    }
}
