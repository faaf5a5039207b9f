package so.rend.api.assets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/videos} over a raw socket, so a test can send the headers and part of a body and
 * then stall, send the rest later, or go away.
 */
final class RawUpload implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawUpload(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Sends the request head declaring {@code contentLength}, then {@code firstBytes}. */
    static RawUpload start(RunningApi api, String apiKey, long contentLength, byte[] firstBytes)
            throws IOException {
        RawUpload upload = new RawUpload(new Socket("127.0.0.1", api.baseUrl().getPort()));
        upload.send(
                ("POST /v1/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                + apiKey
                                + "\r\nContent-Type: video/mp4\r\nContent-Length: "
                                + contentLength
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        upload.send(firstBytes);
        return upload;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Whether any byte of an answer has arrived, without waiting. */
    boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** The answer, waiting at most {@code wait} for it to begin. */
    Answer await(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        String head;
        try {
            head = readHead();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + wait, e);
        }
        socket.setSoTimeout(10_000);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] body =
                headers.containsKey("content-length")
                        ? in.readNBytes(Integer.parseInt(headers.get("content-length")))
                        : readChunked();
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection within {@code wait} (after its answer). */
    boolean closedByServer(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset is a close too.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before an answer");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII).trim();
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine().trim(), 16);
            if (size == 0) {
                readLine();
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** A status, its headers (names in lower case) and its body. */
    record Answer(int status, Map<String, String> headers, String body) {

        JsonNode json() {
            return ApiTestEnvironment.JSON.readTree(body);
        }

        String errorCode() {
            return json().path("error").path("code").asString();
        }
    }
}
