package so.rend.api.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;

/** Open event streams per key ({@code REND_MAX_SSE_PER_KEY}), over real SSE connections. */
class EventStreamLimitsIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of("REND_MAX_SSE_PER_KEY", "100"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theHundredAndFirstStreamOfAKeyIsRefusedAndAClosedStreamFreesItsSlot() throws Exception {
        String key = api.newAccountKey();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                opening.add(HTTP.sendAsync(stream(key), HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (CompletableFuture<HttpResponse<InputStream>> response : opening) {
                open.add(response.get());
            }
            assertThat(open).allMatch(response -> response.statusCode() == 200);
            EventStreamSlots slots = api.context().getBean(EventStreamSlots.class);
            assertThat(slots.total()).isEqualTo(100);

            HttpResponse<String> refused =
                    HTTP.send(stream(key), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("\"too_many_event_streams\"");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");

            HttpResponse<InputStream> otherKey =
                    HTTP.send(
                            stream(api.newAccountKey()), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(otherKey.statusCode()).isEqualTo(200);
            otherKey.body().close();

            open.remove(0).body().close();
            HttpResponse<InputStream> again = awaitOpen(key);
            assertThat(again.statusCode()).isEqualTo(200);
            open.add(again);
        } finally {
            for (HttpResponse<InputStream> response : open) {
                response.body().close();
            }
        }
        awaitNoStreams();
    }

    private static HttpResponse<InputStream> awaitOpen(String key) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<InputStream> response =
                    HTTP.send(stream(key), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 200 || System.nanoTime() > deadline) {
                return response;
            }
            response.body().close();
            Thread.sleep(100);
        }
    }

    private static void awaitNoStreams() throws InterruptedException, IOException {
        EventStreamSlots slots = api.context().getBean(EventStreamSlots.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (slots.total() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(slots.total()).as("slots still taken after every stream closed").isZero();
    }

    private static HttpRequest stream(String key) {
        return HttpRequest.newBuilder(api.baseUrl().resolve("/v1/events"))
                .header("authorization", "Bearer " + key)
                .header("accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .build();
    }
}
