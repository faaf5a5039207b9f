package so.rend.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Authenticated requests from a few threads in a loop, each outcome kept with when it started and
 * ended, so a test can ask what happened in a window (before a kill, while the database was down,
 * after it came back).
 */
final class SteadyLoad implements AutoCloseable {

    /** One request: its start and end on {@link System#nanoTime()}; status 0 is no answer. */
    record Outcome(
            String path,
            long startedNanos,
            long endedNanos,
            int status,
            String body,
            String retryAfter) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean startedAfter(long nanos) {
            return startedNanos >= nanos;
        }

        boolean within(long fromNanos, long toNanos) {
            return startedNanos >= fromNanos && endedNanos <= toNanos;
        }

        long millis() {
            return (endedNanos - startedNanos) / 1_000_000;
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private final URI baseUrl;
    private final String apiKey;
    private final List<String> paths;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    private SteadyLoad(URI baseUrl, String apiKey, List<String> paths) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.paths = paths;
    }

    /** Starts {@code threads} loops, each sending {@code paths} in turn with a short pause. */
    static SteadyLoad start(URI baseUrl, String apiKey, List<String> paths, int threads) {
        SteadyLoad load = new SteadyLoad(baseUrl, apiKey, paths);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(load::loop, "steady-load-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void loop() {
        int next = 0;
        while (running.get()) {
            outcomes.add(send(paths.get(next++ % paths.size())));
            try {
                // Steady, not flat out: two cores are shared with the API and PostgreSQL.
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Outcome send(String path) {
        HttpRequest request =
                HttpRequest.newBuilder(baseUrl.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("authorization", "Bearer " + apiKey)
                        .GET()
                        .build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(
                    path,
                    started,
                    System.nanoTime(),
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("retry-after").orElse(null));
        } catch (IOException e) {
            return new Outcome(path, started, System.nanoTime(), 0, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(path, started, System.nanoTime(), 0, e.toString(), null);
        }
    }

    /** Stops the loops and returns every outcome, in no particular order. */
    List<Outcome> stop() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(40_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return List.copyOf(outcomes);
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code requests=… 2xx=… 503=… other=…}, and the other statuses by count. */
    static String counts(List<Outcome> outcomes) {
        long ok = outcomes.stream().filter(Outcome::ok).count();
        long unavailable = outcomes.stream().filter(o -> o.status() == 503).count();
        Predicate<Outcome> other = o -> !o.ok() && o.status() != 503;
        Map<Integer, Long> others = new TreeMap<>();
        outcomes.stream().filter(other).forEach(o -> others.merge(o.status(), 1L, Long::sum));
        return "requests="
                + outcomes.size()
                + " 2xx="
                + ok
                + " 503="
                + unavailable
                + " other="
                + others.values().stream().mapToLong(Long::longValue).sum()
                + (others.isEmpty() ? "" : " " + others);
    }
}
