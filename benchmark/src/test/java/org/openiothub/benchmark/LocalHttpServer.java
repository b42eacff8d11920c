package org.openiothub.benchmark;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A plain HTTP/1.1 server on an ephemeral port of 127.0.0.1 that answers nothing by itself: the test takes each
 * request as it arrives and answers it, late, never, or by closing the connection.
 */
final class LocalHttpServer implements AutoCloseable {

    /** A request as the server saw it, with the connection it came on. */
    record Received(Channel channel, String method, String uri, String host, String authorization,
            String contentType, String messageId, String body) {

        void answer(int status, String answer, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.copiedBuffer(answer, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
            }
            channel.writeAndFlush(response);
        }

        void answer(int status, String answer) {
            answer(status, answer, true);
        }
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Channel listener;

    LocalHttpServer() throws InterruptedException {
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        received.add(new Received(ctx.channel(), request.method().name(),
                                                request.uri(), request.headers().get(HttpHeaderNames.HOST),
                                                request.headers().get(HttpHeaderNames.AUTHORIZATION),
                                                request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                                                request.headers().get("iothub-messageid"),
                                                request.content().toString(StandardCharsets.UTF_8)));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The next request to arrive, waiting up to two seconds. */
    Received next() throws InterruptedException {
        Received next = received.poll(2, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no request arrived");
        }
        return next;
    }

    /** @return {@code null} when no request arrives within {@code millis} */
    Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
