package so.rend.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MalformedHttpRequestsTest {

    @Test
    void aNegativeContentLengthGetsInvalidRequestInTheApisShapeAndTheConnectionCloses() {
        EmbeddedChannel server =
                serverGiven("POST /v1/videos HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");

        FullHttpResponse response = answer(server);
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.headers().get("content-type")).isEqualTo("application/json");
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .startsWith("{\"error\":{\"code\":\"invalid_request\",\"message\":");
        assertThat(server.isOpen()).isFalse();
        response.release();
    }

    @Test
    void aWellFormedRequestPassesThrough() {
        EmbeddedChannel server = serverGiven("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

        Object read = server.readInbound();
        assertThat(read).isInstanceOf(HttpRequest.class);
        assertThat(((HttpRequest) read).uri()).isEqualTo("/healthz");
        assertThat(server.isOpen()).isTrue();
        server.finishAndReleaseAll();
    }

    private static EmbeddedChannel serverGiven(String request) {
        EmbeddedChannel server =
                new EmbeddedChannel(new HttpServerCodec(), MalformedHttpRequests.instance());
        server.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        return server;
    }

    private static FullHttpResponse answer(EmbeddedChannel server) {
        EmbeddedChannel client =
                new EmbeddedChannel(
                        new HttpRequestEncoder(),
                        new HttpResponseDecoder(),
                        new HttpObjectAggregator(1 << 16));
        Object out;
        while ((out = server.readOutbound()) != null) {
            client.writeInbound(out);
        }
        return client.readInbound();
    }
}
