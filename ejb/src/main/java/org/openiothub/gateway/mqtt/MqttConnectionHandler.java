package org.openiothub.gateway.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.GatewayTls;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.telemetry.TelemetryMessage;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * One device's MQTT 3.1.1 connection, after TLS and the codec: CONNECT and authentication, then telemetry,
 * subscriptions and keep-alive. Everything here runs on the channel's event loop; the authenticator runs on
 * {@link MqttServices#blockingWork()} and telemetry is stored asynchronously, and their results come back to the
 * event loop.
 */
final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(MqttConnectionHandler.class);

    /** IoT Hub's limit for a device-to-cloud message. */
    static final int MAX_TELEMETRY_BYTES = 256 * 1024;
    /** Stored-but-unconfirmed messages of one connection beyond which the hub stops reading from it. */
    static final int MAX_IN_FLIGHT = 64;
    /** Packets a client may send after CONNECT before it has its CONNACK. */
    static final int MAX_EARLY_PACKETS = 256;
    /** How long a client has from opening the connection (the TLS handshake included) to its CONNECT, by default. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final String IDLE_HANDLER = "idle";
    static final String RETAIN_PROPERTY = "mqtt-retain";

    private enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSED }

    private final MqttServices services;
    private final Duration connectTimeout;
    private final ArrayDeque<MqttMessage> early = new ArrayDeque<>();
    private ScheduledFuture<?> connectDeadline;
    private State state = State.AWAITING_CONNECT;
    private MqttClientId client;
    private String modelId;
    private DeviceIdentity identity;
    private MqttTopics topics;
    private MqttDeviceLink link;
    private MqttTwinHandler twins;
    private boolean registered;
    private int inFlight;

    MqttConnectionHandler(MqttServices services) {
        this(services, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * @param connectTimeout how long a client has from the opening of the connection to its CONNECT, however slowly
     *                       it sends it: after that the connection is closed
     */
    MqttConnectionHandler(MqttServices services, Duration connectTimeout) {
        this.services = services;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // A deadline, not an idle time: a client trickling a byte at a time must not hold a connection open for ever.
        connectDeadline = ctx.executor().schedule(() -> {
            if (state == State.AWAITING_CONNECT) {
                close(ctx, "it sent no CONNECT within " + connectTimeout.toMillis() + " ms");
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    /**
     * The hub writes what a device asks for (acknowledgements, responses); a device that asks but does not read would
     * make it buffer without bound, so the hub stops reading from it until its writes drain.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateAutoRead(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            close(ctx, "it sent something that is not MQTT");
            return;
        }
        switch (state) {
            case AWAITING_CONNECT -> {
                try {
                    onFirstPacket(ctx, message);
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }
            case AUTHENTICATING -> {
                if (message.fixedHeader() != null && message.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                    ReferenceCountUtil.release(message);
                    close(ctx, "it sent a second CONNECT");
                } else if (early.size() >= MAX_EARLY_PACKETS) {
                    ReferenceCountUtil.release(message);
                    close(ctx, "it sent too many packets before its CONNACK");
                } else {
                    early.add(message);
                }
            }
            case CONNECTED -> {
                try {
                    onPacket(ctx, message);
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }
            case CLOSED -> ReferenceCountUtil.release(message);
        }
    }

    // --- CONNECT ------------------------------------------------------------------------------------------------

    private void onFirstPacket(ChannelHandlerContext ctx, MqttMessage message) {
        cancelConnectDeadline();
        if (message.decoderResult().isFailure()) {
            Throwable cause = message.decoderResult().cause();
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, "it speaks an unknown MQTT version");
            } else if (cause instanceof MqttIdentifierRejectedException) {
                refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "its client identifier is invalid");
            } else {
                close(ctx, "its first packet is malformed: " + cause.getMessage());
            }
            return;
        }
        if (!(message instanceof MqttConnectMessage connect)) {
            close(ctx, "it sent " + message.fixedHeader().messageType() + " before CONNECT");
            return;
        }
        if (connect.variableHeader().version() != 4) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "it speaks MQTT protocol level " + connect.variableHeader().version() + ", not 4 (3.1.1)");
            return;
        }
        try {
            client = MqttClientId.parse(connect.payload().clientIdentifier());
        } catch (IllegalArgumentException e) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, e.getMessage());
            return;
        }
        MqttUserName userName;
        try {
            userName = MqttUserName.parse(connect.variableHeader().hasUserName() ? connect.payload().userName() : null, client);
        } catch (IllegalArgumentException e) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, e.getMessage());
            return;
        }
        byte[] password = connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null;
        boolean withToken = password != null && password.length > 0;
        List<X509Certificate> certificates = withToken ? List.of() : GatewayTls.clientCertificates(ctx.channel());
        if (!withToken && certificates.isEmpty()) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "it sent neither a SAS token nor a client certificate");
            return;
        }
        if (withToken ? services.authenticator() == null : services.certificates() == null) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "no authenticator is deployed");
            return;
        }
        modelId = userName.modelId();
        int keepAliveSeconds = connect.variableHeader().keepAliveTimeSeconds();
        String token = withToken ? new String(password, StandardCharsets.UTF_8) : null;
        MqttClientId connecting = client;
        state = State.AUTHENTICATING;
        updateAutoRead(ctx);
        CompletableFuture<DeviceIdentity> authentication;
        try {
            authentication = CompletableFuture.supplyAsync(() -> withToken
                    ? services.authenticator().authenticate(connecting.deviceId(), connecting.moduleId(), token)
                    : services.certificates().authenticate(connecting.deviceId(), connecting.moduleId(), certificates),
                    services.blockingWork());
        } catch (RejectedExecutionException e) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "the hub is too busy to authenticate it");
            return;
        }
        authentication.whenComplete((device, failure) ->
                onEventLoop(ctx, () -> onAuthenticated(ctx, device, failure, keepAliveSeconds)));
    }

    private void onAuthenticated(ChannelHandlerContext ctx, DeviceIdentity device, Throwable failure, int keepAliveSeconds) {
        if (state != State.AUTHENTICATING) {
            return;
        }
        if (failure != null) {
            MqttConnectReturnCode code = MqttConnackCodes.of(failure);
            if (code == null) {
                MqttLogger.LOG.authenticationError(client.toString(), unwrap(failure));
                code = MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            }
            refuse(ctx, code, String.valueOf(unwrap(failure).getMessage()));
            return;
        }
        if (device == null || !client.deviceId().equals(device.deviceId())
                || !Objects.equals(client.moduleId(), device.moduleId())) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "it authenticated as another identity");
            return;
        }
        identity = device;
        topics = MqttTopics.of(client);
        state = State.CONNECTED;
        link = new MqttDeviceLink(identity, ctx.channel());
        ctx.channel().attr(MqttDeviceLink.KEY).set(link);
        twins = new MqttTwinHandler(services.twins(), services.blockingWork(), ctx.executor(), services.clock(), link);
        services.sessions().register(client, ctx.channel());
        registered = true;
        MqttConnAckMessage connAck = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false)
                .build();
        ctx.writeAndFlush(connAck);
        applyKeepAlive(ctx, keepAliveSeconds);
        try {
            services.connections().connected(identity);
        } catch (RuntimeException e) {
            LOG.warnf("[device-id: %s] the connection listener failed: %s", client, e);
        }
        LOG.debugf("[device-id: %s] connected from %s (keep-alive %d s)", client, ctx.channel().remoteAddress(), keepAliveSeconds);
        while (state == State.CONNECTED && !early.isEmpty()) {
            MqttMessage message = early.poll();
            try {
                onPacket(ctx, message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        updateAutoRead(ctx);
    }

    /** MQTT 3.1.1 §3.1.2.10: a client silent for one and a half keep-alive periods is gone. */
    private static void applyKeepAlive(ChannelHandlerContext ctx, int keepAliveSeconds) {
        if (ctx.pipeline().get(IDLE_HANDLER) == null) {
            return;
        }
        if (keepAliveSeconds <= 0) {
            ctx.pipeline().remove(IDLE_HANDLER);
        } else {
            ctx.pipeline().replace(IDLE_HANDLER, IDLE_HANDLER,
                    new IdleStateHandler(keepAliveSeconds * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    private void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode code, String reason) {
        LOG.debugf("[device-id: %s] connection refused (%s): %s", client, code, reason);
        state = State.CLOSED;
        releaseEarlyPackets();
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    // --- after CONNACK ------------------------------------------------------------------------------------------

    private void onPacket(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            close(ctx, "it sent a malformed packet: " + message.decoderResult().cause().getMessage());
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> onPublish(ctx, (MqttPublishMessage) message);
            case SUBSCRIBE -> onSubscribe(ctx, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> onUnsubscribe(ctx, (MqttUnsubscribeMessage) message);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case PUBACK -> link.acknowledged(((MqttPubAckMessage) message).variableHeader().messageId());
            case DISCONNECT -> close(ctx, "it disconnected");
            default -> close(ctx, "it sent " + type + ", which an IoT Hub device does not send");
        }
    }

    private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
            close(ctx, "it published at QoS " + qos.value() + ", which IoT Hub does not support");
            return;
        }
        String topic = publish.variableHeader().topicName();
        int packetId = publish.variableHeader().packetId();
        MqttTopics.Publish target = topics.classify(topic);
        if (target instanceof MqttTopics.Telemetry telemetry) {
            onTelemetry(ctx, publish, qos, packetId, telemetry.propertyBag());
        } else if (target instanceof MqttTopics.MethodResponse) {
            activity();
            services.methods().onResponse(identity, topic, publish.payload());
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(pubAck(packetId));
            }
        } else if (target instanceof MqttTopics.TwinRequest) {
            onTwinRequest(ctx, publish, qos, packetId, topic);
        } else {
            close(ctx, "it published to '" + topic + "', which is not its own topic");
        }
    }

    private void onTwinRequest(ChannelHandlerContext ctx, MqttPublishMessage publish, MqttQoS qos, int packetId, String topic) {
        MqttTwinRequest request;
        try {
            request = MqttTwinRequest.parse(topic);
        } catch (IllegalArgumentException e) {
            close(ctx, e.getMessage());
            return;
        }
        activity();
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            // The PUBACK says the request arrived; the answer follows on $iothub/twin/res/.
            ctx.writeAndFlush(pubAck(packetId));
        }
        twins.handle(request, ByteBufUtil.getBytes(publish.payload()));
    }

    private void onTelemetry(ChannelHandlerContext ctx, MqttPublishMessage publish, MqttQoS qos, int packetId, String bag) {
        int size = publish.payload().readableBytes();
        if (size > MAX_TELEMETRY_BYTES) {
            close(ctx, "its message of " + size + " bytes is over the limit of " + MAX_TELEMETRY_BYTES);
            return;
        }
        MessageProperties properties;
        try {
            properties = MqttPropertyBag.decode(bag);
        } catch (MqttPropertyBag.MalformedPropertyBagException e) {
            close(ctx, e.getMessage());
            return;
        }
        if (publish.fixedHeader().isRetain()) {
            // IoT Hub stores nothing for RETAIN; it tells the back end that the device asked for it.
            properties = properties.withApplicationProperty(RETAIN_PROPERTY, "true");
        }
        TelemetryMessage message = new TelemetryMessage(identity, modelId, ByteBufUtil.getBytes(publish.payload()),
                properties, services.clock().instant());
        activity();
        CompletionStage<Void> stored;
        try {
            stored = services.telemetry().send(message);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        inFlight++;
        updateAutoRead(ctx);
        stored.whenComplete((ignored, failure) -> onEventLoop(ctx, () -> onStored(ctx, qos, packetId, failure)));
    }

    private void onStored(ChannelHandlerContext ctx, MqttQoS qos, int packetId, Throwable failure) {
        inFlight--;
        if (state != State.CONNECTED) {
            return;
        }
        if (failure != null) {
            String reason = unwrap(failure).toString();
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                MqttLogger.LOG.telemetryNotStored(client.toString(), reason);
                close(ctx, "its message could not be stored");
            } else {
                MqttLogger.LOG.telemetryLost(client.toString(), reason);
            }
            return;
        }
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(pubAck(packetId));
        }
        updateAutoRead(ctx);
    }

    private void onSubscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        List<Integer> granted = new ArrayList<>();
        for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
            if (!topics.maySubscribe(subscription.topicName())) {
                close(ctx, "it subscribed to '" + subscription.topicName() + "', which is not its own topic");
                return;
            }
            granted.add(Math.min(subscription.qualityOfService().value(), MqttQoS.AT_LEAST_ONCE.value()));
        }
        LOG.debugf("[device-id: %s] subscribed to %s", client, subscribe.payload().topicSubscriptions());
        ctx.writeAndFlush(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(subscribe.variableHeader().messageId()),
                new MqttSubAckPayload(granted)));
        for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
            DeviceFeature feature = topics.featureOf(subscription.topicName());
            if (link.subscribed(feature)) {
                subscribed(feature);
                if (feature == DeviceFeature.CLOUD_TO_DEVICE) {
                    services.cloudToDevice().attach(link);
                }
            }
        }
    }

    private void onUnsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage unsubscribe) {
        for (String filter : unsubscribe.payload().topics()) {
            DeviceFeature feature = topics.featureOf(filter);
            if (feature != null && link.unsubscribed(feature) && feature == DeviceFeature.CLOUD_TO_DEVICE) {
                services.cloudToDevice().detach(link);
            }
        }
        ctx.writeAndFlush(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(unsubscribe.variableHeader().messageId())));
    }

    // --- connection life ----------------------------------------------------------------------------------------

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            close(ctx, state == State.CONNECTED ? "its keep-alive expired" : "it sent no CONNECT in time");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets, TLS failures and the like are the client's business; the log says which connection went.
        close(ctx, "of " + cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        cancelConnectDeadline();
        releaseEarlyPackets();
        if (link != null) {
            link.closed();
            services.cloudToDevice().detach(link);
        }
        if (registered && services.sessions().unregister(client, ctx.channel()) && !services.sessions().isStopping()) {
            try {
                services.connections().disconnected(identity);
            } catch (RuntimeException e) {
                LOG.warnf("[device-id: %s] the connection listener failed: %s", client, e);
            }
            LOG.debugf("[device-id: %s] disconnected", client);
        }
        super.channelInactive(ctx);
    }

    private void close(ChannelHandlerContext ctx, String reason) {
        if (state != State.CLOSED) {
            LOG.debugf("[device-id: %s] closing the connection from %s because %s", client, ctx.channel().remoteAddress(), reason);
        }
        state = State.CLOSED;
        releaseEarlyPackets();
        ctx.close();
    }

    /** Tells the hub, after the SUBACK, so that what it sends now follows the acknowledgement. */
    private void subscribed(DeviceFeature feature) {
        try {
            services.subscriptions().accept(new DeviceFeatureSubscribed(identity, feature));
        } catch (RuntimeException e) {
            LOG.warnf("[device-id: %s] a subscription listener failed: %s", client, e);
        }
    }

    private void activity() {
        try {
            services.connections().activity(identity);
        } catch (RuntimeException e) {
            LOG.warnf("[device-id: %s] the connection listener failed: %s", client, e);
        }
    }

    private void cancelConnectDeadline() {
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
            connectDeadline = null;
        }
    }

    /**
     * Reads only when connected, the store keeps up and the device reads what it is sent, so that a fast device
     * cannot queue unbounded work and a device that does not read cannot make the hub buffer without bound.
     */
    private void updateAutoRead(ChannelHandlerContext ctx) {
        boolean read = state == State.AWAITING_CONNECT
                || (state == State.CONNECTED && inFlight < MAX_IN_FLIGHT && ctx.channel().isWritable());
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void releaseEarlyPackets() {
        MqttMessage message;
        while ((message = early.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    private static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                MqttMessageIdVariableHeader.from(packetId));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static void onEventLoop(ChannelHandlerContext ctx, Runnable task) {
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the gateway; the connection goes with it.
        }
    }
}
