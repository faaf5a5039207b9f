package so.rend.edge.telemetry;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedInput;
import java.util.function.LongConsumer;
import reactor.netty.NettyPipeline;

/**
 * Counts the body bytes a connection has really written, behind the HTTP codec: a buffer counts
 * once its write succeeded, a sendfile region (or, under TLS, a chunked file) by how far it got (so
 * an aborted download counts what left: to the byte for disk hits, to the last whole buffer
 * otherwise). Headers are not counted. It also knows when a response has ended (its last part
 * written, or the connection closed), which for a body Reactor Netty writes after the route's
 * publisher completed is later than the route can see. The count is written on the connection's
 * event loop only.
 */
public final class SentBytes extends ChannelDuplexHandler {

    static final String NAME = "rend.sentBytes";

    /**
     * How many recent responses' end counts are kept: a route may finish after the next response on
     * the connection was already served (a fill's publisher completing late), so its own end count
     * must still be there.
     */
    private static final int ENDS_KEPT = 8;

    private final Channel channel;
    private volatile long sent;
    private volatile long ended;
    private final long[] sentAtEnd = new long[ENDS_KEPT];
    private LongConsumer pending;

    private SentBytes(Channel channel) {
        this.channel = channel;
    }

    /** Puts a counter right behind the HTTP codec of a new connection. */
    public static void install(ChannelPipeline pipeline, String codecName) {
        if (pipeline.get(codecName) != null && pipeline.get(NAME) == null) {
            pipeline.addAfter(codecName, NAME, new SentBytes(pipeline.channel()));
        }
    }

    /** The counter of {@code channel}, or null when it has none. */
    static SentBytes of(Channel channel) {
        return (SentBytes) channel.pipeline().get(NAME);
    }

    /**
     * The counter of {@code channel}, put behind its HTTP codec now when it has none yet: under TLS
     * there is no codec when the connection opens (ALPN picks HTTP/1.1 or HTTP/2 later, and each
     * HTTP/2 stream is a channel of its own with its own codec). Null when it has no HTTP codec.
     */
    static SentBytes attach(Channel channel) {
        SentBytes counter = of(channel);
        if (counter == null) {
            install(channel.pipeline(), NettyPipeline.HttpCodec);
            install(channel.pipeline(), NettyPipeline.H2ToHttp11Codec);
            counter = of(channel);
        }
        return counter;
    }

    long sent() {
        return sent;
    }

    long responsesEnded() {
        return ended;
    }

    /**
     * Calls {@code done} with the connection's count once the response that was under way when
     * {@link #responsesEnded()} read {@code endedBefore} has ended: at once if it has, else when
     * its last part is written or the connection closes.
     */
    void afterResponse(long endedBefore, LongConsumer done) {
        channel.eventLoop()
                .execute(
                        () -> {
                            if (ended > endedBefore) {
                                done.accept(sentAtEnd(endedBefore + 1));
                            } else if (!channel.isActive()) {
                                done.accept(sent);
                            } else {
                                pending = done;
                            }
                        });
    }

    /** The count when response number {@code end} ended, or now when that is too long ago. */
    private long sentAtEnd(long end) {
        return ended - end < ENDS_KEPT ? sentAtEnd[(int) (end % ENDS_KEPT)] : sent;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long size = 0;
        FileRegion region = null;
        ChunkedInput<?> chunks = null;
        if (msg instanceof ByteBuf buf) {
            size = buf.readableBytes();
        } else if (msg instanceof ByteBufHolder holder) {
            size = holder.content().readableBytes();
        } else if (msg instanceof FileRegion file) {
            region = file;
            size = file.count();
        } else if (msg instanceof ChunkedInput<?> input) {
            // A disk hit under TLS: no sendfile, the file is read in chunks ahead of this handler.
            chunks = input;
            size = Math.max(0, input.length());
        }
        boolean last = msg instanceof LastHttpContent;
        if (size == 0 && !last) {
            ctx.write(msg, promise);
            return;
        }
        ChannelPromise counted = promise.unvoid();
        FileRegion file = region;
        ChunkedInput<?> chunked = chunks;
        long bytes = size;
        counted.addListener(
                done -> {
                    if (done.isSuccess()) {
                        sent += bytes;
                    } else if (file != null) {
                        sent += file.transferred();
                    } else if (chunked != null) {
                        sent += Math.max(0, chunked.progress());
                    }
                    if (last) {
                        sentAtEnd[(int) ((ended + 1) % ENDS_KEPT)] = sent;
                        ended++;
                        firePending();
                    }
                });
        ctx.write(msg, counted);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        firePending();
        super.channelInactive(ctx);
    }

    private void firePending() {
        LongConsumer done = pending;
        if (done != null) {
            pending = null;
            done.accept(sent);
        }
    }
}
