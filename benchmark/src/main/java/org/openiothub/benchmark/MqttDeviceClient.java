package org.openiothub.benchmark;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * One simulated device: an MQTT 3.1.1 connection over TLS, shaped like the Java device SDK's, that keeps up to
 * {@code window} QoS 1 telemetry messages unacknowledged and sends the next one as each PUBACK arrives. Given
 * {@link #receiveOn subscriptions}, it subscribes before counting as connected and hands every PUBLISH from the
 * hub to a {@link DeviceInbox}, which may answer with {@link #send}.
 * <p>
 * All state but the flags is confined to the channel's event loop.
 */
final class MqttDeviceClient extends SimpleChannelInboundHandler<MqttMessage> {

    static final int KEEP_ALIVE_SECONDS = 230;
    static final String TELEMETRY_PROPERTIES = "$.ct=application%2Fjson&$.ce=utf-8&k=v";
    private static final int FREE = 0;

    private final String deviceId;
    private final String username;
    private final String password;
    private final String topic;
    private final ByteBuf payload;
    private final TelemetryStats stats;
    private final CompletableFuture<Void> connack = new CompletableFuture<>();

    // In-flight messages: packet id (FREE when unused) and send time per slot, scanned linearly (window is small).
    private final int[] slotPacketId;
    private final long[] slotSentAt;
    private final long[] slotSequence;
    private TelemetrySequence sequence;
    private int inFlight;
    private int nextPacketId = 1;
    private boolean flushPending;
    private long connectStartedAt;
    private List<String> subscriptions = List.of();
    private DeviceInbox inbox;
    private int subscribePacketId;

    private volatile Channel channel;
    /** Unacknowledged messages allowed now: at most the slots' capacity. */
    private volatile int window;
    private volatile boolean publishing;
    private volatile boolean closing;

    /**
     * @param hubHostName the IoT Hub host name as it appears in the username and the token's audience
     * @param password    the device's SAS token
     */
    MqttDeviceClient(String hubHostName, String deviceId, String password, int window, int payloadBytes,
            TelemetryStats stats) {
        this(hubHostName, deviceId, password, window, window, payloadBytes, stats);
    }

    /**
     * @param window      unacknowledged messages allowed at first
     * @param maxWindow   the largest window {@link #window(int)} may set later
     */
    MqttDeviceClient(String hubHostName, String deviceId, String password, int window, int maxWindow,
            int payloadBytes, TelemetryStats stats) {
        this.deviceId = deviceId;
        this.username = hubHostName + "/" + deviceId + "/?api-version=2020-09-30&DeviceClientType=benchmark";
        this.password = password;
        this.topic = "devices/" + deviceId + "/messages/events/" + TELEMETRY_PROPERTIES;
        // Unreleasable so that every publish can send a duplicate of the same bytes without copying them.
        this.payload = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(TelemetryPayload.json(deviceId, payloadBytes)).asReadOnly());
        this.stats = stats;
        if (window < 1 || window > maxWindow) {
            throw new IllegalArgumentException("window " + window + " outside 1.." + maxWindow);
        }
        this.slotPacketId = new int[maxWindow];
        this.slotSentAt = new long[maxWindow];
        this.slotSequence = new long[maxWindow];
        this.window = window;
    }

    /**
     * Numbers every telemetry message through {@code sequence}, which names the topic that carries the number and
     * hears which numbers were acknowledged. Call before {@link #connect}.
     */
    MqttDeviceClient sequenced(TelemetrySequence sequence) {
        this.sequence = sequence;
        return this;
    }

    /**
     * Subscribes to {@code filters} (QoS 1) right after CONNACK; the connect future then completes on the SUBACK.
     * Call before {@link #connect}.
     */
    MqttDeviceClient receiveOn(List<String> filters, DeviceInbox inbox) {
        this.subscriptions = List.copyOf(filters);
        this.inbox = inbox;
        return this;
    }

    String deviceId() {
        return deviceId;
    }

    /** @return {@code null} unless {@link #receiveOn} gave one */
    DeviceInbox inbox() {
        return inbox;
    }

    /** Whether the connect (and subscribe) succeeded and the connection is still open. */
    boolean isConnected() {
        Channel ch = channel;
        return connack.isDone() && !connack.isCompletedExceptionally() && ch != null && ch.isActive();
    }

    /**
     * Writes a QoS 0 PUBLISH; flushed when the current read completes, or by {@link #execute}. Event loop only.
     *
     * @return false when the connection is not open
     */
    boolean send(String topic, byte[] body) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        ch.write(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, 0),
                Unpooled.wrappedBuffer(body)), ch.voidPromise());
        flushPending = true;
        return true;
    }

    /** Runs {@code task} on the connection's event loop, then flushes what it sent; a no-op when never opened. */
    void execute(Runnable task) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            task.run();
            if (flushPending) {
                flushPending = false;
                ch.flush();
            }
        });
    }

    /**
     * Opens TCP, TLS (verifying the certificate against {@code host}), then sends CONNECT.
     *
     * @return completes on an accepted CONNACK; completes exceptionally on any failure or after {@code timeoutMillis}
     */
    CompletableFuture<Void> connect(Bootstrap bootstrap, SslContext tls, String host, int port, long timeoutMillis) {
        connectStartedAt = System.nanoTime();
        ChannelFuture tcp = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                SslHandler handshake = tls.newHandler(ch.alloc(), host, port);
                // One bound for the whole connect (TCP, TLS, CONNECT), not Netty's separate 10 s TLS default.
                handshake.setHandshakeTimeoutMillis(timeoutMillis);
                ch.pipeline().addLast(
                        handshake,
                        new MqttDecoder(),
                        MqttEncoder.INSTANCE,
                        new IdleStateHandler(0, KEEP_ALIVE_SECONDS, 0),
                        MqttDeviceClient.this);
            }
        }).connect(host, port);
        channel = tcp.channel();
        tcp.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failConnect("TCP connect: " + describe(f.cause()));
            }
        });
        tcp.channel().eventLoop().schedule(() -> failConnect("no CONNACK within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
        return connack;
    }

    /** Starts filling the window; a no-op for a device that is not connected. */
    void startPublishing() {
        publishing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> fillWindow(true));
        }
    }

    /**
     * Changes how many messages may be unacknowledged: a larger window is filled at once, a smaller one by sending
     * nothing until enough PUBACKs came back.
     *
     * @throws IllegalArgumentException outside 1 and the largest window given to the constructor
     */
    void window(int newWindow) {
        if (newWindow < 1 || newWindow > slotPacketId.length) {
            throw new IllegalArgumentException("window " + newWindow + " outside 1.." + slotPacketId.length);
        }
        window = newWindow;
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> fillWindow(true));
        }
    }

    /**
     * Sends one telemetry message now, outside {@link #startPublishing}'s closed loop, unless the window is full
     * (then tallied as an error) or the device is not connected.
     */
    void publishOne() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            if (!ch.isActive() || !connack.isDone() || connack.isCompletedExceptionally() || closing) {
                return;
            }
            if (inFlight >= slotPacketId.length) {
                stats.error("telemetry skipped: window full");
                return;
            }
            writeTelemetry(ch);
            ch.flush();
        });
    }

    /** Stops sending; messages in flight may still be acknowledged. */
    void stopPublishing() {
        publishing = false;
    }

    /**
     * Sends DISCONNECT and closes the connection.
     *
     * @return completes when the channel is closed; {@code null} when it was never opened
     */
    ChannelFuture disconnect() {
        closing = true;
        publishing = false;
        Channel ch = channel;
        if (ch == null) {
            return null;
        }
        if (ch.isActive() && connack.isDone() && !connack.isCompletedExceptionally()) {
            ch.writeAndFlush(MqttMessage.DISCONNECT).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
        return ch.closeFuture();
    }

    /**
     * Closes the connection without DISCONNECT, as a device losing power or network would.
     *
     * @return completes when the channel is closed; {@code null} when it was never opened
     */
    ChannelFuture abort() {
        closing = true;
        publishing = false;
        Channel ch = channel;
        if (ch == null) {
            return null;
        }
        return ch.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                ctx.writeAndFlush(MqttMessageBuilders.connect()
                        .protocolVersion(MqttVersion.MQTT_3_1_1)
                        .clientId(deviceId)
                        .cleanSession(false)
                        .keepAlive(KEEP_ALIVE_SECONDS)
                        .hasUser(true)
                        .username(username)
                        .hasPassword(true)
                        .password(password)
                        .build(), ctx.voidPromise());
            } else {
                failConnect("TLS handshake: " + describe(handshake.cause()));
            }
        } else if (event instanceof IdleStateEvent) {
            ctx.writeAndFlush(MqttMessage.PINGREQ, ctx.voidPromise());
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            stats.error("MQTT decoding: " + describe(message.decoderResult().cause()));
            ctx.close();
            return;
        }
        switch (message.fixedHeader().messageType()) {
            case PUBACK -> acknowledged(((MqttPubAckMessage) message).variableHeader().messageId());
            case CONNACK -> connectAcknowledged(ctx, ((MqttConnAckMessage) message).variableHeader().connectReturnCode());
            case SUBACK -> subscribeAcknowledged((MqttSubAckMessage) message);
            case PUBLISH -> {
                // Without an inbox nothing is subscribed; acknowledge anyway so a misrouted QoS 1 message is not
                // redelivered forever.
                MqttPublishMessage publish = (MqttPublishMessage) message;
                if (inbox != null) {
                    inbox.received(this, publish.variableHeader().topicName(), publish.payload());
                }
                if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    ctx.write(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build(),
                            ctx.voidPromise());
                    flushPending = true;
                }
            }
            case PINGRESP -> {
            }
            default -> stats.error("unexpected MQTT " + message.fixedHeader().messageType());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // PUBACKs arriving in one read trigger their successors as one flush: fewer TLS records and syscalls.
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!connack.isDone()) {
            failConnect("connection closed before CONNACK");
        } else if (!connack.isCompletedExceptionally()) {
            stats.connected.decrement();
            if (!closing) {
                stats.disconnects.increment();
            }
        }
        stats.lost.add(inFlight);
        inFlight = 0;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!connack.isDone()) {
            failConnect(describe(cause));
        } else if (!connack.isCompletedExceptionally() && !closing) {
            stats.error(describe(cause));
        }
        ctx.close();
    }

    private void connectAcknowledged(ChannelHandlerContext ctx, MqttConnectReturnCode code) {
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            failConnect("CONNACK " + code);
            return;
        }
        if (!subscriptions.isEmpty()) {
            subscribePacketId = nextFreePacketId();
            MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(subscribePacketId);
            subscriptions.forEach(filter -> subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter));
            ctx.writeAndFlush(subscribe.build(), ctx.voidPromise());
            return;
        }
        connected();
    }

    private void subscribeAcknowledged(MqttSubAckMessage suback) {
        if (suback.variableHeader().messageId() != subscribePacketId) {
            stats.error("SUBACK for a packet id never used");
            return;
        }
        if (suback.payload().grantedQoSLevels().stream().anyMatch(qos -> qos > MqttQoS.AT_LEAST_ONCE.value())) {
            failConnect("SUBACK refused " + suback.payload().grantedQoSLevels());
            return;
        }
        connected();
    }

    private void connected() {
        if (connack.complete(null)) {
            stats.connected.increment();
            stats.connectLatency.recordNanos(System.nanoTime() - connectStartedAt);
        }
        if (publishing) {
            fillWindow(true);
        }
    }

    private void acknowledged(int packetId) {
        long now = System.nanoTime();
        for (int slot = 0; slot < slotPacketId.length; slot++) {
            if (slotPacketId[slot] == packetId) {
                slotPacketId[slot] = FREE;
                inFlight--;
                stats.acked.increment();
                stats.pubAckLatency.recordNanos(now - slotSentAt[slot]);
                if (sequence != null) {
                    sequence.acknowledged(slotSequence[slot]);
                }
                fillWindow(false);
                return;
            }
        }
        stats.error("PUBACK for a packet id not in flight");
    }

    private void fillWindow(boolean flushNow) {
        Channel ch = channel;
        if (!publishing || ch == null || !ch.isActive() || !connack.isDone()) {
            return;
        }
        boolean wrote = false;
        int limit = window;
        while (inFlight < limit) {
            writeTelemetry(ch);
            wrote = true;
        }
        if (wrote) {
            if (flushNow) {
                ch.flush();
            } else {
                flushPending = true;
            }
        }
    }

    private void writeTelemetry(Channel ch) {
        int slot = freeSlot();
        int packetId = nextFreePacketId();
        slotPacketId[slot] = packetId;
        slotSentAt[slot] = System.nanoTime();
        String messageTopic = topic;
        if (sequence != null) {
            slotSequence[slot] = sequence.next();
            messageTopic = sequence.topic(slotSequence[slot]);
        }
        inFlight++;
        ch.write(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(messageTopic, packetId),
                payload.duplicate()), ch.voidPromise());
        stats.sent.increment();
    }

    private int freeSlot() {
        for (int slot = 0; slot < slotPacketId.length; slot++) {
            if (slotPacketId[slot] == FREE) {
                return slot;
            }
        }
        throw new IllegalStateException("window full");
    }

    /** Packet ids 1..65535 in turn, skipping any still in flight. */
    private int nextFreePacketId() {
        while (true) {
            int candidate = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
            if (!inUse(candidate)) {
                return candidate;
            }
        }
    }

    private boolean inUse(int packetId) {
        for (int id : slotPacketId) {
            if (id == packetId) {
                return true;
            }
        }
        return false;
    }

    private void failConnect(String reason) {
        if (connack.completeExceptionally(new IllegalStateException(reason))) {
            stats.connectFailures.increment();
            stats.error("connect: " + reason);
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** Exception class and message, without device-specific detail so failures tally by kind. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
