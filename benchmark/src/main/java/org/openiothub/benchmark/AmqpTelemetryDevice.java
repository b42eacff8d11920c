package org.openiothub.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * One simulated device on an {@link AmqpClientConnection}: its own session, a put-token on the connection's
 * {@code $cbs} links, then a sender to {@code /devices/<id>/messages/events} that keeps up to {@code window}
 * deliveries unsettled (the Java device SDK's layout), the next sent as each is accepted.
 * <p>
 * Every message is the same encoded bytes but for its message id, a fixed-width decimal number written into
 * them in place: a send costs a copy into the engine, not an encoding. Confined to the connection's event loop
 * but for the volatile settings.
 */
final class AmqpTelemetryDevice implements AmqpCbsClient {

    private static final int MESSAGE_ID_DIGITS = 12;
    private static final int FREE = -1;

    private final String deviceId;
    private final String token;
    private final String hubHostName;
    private final TelemetryStats stats;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final byte[] message;
    private final int messageIdOffset;
    private final byte[][] slotTags;
    private final long[] slotSentAt;
    private final int[] slotState;
    private long sequence;
    private int inFlight;
    private long startedAt;
    private Session session;
    private Sender sender;
    private boolean gone;

    /** Unacknowledged messages allowed now: at most the slots' capacity. */
    private volatile int window;
    private volatile boolean publishing;

    AmqpTelemetryDevice(DeviceCredentials device, TelemetryDevices telemetry) {
        this.deviceId = device.deviceId();
        this.token = telemetry.token(device);
        this.hubHostName = telemetry.hubHostName();
        this.stats = telemetry.stats();
        this.message = AmqpClientConnection.encode(telemetryMessage(deviceId, telemetry.payloadBytes()));
        this.messageIdOffset = messageIdOffset(message);
        int slots = telemetry.maxWindow();
        this.slotTags = new byte[slots][];
        this.slotSentAt = new long[slots];
        this.slotState = new int[slots];
        for (int slot = 0; slot < slots; slot++) {
            slotTags[slot] = Integer.toString(slot + 1).getBytes(StandardCharsets.US_ASCII);
            slotState[slot] = FREE;
        }
        this.window = telemetry.window();
    }

    String deviceId() {
        return deviceId;
    }

    @Override
    public String audience() {
        return hubHostName + "/devices/" + deviceId;
    }

    @Override
    public String token() {
        return token;
    }

    /** Completes when the telemetry link is attached; exceptionally when anything before failed. */
    @Override
    public CompletableFuture<Void> ready() {
        return ready;
    }

    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** The device starts connecting: its session begins. Event loop. */
    @Override
    public void begin(Session newSession) {
        startedAt = System.nanoTime();
        session = newSession;
        session.open();
    }

    /** Its put-token was answered 200: the telemetry link attaches. Event loop. */
    @Override
    public void authorized() {
        sender = AmqpClientConnection.openSender(session, "sender_link_telemetry-" + deviceId + "-" + UUID.randomUUID(),
                "/devices/" + deviceId + "/messages/events", this, Map.of(
                        AmqpClientConnection.API_VERSION, AmqpClientConnection.API_VERSION_VALUE,
                        Symbol.valueOf("com.microsoft:channel-correlation-id"), deviceId));
    }

    /** The hub attached the telemetry link. Event loop. */
    @Override
    public void attached() {
        if (ready.complete(null)) {
            stats.connected.increment();
            stats.connectLatency.recordNanos(System.nanoTime() - startedAt);
        }
        fillWindow();
    }

    /** Connecting failed; a no-op once connected. */
    @Override
    public void fail(String reason) {
        if (ready.completeExceptionally(new IllegalStateException(reason))) {
            stats.connectFailures.increment();
            stats.error("connect: " + reason);
        }
    }

    /**
     * The telemetry link or the connection went away: a connected device stops counting as connected, one still
     * connecting failed; its messages in flight are lost. Only the first call counts. Event loop.
     *
     * @param expected whether the benchmark closed it
     */
    @Override
    public void closed(boolean expected, String reason) {
        if (gone) {
            return;
        }
        gone = true;
        publishing = false;
        if (isReady()) {
            stats.connected.decrement();
            if (!expected) {
                stats.disconnects.increment();
                stats.error(reason);
            }
        } else {
            fail(reason);
        }
        stats.lost.add(inFlight);
        inFlight = 0;
    }

    void publishing(boolean on) {
        publishing = on;
    }

    void window(int newWindow) {
        if (newWindow < 1 || newWindow > slotState.length) {
            throw new IllegalArgumentException("window " + newWindow + " outside 1.." + slotState.length);
        }
        window = newWindow;
    }

    @Override
    public void flow() {
        fillWindow();
    }

    /** Sends until the window is full or the link's credit is used up. Event loop. */
    void fillWindow() {
        if (!publishing || gone || sender == null || !isReady()) {
            return;
        }
        int limit = window;
        while (inFlight < limit && sender.getCredit() > 0) {
            send();
        }
    }

    /** The hub's disposition of one of this device's deliveries. Event loop. */
    @Override
    public void settled(Delivery delivery) {
        long now = System.nanoTime();
        int slot = (Integer) delivery.getContext();
        DeliveryState state = delivery.getRemoteState();
        delivery.settle();
        if (slotState[slot] == FREE) {
            return;
        }
        slotState[slot] = FREE;
        inFlight--;
        if (state instanceof Accepted) {
            stats.acked.increment();
            stats.pubAckLatency.recordNanos(now - slotSentAt[slot]);
        } else {
            // Rejected, released or modified: sent, never acknowledged.
            stats.lost.increment();
            stats.error("telemetry " + AmqpClientConnection.describe(state));
        }
        fillWindow();
    }

    private void send() {
        int slot = freeSlot();
        writeMessageId(++sequence);
        Delivery delivery = sender.delivery(slotTags[slot]);
        delivery.setContext(SLOTS[slot]);
        sender.send(message, 0, message.length);
        sender.advance();
        slotState[slot] = 0;
        slotSentAt[slot] = System.nanoTime();
        inFlight++;
        stats.sent.increment();
    }

    private int freeSlot() {
        for (int slot = 0; slot < slotState.length; slot++) {
            if (slotState[slot] == FREE) {
                return slot;
            }
        }
        throw new IllegalStateException("window full");
    }

    private void writeMessageId(long id) {
        long rest = id;
        for (int i = messageIdOffset + MESSAGE_ID_DIGITS - 1; i >= messageIdOffset; i--) {
            message[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    /** The boxed slot numbers deliveries carry as their context, allocated once. */
    private static final Integer[] SLOTS = new Integer[BenchmarkOptions.MAX_WINDOW];

    static {
        for (int i = 0; i < SLOTS.length; i++) {
            SLOTS[i] = i;
        }
    }

    /** The telemetry message of the MQTT benchmark's topic: JSON body, content type and encoding, {@code k=v}. */
    private static Message telemetryMessage(String deviceId, int payloadBytes) {
        Message telemetry = Message.Factory.create();
        Properties properties = new Properties();
        properties.setMessageId("0".repeat(MESSAGE_ID_DIGITS));
        properties.setContentType(Symbol.valueOf("application/json"));
        properties.setContentEncoding(Symbol.valueOf("utf-8"));
        telemetry.setProperties(properties);
        telemetry.setApplicationProperties(new ApplicationProperties(Map.of("k", "v")));
        telemetry.setBody(new Data(new Binary(TelemetryPayload.json(deviceId, payloadBytes))));
        return telemetry;
    }

    /** Where the message id's digits are: after its str8 constructor (0xa1) and length. */
    private static int messageIdOffset(byte[] encoded) {
        outer:
        for (int i = 0; i + 2 + MESSAGE_ID_DIGITS <= encoded.length; i++) {
            if ((encoded[i] & 0xff) != 0xa1 || encoded[i + 1] != MESSAGE_ID_DIGITS) {
                continue;
            }
            for (int j = 0; j < MESSAGE_ID_DIGITS; j++) {
                if (encoded[i + 2 + j] != '0') {
                    continue outer;
                }
            }
            return i + 2;
        }
        throw new IllegalStateException("message id not found in the encoded telemetry message");
    }
}
