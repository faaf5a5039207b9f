package so.rend.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads the event stream. When the connection breaks or the server ends the stream (it cuts off a
 * client that lags), it reconnects with {@code Last-Event-ID} set to the last sequence received, so
 * no event is lost or repeated. Close it when done.
 */
public final class EventSubscription implements Iterator<ServerEvent>, AutoCloseable {
    private final HttpClient http;
    private final Function<String, HttpRequest> request;
    private final RetryPolicy retry;
    private final Rend rend;
    private volatile String lastEventId;
    private volatile boolean closed;
    private volatile InputStream body;
    private BufferedReader reader;
    private ServerEvent next;
    private int connections;
    private volatile long lastReadNanos = System.nanoTime();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rend-event-stream-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * How long a connection may send nothing (keep-alives come every 15 s) before it is taken for
     * dead and replaced: closing its body makes the blocked read fail, and the read reconnects.
     */
    static final Duration SILENCE = Duration.ofSeconds(45);

    EventSubscription(Rend rend, HttpClient http, Function<String, HttpRequest> request, RetryPolicy retry, String lastEventId) {
        this.rend = rend;
        this.http = http;
        this.request = request;
        this.retry = retry;
        this.lastEventId = lastEventId;
        watchdog.scheduleWithFixedDelay(() -> {
            if (body != null && System.nanoTime() - lastReadNanos > SILENCE.toNanos()) {
                drop();
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    /** The last sequence received (what a reconnect sends as {@code Last-Event-ID}). */
    public Optional<String> lastEventId() {
        return Optional.ofNullable(lastEventId);
    }

    /** How many connections the subscription has opened. */
    public int connections() {
        return connections;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return true;
    }

    @Override
    public ServerEvent next() {
        hasNext();
        ServerEvent event = next;
        next = null;
        if (event == null) {
            throw new NoSuchElementException();
        }
        return event;
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        drop();
    }

    private ServerEvent read() {
        int failures = 0;
        while (true) {
            if (closed) {
                throw new IllegalStateException("subscription closed");
            }
            try {
                if (reader == null) {
                    connect();
                }
                ServerEvent event = frame();
                if (event != null) {
                    return event;
                }
                drop();
                reader = null; // the server ended the stream: resume after the last event
            } catch (RendException refused) {
                if (!RetryPolicy.retriesStatus(refused.status()) || failures >= retry.maxRetries()) {
                    throw refused;
                }
                RetryPolicy.sleep(retry.delay(failures, refused.retryAfter()));
                failures++;
                continue;
            } catch (IOException broken) {
                drop();
                reader = null;
                if (closed) {
                    throw new IllegalStateException("subscription closed");
                }
                if (failures >= retry.maxRetries()) {
                    throw new RendException(0, "connection_failed", String.valueOf(broken), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            RetryPolicy.sleep(retry.delay(failures, Optional.empty()));
            failures++;
        }
    }

    private void connect() throws IOException, InterruptedException {
        reader = null;
        HttpResponse<InputStream> response = http.send(request.apply(lastEventId), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readNBytes(64 << 10), StandardCharsets.UTF_8);
            }
            throw RendException.from(response.statusCode(), response.headers(), text, rend.mapper());
        }
        connections++;
        lastReadNanos = System.nanoTime();
        body = response.body();
        reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    private synchronized void drop() {
        InputStream open = body;
        body = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    /** The next frame with data, or null when the stream ended. */
    private ServerEvent frame() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            lastReadNanos = System.nanoTime();
            if (line.isEmpty()) {
                if (data == null) {
                    id = null;
                    event = null;
                    continue;
                }
                long sequence;
                if (id != null) {
                    lastEventId = id;
                    sequence = Long.parseLong(id.trim());
                } else {
                    sequence = rend.mapper().readTree(data.toString()).path("sequence").asLong();
                }
                if (event == null) {
                    event = rend.mapper().readTree(data.toString()).path("event_type").asText();
                }
                return new ServerEvent(sequence, event, data.toString());
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (name) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }
        return null;
    }
}
