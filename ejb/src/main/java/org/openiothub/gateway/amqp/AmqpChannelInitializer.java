package org.openiothub.gateway.amqp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The pipeline of an AMQP connection: TLS, a read time-out (the AMQP idle time-out and then some, so that a peer that
 * never speaks goes even before the engine could say so), and the Proton engine.
 */
final class AmqpChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final SslContext tls;
    private final AmqpServices services;

    AmqpChannelInitializer(SslContext tls, AmqpServices services) {
        this.tls = tls;
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        pipeline.addLast("idle", new ReadTimeoutHandler(ProtonDriver.IDLE_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS));
        pipeline.addLast("amqp", new ProtonDriver(services));
    }
}
