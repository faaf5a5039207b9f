package so.rend.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import so.rend.edgeprotocol.InternalRoutes;
import so.rend.edgeprotocol.InternalToken;

/**
 * Asks rend-api's edge registry ({@code GET /internal/edges/<edge id>}, header {@code
 * x-rend-internal-token}) whether an edge has registered and still heartbeats. An edge's id is its
 * node's name (the DaemonSet sets {@code REND_EDGE_ID} from {@code spec.nodeName}).
 */
public final class ControlPlaneRegistry {
    /**
     * What the control plane said. {@code registered} is null when it could not be asked ({@code
     * problem} says why); false when it has no heartbeat from the edge within its healthy window.
     */
    public record Registration(Boolean registered, String lastHeartbeatAt, String problem) {
        static Registration unknown(String problem) {
            return new Registration(null, null, problem);
        }
    }

    static final String NOT_REGISTERED_CODE = "edge_not_registered";

    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    public Registration lookup(String controlPlaneUrl, String internalToken, String edgeId) {
        if (internalToken == null) {
            return Registration.unknown("no internal token to ask the control plane with");
        }
        HttpRequest request;
        try {
            request =
                    HttpRequest.newBuilder(
                                    URI.create(
                                            InternalRoutes.at(controlPlaneUrl, InternalRoutes.EDGES)
                                                    + "/"
                                                    + URLEncoder.encode(
                                                            edgeId, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(3))
                            .header(InternalToken.HEADER, internalToken)
                            .GET()
                            .build();
        } catch (IllegalArgumentException e) {
            // Never e's message: for a bad header value it quotes the token.
            return Registration.unknown(
                    "controlPlaneUrl or the internal token cannot make a request");
        }
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            return switch (response.statusCode()) {
                case 200 -> parse(response.body());
                // Only rend-api's own answer means "not registered"; any other 404 (an older API, a
                // proxy) is unknown.
                case 404 ->
                        NOT_REGISTERED_CODE.equals(errorCode(response.body()))
                                ? new Registration(false, null, null)
                                : Registration.unknown(
                                        "control plane answered HTTP 404 without "
                                                + NOT_REGISTERED_CODE);
                default ->
                        Registration.unknown(
                                "control plane answered HTTP " + response.statusCode());
            };
        } catch (IOException e) {
            return Registration.unknown(
                    "control plane unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Registration.unknown("interrupted");
        }
    }

    @SuppressWarnings("unchecked")
    static String errorCode(String body) {
        try {
            Map<String, Object> json = Serialization.unmarshal(body, Map.class);
            return json.get("error") instanceof Map<?, ?> error
                            && error.get("code") instanceof String code
                    ? code
                    : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Registration parse(String body) {
        try {
            Map<String, Object> json = Serialization.unmarshal(body, Map.class);
            if (json.get("healthy") instanceof Boolean healthy) {
                return new Registration(
                        healthy,
                        json.get("last_heartbeat_at") instanceof String at ? at : null,
                        null);
            }
        } catch (RuntimeException e) {
            // Not rend-api's shape: fall through.
        }
        return Registration.unknown(
                "control plane answered something other than an edge registration");
    }
}
