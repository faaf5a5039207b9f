package so.rend.edge.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import so.rend.edge.cache.DiskTier;
import so.rend.edge.cache.RamTier;
import so.rend.edge.fill.FillCoordinator;
import so.rend.objectstore.ObjectStore;

/**
 * {@code /healthz} (alive) and {@code /readyz} (cache open; origin reported): on the public
 * listener for load balancers and kubelet probes, and on the internal one.
 */
@RestController
public class EdgeHealth {

    private final RamTier ram;
    private final DiskTier disk;
    private final FillCoordinator fills;
    private final ObjectStore origin;

    public EdgeHealth(RamTier ram, DiskTier disk, FillCoordinator fills, ObjectStore origin) {
        this.ram = ram;
        this.disk = disk;
        this.fills = fills;
        this.origin = origin;
    }

    @GetMapping("/healthz")
    public Map<String, String> healthz() {
        return Map.of("status", "ok");
    }

    /**
     * Ready once the cache is open. An unreachable origin is reported but does not make the edge
     * unready: it still serves what it holds.
     */
    @GetMapping("/readyz")
    public Mono<Map<String, Object>> readyz() {
        return origin.checkReachable()
                .timeout(Duration.ofSeconds(2))
                .thenReturn("ok")
                .onErrorReturn("unreachable")
                .map(
                        originState -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("status", "ready");
                            body.put("checks", Map.of("disk_cache", "ok", "origin", originState));
                            body.put(
                                    "cache",
                                    Map.of(
                                            "disk_bytes",
                                            disk.bytes(),
                                            "disk_files",
                                            disk.files(),
                                            "ram_bytes",
                                            ram.bytes(),
                                            "fills_in_flight",
                                            fills.inFlight()));
                            return body;
                        });
    }
}
