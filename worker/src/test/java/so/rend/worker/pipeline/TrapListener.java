package so.rend.worker.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on 127.0.0.1 that a crafted upload names as its "remote" resource: it counts every
 * connection (HTTP or not) and keeps what each sent first, then hangs up.
 */
final class TrapListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    TrapListener() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "trap-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** What each connection sent first (an HTTP request line, say), in arrival order. */
    List<String> connections() {
        return List.copyOf(connections);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                // Counted before anything is read, so a client that sends nothing counts too.
                connections.add("(connected)");
                int index = connections.size() - 1;
                connections.set(index, firstLine(socket));
            } catch (IOException e) {
                // Closed, or the client went away: either way it was counted.
            }
        }
    }

    private static String firstLine(Socket socket) throws IOException {
        socket.setSoTimeout(2000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256];
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketTimeoutException silent) {
            return "(connected, sent nothing)";
        }
        String text = n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
