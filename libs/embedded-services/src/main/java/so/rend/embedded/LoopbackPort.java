package so.rend.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether a loopback port is free for a server to listen on. */
public final class LoopbackPort {

    private static final byte[] IPV4_LOOPBACK = {127, 0, 0, 1};

    private LoopbackPort() {}

    /**
     * Whether something listens on {@code 127.0.0.1:port} (or on every address) now. It binds the
     * way the embedded servers do (with {@code SO_REUSEADDR}, so a closed connection's TIME_WAIT
     * does not count) and lets go at once.
     */
    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            // 127.0.0.1 itself, where the embedded servers listen, whatever the JVM prefers.
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(IPV4_LOOPBACK), port), 1);
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check port " + port, e);
        }
    }
}
