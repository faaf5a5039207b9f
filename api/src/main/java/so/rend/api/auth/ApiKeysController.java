package so.rend.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.AccountKeys.KeyView;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.requests.JsonBodies;
import tools.jackson.databind.JsonNode;

/** {@code /v1/api-keys}: the calling key's account's keys. */
@RestController
public class ApiKeysController {

    static final int MAX_NAME_LENGTH = 100;
    static final Duration MAX_LIFETIME = Duration.ofDays(3650);
    private static final Set<String> FIELDS = Set.of("name", "expires_at");

    private final AccountKeys keys;

    public ApiKeysController(AccountKeys keys) {
        this.keys = keys;
    }

    /** The listing, in the shape of the API's other lists. */
    public record KeyList(List<KeyView> data) {}

    @PostMapping("/v1/api-keys")
    Mono<ResponseEntity<KeyView>> create(ServerWebExchange exchange) {
        UUID account = ApiKeyFilter.account(exchange);
        return JsonBodies.read(exchange.getRequest(), false)
                .map(JsonBodies::object)
                .flatMap(body -> keys.create(account, name(body), expiresAt(body)))
                .map(made -> ResponseEntity.status(HttpStatus.CREATED).body(made));
    }

    @GetMapping("/v1/api-keys")
    Mono<KeyList> list(ServerWebExchange exchange) {
        return keys.list(ApiKeyFilter.account(exchange)).collectList().map(KeyList::new);
    }

    @DeleteMapping("/v1/api-keys/{keyId}")
    Mono<ResponseEntity<Void>> revoke(ServerWebExchange exchange, @PathVariable String keyId) {
        UUID id = AssetIds.parse(keyId);
        if (id == null) {
            return Mono.error(ApiErrorCode.API_KEY_NOT_FOUND.error());
        }
        return keys.revoke(ApiKeyFilter.account(exchange), id)
                .thenReturn(ResponseEntity.noContent().build());
    }

    private static String name(JsonNode body) {
        JsonBodies.onlyFields(body, FIELDS, "a key has name and expires_at");
        JsonNode name = body.get("name");
        if (name == null || !name.isString() || name.asString().isBlank()) {
            throw ApiError.invalidParameter("name", "a non-empty string is required");
        }
        String text = name.asString();
        if (text.length() > MAX_NAME_LENGTH) {
            throw ApiError.invalidParameter("name", "at most " + MAX_NAME_LENGTH + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.invalidParameter("name", "no control characters");
        }
        return text;
    }

    private static Instant expiresAt(JsonNode body) {
        JsonNode value = body.get("expires_at");
        if (value == null || value.isNull()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value.isString() ? value.asString() : "");
        } catch (DateTimeParseException e) {
            throw ApiError.invalidParameter(
                    "expires_at", "an RFC 3339 instant, e.g. 2030-01-01T00:00:00Z");
        }
        Instant now = Instant.now();
        if (!at.isAfter(now) || at.isAfter(now.plus(MAX_LIFETIME))) {
            throw ApiError.invalidParameter(
                    "expires_at", "in the future, at most " + MAX_LIFETIME.toDays() + " days away");
        }
        return at;
    }
}
