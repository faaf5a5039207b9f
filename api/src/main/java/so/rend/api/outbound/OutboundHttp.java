package so.rend.api.outbound;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP client of calls to URLs users give Rend (ingest, webhooks): one connection per request,
 * each aimed at the address {@link OutboundAddresses} checked, redirects never followed by the
 * client, and every wait bounded.
 */
public final class OutboundHttp {

    private OutboundHttp() {}

    /**
     * A client with no pool (a pooled connection is keyed by address and could carry a request to
     * another host), no redirects, and the given connect and read bounds.
     */
    public static HttpClient client(Duration connectTimeout, Duration readTimeout) {
        return HttpClient.create(ConnectionProvider.newConnection())
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .responseTimeout(readTimeout)
                .doOnConnected(
                        connection ->
                                connection.addHandlerLast(
                                        new ReadTimeoutHandler(
                                                readTimeout.toMillis(), TimeUnit.MILLISECONDS)));
    }

    /**
     * {@code client} aimed at {@code target}: connected to its checked address, the name only in
     * {@code Host} and TLS SNI.
     */
    public static HttpClient to(
            HttpClient client, OutboundAddresses.Target target, String userAgent) {
        HttpClient configured =
                client.remoteAddress(target::socketAddress)
                        .headers(
                                headers ->
                                        headers.set(HttpHeaderNames.HOST, target.hostHeader())
                                                .set(HttpHeaderNames.USER_AGENT, userAgent));
        return target.https() ? configured.secure() : configured;
    }
}
