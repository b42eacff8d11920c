package org.openiothub.gateway;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * A device gateway's listening socket and its event loops: one to accept, one per core to serve connections, those
 * accepted on the socket and those {@linkplain #serve handed over} by another transport.
 */
public final class GatewayServer {

    private static final long QUIET_PERIOD_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final WriteBufferWaterMark writeBuffer;
    /** Channels handed over: the event loops close only the sockets they select on. */
    private final ChannelGroup tunnelled = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private GatewayServer(EventLoopGroup boss, EventLoopGroup workers, Channel server, WriteBufferWaterMark writeBuffer) {
        this.boss = boss;
        this.workers = workers;
        this.server = server;
        this.writeBuffer = writeBuffer;
    }

    /**
     * Listens on {@code address:port}, each connection's pipeline made by {@code connections}.
     *
     * @param writeBuffer the bytes waiting to be written to one connection at which it counts as not reading
     * @throws RuntimeException when the port cannot be bound; nothing is left running then
     */
    public static GatewayServer bind(String address, int port, ChannelHandler connections,
            WriteBufferWaterMark writeBuffer, ThreadFactory threads) {
        EventLoopGroup boss = new NioEventLoopGroup(1, threads);
        EventLoopGroup workers = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), threads);
        try {
            Channel server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, writeBuffer)
                    .childHandler(connections)
                    .bind(new InetSocketAddress(address, port))
                    .syncUninterruptibly()
                    .channel();
            return new GatewayServer(boss, workers, server, writeBuffer);
        } catch (RuntimeException e) {
            stop(boss, workers);
            throw e;
        }
    }

    /**
     * Serves {@code channel}, a connection that reached the hub another way (TLS, if any, already terminated), on
     * one of the event loops, as one accepted on the socket would be: its pipeline made by {@code connections}, the
     * same write buffer. When the gateway is stopping, the channel is closed instead.
     *
     * @param channel not yet registered with an event loop
     */
    public void serve(Channel channel, ChannelHandler connections) {
        channel.config().setWriteBufferWaterMark(writeBuffer);
        channel.pipeline().addLast(connections);
        tunnelled.add(channel);
        workers.register(channel).addListener((ChannelFutureListener) registered -> {
            if (!registered.isSuccess()) {
                registered.channel().unsafe().closeForcibly();
            }
        });
    }

    /** Stops listening; then, once {@code closeConnections} ran, stops the event loops and the connections with them. */
    public void close(Runnable closeConnections) {
        server.close().syncUninterruptibly();
        closeConnections.run();
        tunnelled.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        stop(boss, workers);
    }

    private static void stop(EventLoopGroup boss, EventLoopGroup workers) {
        boss.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS + 1_000);
    }
}
