package so.rend.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * An error answer of the API: the HTTP status, the stable machine-readable {@code code} (one of the
 * spec's {@code ErrorCode} values, kept as a string so codes added later still arrive), the message
 * for humans and, on 429/503, {@code Retry-After}.
 */
public class RendException extends RuntimeException {
    private final int status;
    private final String code;
    private final String errorMessage;
    private final Duration retryAfter;

    public RendException(int status, String code, String message, Duration retryAfter) {
        super(status + " " + code + ": " + message);
        this.status = status;
        this.code = code;
        this.errorMessage = message;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Reads Rend's error shape; another body (a proxy's page) keeps the status and its start. */
    static RendException from(int status, HttpHeaders headers, String body, ObjectMapper mapper) {
        String code = "http_" + status;
        String message = body == null ? "" : body.substring(0, Math.min(body.length(), 200));
        try {
            JsonNode error = mapper.readTree(body == null ? "" : body).path("error");
            if (error.hasNonNull("code")) {
                code = error.get("code").asText();
                message = error.path("message").asText();
            }
        } catch (Exception notJson) {
            // keep the status and the body's start
        }
        return new RendException(status, code, message, retryAfter(headers).orElse(null));
    }

    static Optional<Duration> retryAfter(HttpHeaders headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.firstValue("retry-after").flatMap(value -> {
            try {
                double seconds = Double.parseDouble(value.trim());
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
            } catch (NumberFormatException httpDate) {
                return Optional.empty(); // Rend sends seconds; back off instead
            }
        });
    }
}
