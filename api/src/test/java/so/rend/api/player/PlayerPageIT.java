package so.rend.api.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/** The dev player harness on a real PostgreSQL and S3Proxy, in dev mode and out of it. */
class PlayerPageIT {

    private static RunningApi dev;
    private static RunningApi production;

    @BeforeAll
    static void start() {
        dev = ApiTestEnvironment.start(Map.of());
        production = ApiTestEnvironment.start(Map.of("REND_DEV_MODE", "false"));
    }

    @AfterAll
    static void stop() {
        dev.close();
        production.close();
    }

    @Test
    void servesThePlayerPageAndTheBundleInDevMode() {
        UUID asset = UUID.randomUUID();
        Response page = dev.get("/player?asset_id=" + asset, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("content-type").orElse(""))
                .startsWith("text/html");
        assertThat(page.body())
                .contains("<script type=\"module\" src=\"/player/rend-player.js\"></script>")
                .contains("<rend-player src=\"/player/bootstrap?asset_id=" + asset + "\"");
        Response bundle = dev.get("/player/rend-player.js", null);
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body()).contains("rend-player");
        Matcher chunk =
                Pattern.compile("\\./(rend-player-hls-[A-Za-z0-9]+\\.js)").matcher(bundle.body());
        assertThat(chunk.find()).as("the module imports its hls.js chunk").isTrue();
        Response hls = dev.get("/player/" + chunk.group(1), null);
        assertThat(hls.status()).isEqualTo(200);
        assertThat(hls.body()).contains("hls.js");
        assertThat(dev.get("/player/other.js", null).status()).isEqualTo(404);
        // Names a client makes up (the route's pattern allows any) answer 404 and are not kept.
        for (int i = 0; i < 50; i++) {
            assertThat(dev.get("/player/rend-player-made-up-" + i + ".js", null).status())
                    .isEqualTo(404);
        }
        assertThat(dev.context().getBean(PlayerPageController.class).bundle)
                .containsOnlyKeys("rend-player.js", chunk.group(1));
    }

    @Test
    void theDevBootstrapRefusesBadIdsAndUnknownAssetsInTheApiErrorShape() {
        assertThat(dev.get("/player?asset_id=nope", null).errorCode())
                .isEqualTo("invalid_parameter");
        assertThat(dev.get("/player", null).errorCode()).isEqualTo("invalid_parameter");
        assertThat(dev.get("/player/bootstrap?asset_id=" + UUID.randomUUID(), null).errorCode())
                .isEqualTo("asset_not_found");
    }

    @Test
    void withoutDevModeThereIsNoPageAndNoKeylessBootstrap() {
        UUID asset = UUID.randomUUID();
        Response page = production.get("/player?asset_id=" + asset, null);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.errorCode()).isEqualTo("not_found");
        assertThat(production.get("/player/bootstrap?asset_id=" + asset, null).errorCode())
                .isEqualTo("not_found");
        assertThat(production.get("/player/rend-player.js", null).status()).isEqualTo(200);
    }
}
