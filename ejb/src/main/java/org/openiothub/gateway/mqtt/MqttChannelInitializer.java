package org.openiothub.gateway.mqtt;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of a device connection: TLS, an idle timer (the keep-alive once connected), the MQTT codec, the device,
 * whose handler holds the CONNECT deadline. A connection that arrived in WebSocket frames has no TLS here: the HTTPS
 * listener terminated it.
 */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    /**
     * The largest packet the decoder accepts: the biggest allowed payload plus a topic of the longest length
     * MQTT can express (the property bag lives in it) and the packet id. Larger packets fail in the decoder, and
     * payloads above {@link MqttConnectionHandler#MAX_TELEMETRY_BYTES} in the handler; both close the connection.
     */
    static final int MAX_PACKET_BYTES = MqttConnectionHandler.MAX_TELEMETRY_BYTES + 2 + 65_535 + 2;
    /** Module client ids are two 128-character ids and a slash. */
    private static final int MAX_CLIENT_ID_LENGTH = 257;

    private final SslContext tls;
    private final MqttServices services;
    private final Duration connectTimeout;

    /** @param tls {@code null} for connections whose TLS was terminated before they reached the gateway */
    MqttChannelInitializer(SslContext tls, MqttServices services, Duration connectTimeout) {
        this.tls = tls;
        this.services = services;
        this.connectTimeout = connectTimeout;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        pipeline.addLast(MqttConnectionHandler.IDLE_HANDLER, new IdleStateHandler(connectTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast("mqtt-decoder", new MqttDecoder(MAX_PACKET_BYTES, MAX_CLIENT_ID_LENGTH));
        pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("device", new MqttConnectionHandler(services, connectTimeout));
    }
}
