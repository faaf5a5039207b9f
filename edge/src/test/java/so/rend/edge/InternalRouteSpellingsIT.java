package so.rend.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import so.rend.edge.EdgeTestEnvironment.RunningEdge;
import so.rend.edge.revocation.RevokedAssets;
import so.rend.internalhttp.testing.PathSpellings;
import so.rend.internalhttp.testing.RawHttp;
import so.rend.internalhttp.testing.RawHttp.Answer;

/**
 * No spelling of warm, purge or metrics reaches its handler without the internal token, on the
 * viewers' listener or the internal one (a real edge over raw HTTP). A purge that got through would
 * revoke the probe asset, so revocation is checked as well as the status.
 */
class InternalRouteSpellingsIT {

    private record Route(String method, String path, String body) {}

    private static final UUID PROBE = UUID.randomUUID();
    private static final List<Route> ROUTES =
            List.of(
                    new Route(
                            "POST",
                            "/internal/warm",
                            "{\"asset_id\":\"" + PROBE + "\",\"artifact_paths\":[\"opener.mp4\"]}"),
                    new Route(
                            "POST",
                            "/internal/purge",
                            "{\"asset_id\":\""
                                    + PROBE
                                    + "\",\"revoke_until\":\""
                                    + Instant.now().plusSeconds(3600)
                                    + "\"}"),
                    new Route("GET", "/metrics", null));
    private static final Set<Integer> REFUSED = Set.of(400, 401, 404, 405);

    private static EdgeTestEnvironment env;
    private static RunningEdge edge;
    private static Path cache;

    @BeforeContainer
    static void start() throws Exception {
        env = new EdgeTestEnvironment();
        cache = Files.createTempDirectory("rend-edge-spellings");
        edge = env.start(cache, Map.of());
    }

    @AfterContainer
    static void stop() {
        edge.close();
        env.close();
    }

    @Property(tries = 300)
    void noSpellingOfAnInternalRouteGetsThroughWithoutTheToken(
            @ForAll("spellings") Map.Entry<Route, String> spelled) {
        Route route = spelled.getKey();
        String target = spelled.getValue();
        assertRefused(send(edge.baseUrl().getPort(), route, target, false), target);
        assertRefused(send(edge.baseUrl().getPort(), route, target, true), target);
        assertRefused(send(edge.internalUrl().getPort(), route, target, false), target);
        assertThat(send(edge.internalUrl().getPort(), route, target, true).status())
                .as(target)
                .isIn(400, 404, 405);
        assertThat(revoked()).as("the probe asset was revoked through " + target).isFalse();
    }

    @Example
    void theReviewedSpellingsAreRefusedAndTheViewersPortHasNoInternalRoute() {
        for (Route route : ROUTES) {
            for (String target : PathSpellings.reviewed(route.path())) {
                assertRefused(send(edge.baseUrl().getPort(), route, target, false), target);
                assertRefused(send(edge.internalUrl().getPort(), route, target, false), target);
            }
            Answer open = send(edge.baseUrl().getPort(), route, route.path(), true);
            assertThat(open.status()).as(route.path()).isEqualTo(404);
            assertThat(send(edge.internalUrl().getPort(), route, route.path(), false).status())
                    .isEqualTo(401);
        }
        assertThat(revoked()).isFalse();
        // The canonical spelling with the token works, so the refusals are not vacuous.
        assertThat(send(edge.internalUrl().getPort(), ROUTES.get(2), "/metrics", true).status())
                .isEqualTo(200);
    }

    @Provide
    Arbitrary<Map.Entry<Route, String>> spellings() {
        return Arbitraries.of(ROUTES)
                .flatMap(
                        route ->
                                PathSpellings.of(route.path()).map(path -> Map.entry(route, path)));
    }

    private static Answer send(int port, Route route, String target, boolean withToken) {
        return withToken
                ? RawHttp.send(
                        port,
                        route.method(),
                        target,
                        route.body(),
                        "x-rend-internal-token",
                        EdgeTestEnvironment.INTERNAL_TOKEN)
                : RawHttp.send(port, route.method(), target, route.body());
    }

    private static void assertRefused(Answer answer, String target) {
        assertThat(answer.status()).as("%s answered %s", target, answer.body()).isIn(REFUSED);
    }

    private static boolean revoked() {
        return edge.context().getBean(RevokedAssets.class).isRevoked(PROBE);
    }
}
