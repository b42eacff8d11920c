package org.openiothub.gateway.amqp;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The pipeline of an AMQP connection: TLS, a read time-out (the AMQP idle time-out and then some, so that a peer that
 * never speaks goes even before the engine could say so), and the Proton engine. A connection that arrived in WebSocket
 * frames has no TLS here: the HTTPS listener terminated it.
 */
final class AmqpChannelInitializer extends ChannelInitializer<Channel> {

    private final SslContext tls;
    private final AmqpServices services;

    /** @param tls {@code null} for connections whose TLS was terminated before they reached the gateway */
    AmqpChannelInitializer(SslContext tls, AmqpServices services) {
        this.tls = tls;
        this.services = services;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        pipeline.addLast("idle", new ReadTimeoutHandler(ProtonDriver.IDLE_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS));
        pipeline.addLast("amqp", new ProtonDriver(services));
    }
}
