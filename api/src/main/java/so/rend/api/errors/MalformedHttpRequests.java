package so.rend.api.errors;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Answers a request that HTTP/1.1 itself rejects (a negative or non-numeric {@code Content-Length},
 * a broken request line or header) in the API's one error shape, {@code 400 invalid_request}, and
 * closes the connection. Without it Reactor Netty answers those with an empty 400 before any Rend
 * code runs. Too-long lines and headers stay Reactor Netty's (414 and 431).
 */
@ChannelHandler.Sharable
public final class MalformedHttpRequests extends ChannelInboundHandlerAdapter {

    static final String NAME = "rend.malformedHttpRequests";
    private static final MalformedHttpRequests INSTANCE = new MalformedHttpRequests();
    private static final byte[] BODY =
            ("{\"error\":{\"code\":\""
                            + ApiErrorCode.INVALID_REQUEST.code()
                            + "\",\"message\":\"the HTTP request is malformed (request line or"
                            + " headers, e.g. Content-Length)\"}}")
                    .getBytes(StandardCharsets.UTF_8);

    private MalformedHttpRequests() {}

    /** Puts the handler right after the HTTP codec of every connection of {@code server}. */
    public static HttpServer answerInTheApisShape(HttpServer server) {
        return server.doOnChannelInit(
                (observer, channel, address) -> {
                    if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
                            && channel.pipeline().get(NAME) == null) {
                        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
                    }
                });
    }

    static MalformedHttpRequests instance() {
        return INSTANCE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request
                && request.decoderResult().isFailure()
                && !(request.decoderResult().cause() instanceof TooLongFrameException)) {
            ReferenceCountUtil.release(msg);
            FullHttpResponse response =
                    new DefaultFullHttpResponse(
                            HttpVersion.HTTP_1_1,
                            HttpResponseStatus.BAD_REQUEST,
                            Unpooled.wrappedBuffer(BODY));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
