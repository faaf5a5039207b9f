package so.rend.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends GET requests one after another over a single HTTP/1.1 keep-alive connection and reads each
 * response by its Content-Length: what players and API clients do. For tests that a server keeps
 * answering on a reused connection (Reactor Netty once stopped reading one after a request answered
 * off the event loop was followed by one answered on it).
 */
public final class KeepAliveProbe {

    private KeepAliveProbe() {}

    /**
     * The status code of each request, in order; throws when a response does not come within {@code
     * timeoutMillis}.
     */
    public static List<Integer> statuses(
            String host,
            int port,
            List<String> paths,
            Map<String, String> headers,
            int timeoutMillis)
            throws IOException {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String path : paths) {
                StringBuilder request =
                        new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
                headers.forEach(
                        (name, value) ->
                                request.append(name).append(": ").append(value).append("\r\n"));
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                statuses.add(Integer.parseInt(head.substring(9, 12)));
                long length = contentLength(head);
                if (length < 0) {
                    throw new IOException(
                            "response without Content-Length: "
                                    + head.lines().findFirst().orElse(""));
                }
                in.readNBytes((int) length);
            }
        }
        return statuses;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response");
            }
            head.write(b);
            matched =
                    (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b
                            ? matched + 1
                            : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return -1;
    }
}
