package so.rend.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.internalhttp.testing.PathSpellings;
import so.rend.internalhttp.testing.RawHttp;
import so.rend.internalhttp.testing.RawHttp.Answer;

/**
 * No spelling of an internal route reaches its handler without the internal token, on either of the
 * API's listeners (real API, real PostgreSQL, raw HTTP so nothing normalizes the paths). A
 * heartbeat that got through would register its edge, so the registry is checked as well as the
 * status.
 */
class InternalRouteSpellingsIT {

    private record Route(String method, String path, String body) {}

    private static final String PROBE_EDGE = "spelling-probe-" + UUID.randomUUID();
    private static final List<Route> ROUTES =
            List.of(
                    new Route("GET", "/internal/edges", null),
                    new Route("GET", "/internal/edges/" + PROBE_EDGE, null),
                    new Route(
                            "POST",
                            "/internal/edges/heartbeat",
                            "{\"edge_id\":\""
                                    + PROBE_EDGE
                                    + "\",\"region\":\"r\",\"public_url\":\"http://10.0.0.1:4100\","
                                    + "\"internal_url\":\"http://10.0.0.1:4101\"}"),
                    new Route("GET", "/metrics", null));
    private static final Set<Integer> REFUSED = Set.of(400, 401, 404, 405);

    private static RunningApi api;
    private static int publicPort;
    private static int internalPort;

    @BeforeContainer
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
        publicPort = api.baseUrl().getPort();
        internalPort = api.internalUrl().getPort();
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    @Property(tries = 300)
    void noSpellingOfAnInternalRouteGetsThroughWithoutTheToken(
            @ForAll("spellings") Map.Entry<Route, String> spelled) {
        Route route = spelled.getKey();
        String target = spelled.getValue();
        // The public listener has no internal route at all, token or not.
        assertRefused(send(publicPort, route, target, null), target);
        assertRefused(send(publicPort, route, target, ApiTestEnvironment.INTERNAL_TOKEN), target);
        // The internal listener: nothing without the token, and a non-canonical path is refused
        // before routing even with it.
        assertRefused(send(internalPort, route, target, null), target);
        Answer withToken = send(internalPort, route, target, ApiTestEnvironment.INTERNAL_TOKEN);
        assertThat(withToken.status()).as(target).isIn(400, 404, 405);
        assertThat(registered()).as("the probe edge registered through " + target).isZero();
    }

    @Example
    void theReviewedSpellingsAreRefused() {
        for (Route route : ROUTES) {
            for (String target : PathSpellings.reviewed(route.path())) {
                for (int port : new int[] {publicPort, internalPort}) {
                    assertRefused(send(port, route, target, null), target);
                }
            }
        }
        assertThat(RawHttp.send(publicPort, "GET", "/%69nternal/edges", null).status())
                .isEqualTo(400);
        assertThat(RawHttp.send(publicPort, "GET", "/internal;x=1/edges", null).status())
                .isEqualTo(400);
        assertThat(registered()).isZero();
    }

    @Example
    void thePublicListenerAnswers404ForEveryInternalRouteAndTheInternalOneServesThem() {
        for (Route route : ROUTES) {
            Answer open = send(publicPort, route, route.path(), ApiTestEnvironment.INTERNAL_TOKEN);
            assertThat(open.status()).as(route.path()).isEqualTo(404);
            assertThat(open.body()).contains("\"not_found\"");
            assertThat(send(internalPort, route, route.path(), null).status())
                    .as(route.path())
                    .isEqualTo(401);
        }
        // The canonical spelling with the token works, so the refusals above are not vacuous.
        assertThat(
                        send(
                                        internalPort,
                                        ROUTES.get(0),
                                        "/internal/edges",
                                        ApiTestEnvironment.INTERNAL_TOKEN)
                                .status())
                .isEqualTo(200);
    }

    @Provide
    Arbitrary<Map.Entry<Route, String>> spellings() {
        return Arbitraries.of(ROUTES)
                .flatMap(
                        route ->
                                PathSpellings.of(route.path()).map(path -> Map.entry(route, path)));
    }

    private static Answer send(int port, Route route, String target, String token) {
        return token == null
                ? RawHttp.send(port, route.method(), target, route.body())
                : RawHttp.send(
                        port, route.method(), target, route.body(), "x-rend-internal-token", token);
    }

    private static void assertRefused(Answer answer, String target) {
        assertThat(answer.status()).as("%s answered %s", target, answer.body()).isIn(REFUSED);
    }

    private static long registered() {
        return api.count("SELECT count(*) FROM rend.edge_nodes WHERE id = '" + PROBE_EDGE + "'");
    }
}
