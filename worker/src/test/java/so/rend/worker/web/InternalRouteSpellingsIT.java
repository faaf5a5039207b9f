package so.rend.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import so.rend.internalhttp.testing.PathSpellings;
import so.rend.internalhttp.testing.RawHttp;
import so.rend.worker.MediaTestbed;

/**
 * The worker's port is pod-to-pod only: no spelling of {@code /metrics} answers without the
 * internal token, and non-canonical spellings are refused even with it (real worker, raw HTTP).
 */
class InternalRouteSpellingsIT {

    private static MediaTestbed testbed;
    private static ConfigurableApplicationContext worker;
    private static int port;

    @BeforeContainer
    static void start() throws Exception {
        testbed = new MediaTestbed();
        worker = testbed.startWorker(Map.of());
        port = ((WebServerApplicationContext) worker).getWebServer().getPort();
    }

    @AfterContainer
    static void stop() throws Exception {
        testbed.close();
    }

    @Property(tries = 200)
    void noSpellingOfMetricsAnswersWithoutTheToken(@ForAll("spellings") String target) {
        assertThat(RawHttp.send(port, "GET", target, null).status()).as(target).isIn(400, 401);
        assertThat(
                        RawHttp.send(
                                        port,
                                        "GET",
                                        target,
                                        null,
                                        "x-rend-internal-token",
                                        MediaTestbed.INTERNAL_TOKEN)
                                .status())
                .as(target)
                .isIn(400, 404);
    }

    @Example
    void theCanonicalSpellingNeedsTheToken() {
        assertThat(RawHttp.send(port, "GET", "/metrics", null).status()).isEqualTo(401);
        assertThat(RawHttp.send(port, "GET", "/%6detrics", null).status()).isEqualTo(400);
        assertThat(
                        RawHttp.send(
                                        port,
                                        "GET",
                                        "/metrics",
                                        null,
                                        "x-rend-internal-token",
                                        MediaTestbed.INTERNAL_TOKEN)
                                .status())
                .isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", "/healthz", null).status()).isEqualTo(200);
    }

    @Provide
    Arbitrary<String> spellings() {
        return PathSpellings.of("/metrics");
    }
}
