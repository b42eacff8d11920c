package org.openiothub.gateway.mqtt;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

/** The pipeline of a device connection: TLS, a CONNECT deadline (later the keep-alive), the MQTT codec, the device. */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** How long a client may take to send CONNECT after it opened the connection. */
    static final int CONNECT_TIMEOUT_SECONDS = 30;
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

    MqttChannelInitializer(SslContext tls, MqttServices services) {
        this.tls = tls;
        this.services = services;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        pipeline.addLast(MqttConnectionHandler.IDLE_HANDLER, new IdleStateHandler(CONNECT_TIMEOUT_SECONDS, 0, 0, TimeUnit.SECONDS));
        pipeline.addLast("mqtt-decoder", new MqttDecoder(MAX_PACKET_BYTES, MAX_CLIENT_ID_LENGTH));
        pipeline.addLast("mqtt-encoder", MqttEncoder.INSTANCE);
        pipeline.addLast("device", new MqttConnectionHandler(services));
    }
}
