package org.openiothub.benchmark;

import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One keep-alive HTTP/1.1 connection of a {@link NettyHttpConnectionPool}, carrying one request at a time. It is
 * opened on first use, and opened anew by the next request after it closed, failed or timed out. When a request
 * ends, however it ends, its reply completes first and then the connection is handed back to the pool.
 * <p>
 * All state is confined to the event loop the connection was given, where each of its channels is registered.
 */
final class NettyHttpConnection {

    /** Larger answers fail the request: the service API's answers here are small JSON documents. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final Http1RequestWriter writer;
    private final long timeoutNanos;
    private final Consumer<NettyHttpConnection> release;

    /** The open (or opening) channel; {@code null} when the next request must open one. */
    private Channel channel;
    /** The request in progress, its reply and its time-out; {@code null} between requests. */
    private ServiceRequest request;
    private CompletableFuture<ServiceReply> reply;
    private ScheduledFuture<?> timer;

    /**
     * @param bootstrap   a template: group, channel type and options; cloned onto {@code loop}
     * @param tls         checks the certificate against {@code host}; {@code null} for plain TCP
     * @param timeoutNanos per request, from taking this connection (so including a connect) to the whole response
     * @param release     called on {@code loop} when a request has ended, to hand the connection on
     */
    NettyHttpConnection(EventLoop loop, Bootstrap bootstrap, SslContext tls, String host, int port,
            Http1RequestWriter writer, long timeoutNanos, Consumer<NettyHttpConnection> release) {
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.writer = writer;
        this.timeoutNanos = timeoutNanos;
        this.release = release;
        this.bootstrap = bootstrap.clone(loop).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                }
                ch.pipeline().addLast(new HttpResponseDecoder(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                        new ResponseHandler());
            }
        });
    }

    /** Sends {@code request} and completes {@code reply} with its outcome; the connection must be free. */
    void send(ServiceRequest request, CompletableFuture<ServiceReply> reply) {
        if (loop.inEventLoop()) {
            start(request, reply);
        } else {
            loop.execute(() -> start(request, reply));
        }
    }

    /** Closes the channel, if any; a request in progress fails. */
    void close() {
        loop.execute(() -> {
            Channel open = channel;
            if (open != null) {
                open.close();
            }
        });
    }

    private void start(ServiceRequest next, CompletableFuture<ServiceReply> nextReply) {
        if (reply != null) {
            nextReply.completeExceptionally(new IllegalStateException("connection busy"));
            return;
        }
        request = next;
        reply = nextReply;
        timer = loop.schedule(() -> timedOut(nextReply), timeoutNanos, TimeUnit.NANOSECONDS);
        if (channel != null && channel.isActive()) {
            write(channel);
            return;
        }
        ChannelFuture connecting = bootstrap.connect(host, port);
        Channel opening = connecting.channel();
        channel = opening;
        connecting.addListener((ChannelFutureListener) connected -> {
            if (opening != channel || reply != nextReply) {
                return;
            }
            if (connected.isSuccess()) {
                // A TLS handler holds the request until its handshake is done.
                write(opening);
            } else {
                channel = null;
                fail(connected.cause());
            }
        });
    }

    private void write(Channel ch) {
        ch.writeAndFlush(writer.write(request, ch.alloc()), ch.voidPromise());
    }

    private void timedOut(CompletableFuture<ServiceReply> expected) {
        if (reply != expected) {
            return;
        }
        Channel abandoned = channel;
        channel = null;
        if (abandoned != null) {
            abandoned.close();
        }
        fail(new HttpTimeoutException("no response within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }

    private void fail(Throwable cause) {
        CompletableFuture<ServiceReply> failed = end();
        failed.completeExceptionally(cause);
        // Not inline: a connection that fails at once must not recurse through every request waiting for it.
        loop.execute(() -> release.accept(this));
    }

    private void answered(ServiceReply answer) {
        end().complete(answer);
        release.accept(this);
    }

    private CompletableFuture<ServiceReply> end() {
        CompletableFuture<ServiceReply> ended = reply;
        timer.cancel(false);
        timer = null;
        request = null;
        reply = null;
        return ended;
    }

    /** The pipeline's last handler, one per channel; ignores a channel the connection has already given up. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

        private Throwable failure;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (ctx.channel() != channel || reply == null) {
                ctx.close();
                return;
            }
            if (response.decoderResult().isFailure()) {
                failure = response.decoderResult().cause();
                ctx.close();
                return;
            }
            if (!HttpUtil.isKeepAlive(response)) {
                channel = null;
                ctx.close();
            }
            answered(new ServiceReply(response.status().code(), response.content().toString(StandardCharsets.UTF_8)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() != channel) {
                return;
            }
            channel = null;
            if (reply != null) {
                fail(failure != null ? failure : new ClosedChannelException());
            }
        }
    }
}
