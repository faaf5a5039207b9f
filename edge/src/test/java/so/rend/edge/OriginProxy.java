package so.rend.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of the real S3 server for edge tests: it counts the origin requests the edge
 * makes (by request line), can slow the origin's answers to a byte rate, can stop answering (a
 * black hole, for timeouts) and can go away entirely (connection refused).
 */
final class OriginProxy implements AutoCloseable {

    private static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|HEAD|PUT|POST|DELETE) (\\S+) HTTP/1\\.1");

    private final URI target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> gets = new ConcurrentHashMap<>();
    private volatile long bytesPerSecond;
    private volatile boolean blackhole;
    private volatile boolean closed;

    OriginProxy(URI target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "origin-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** GET requests so far whose path ends with {@code suffix}. */
    int getsEndingWith(String suffix) {
        return gets.entrySet().stream()
                .filter(e -> e.getKey().endsWith(suffix))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    /** All object GET requests so far (bucket-level requests excluded). */
    int objectGets() {
        return gets.entrySet().stream()
                .filter(e -> e.getKey().contains("/videos/"))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * While on, connections are accepted and then never answered; open ones are cut so none
     * escapes.
     */
    void blackhole(boolean on) {
        this.blackhole = on;
        if (on) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // cutting anyway
                }
            }
            sockets.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (blackhole) {
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket(target.getHost(), target.getPort());
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), true, client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), false, client, upstream);
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean requests, Socket a, Socket b) {
        Thread thread =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[16 * 1024];
                            StringBuilder lines = new StringBuilder();
                            try {
                                int n;
                                while ((n = in.read(buffer)) != -1) {
                                    if (requests) {
                                        lines.append(
                                                new String(
                                                        buffer, 0, n, StandardCharsets.ISO_8859_1));
                                        Matcher m = REQUEST_LINE.matcher(lines);
                                        int end = 0;
                                        while (m.find()) {
                                            if (m.group(1).equals("GET")) {
                                                String path = m.group(2);
                                                int query = path.indexOf('?');
                                                gets.computeIfAbsent(
                                                                query < 0
                                                                        ? path
                                                                        : path.substring(0, query),
                                                                k -> new AtomicInteger())
                                                        .incrementAndGet();
                                            }
                                            end = m.end();
                                        }
                                        lines.delete(0, Math.max(end, lines.length() - 512));
                                    }
                                    long rate = bytesPerSecond;
                                    if (!requests && rate > 0) {
                                        for (int off = 0; off < n; off += 4096) {
                                            int len = Math.min(4096, n - off);
                                            out.write(buffer, off, len);
                                            out.flush();
                                            Thread.sleep(Math.max(1, len * 1000L / rate));
                                        }
                                    } else {
                                        out.write(buffer, 0, n);
                                        out.flush();
                                    }
                                }
                            } catch (IOException | InterruptedException e) {
                                // A side closed: close both.
                            } finally {
                                try {
                                    a.close();
                                    b.close();
                                } catch (IOException ignored) {
                                    // closing anyway
                                }
                            }
                        },
                        "origin-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }
}
