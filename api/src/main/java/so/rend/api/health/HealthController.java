package so.rend.api.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import so.rend.objectstore.ObjectStore;

/**
 * {@code /healthz}: the process is alive. {@code /readyz}: Postgres and the object store answer.
 */
@RestController
public class HealthController {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final DatabaseClient db;
    private final ObjectStore objectStore;

    public HealthController(DatabaseClient db, ObjectStore objectStore) {
        this.db = db;
        this.objectStore = objectStore;
    }

    @GetMapping("/healthz")
    public Map<String, String> healthz() {
        return Map.of("status", "ok");
    }

    @GetMapping("/readyz")
    public Mono<ResponseEntity<Map<String, Object>>> readyz() {
        Mono<String> postgres = check(db.sql("SELECT 1").map(row -> 1).one().then());
        Mono<String> store = check(objectStore.checkReachable());
        return Mono.zip(postgres, store)
                .map(
                        results -> {
                            boolean ready =
                                    results.getT1().equals("ok") && results.getT2().equals("ok");
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("status", ready ? "ready" : "not_ready");
                            body.put(
                                    "checks",
                                    Map.of(
                                            "postgres",
                                            results.getT1(),
                                            "object_store",
                                            results.getT2()));
                            return ResponseEntity.status(
                                            ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                                    .body(body);
                        });
    }

    private static Mono<String> check(Mono<Void> probe) {
        return probe.timeout(CHECK_TIMEOUT).thenReturn("ok").onErrorReturn("unreachable");
    }
}
