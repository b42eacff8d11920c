package org.openiothub.gateway.amqp;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import java.util.Date;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.jboss.logging.Logger;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.gateway.DeviceFeature;

/**
 * A device's link from {@code /devices/{id}/messages/devicebound}: the hub's cloud-to-device messages, one at a time
 * as the core's pump sends them, each once the device gave credit, sent unsettled. The device's outcome settles the
 * message: accepted completes it, released or modified gives it back to the queue, rejected dead-letters it. A
 * module's link attaches the same way, but the core queues nothing for modules, so nothing goes out on it.
 */
final class CloudToDeviceSender implements LinkEndpoint {

    private static final Logger LOG = Logger.getLogger(CloudToDeviceSender.class);
    static final String ACK_PROPERTY = "iothub-ack";

    private final AmqpServices services;
    private final Sender sender;
    private final AmqpDevice device;
    /** The message waiting for credit, and its stage. */
    private DeviceBoundMessage waiting;
    private CompletableFuture<DeviceSettlement> waitingSettled;
    /** Messages sent and not yet settled by the device. */
    private final Map<Delivery, CompletableFuture<DeviceSettlement>> unsettled = new LinkedHashMap<>();
    private boolean closed;

    /** Starts the link's traffic: the device now takes its messages. Call once the link is open. */
    CloudToDeviceSender(AmqpServices services, Sender sender, AmqpDevice device) {
        this.services = services;
        this.sender = sender;
        this.device = device;
        device.cloudToDevice(this);
        services.cloudToDevice().attach(device);
        device.announce(DeviceFeature.CLOUD_TO_DEVICE, services.subscriptions());
    }

    /** Sends {@code message} once there is credit; {@code settled} completes with the device's outcome. */
    void send(DeviceBoundMessage message, CompletableFuture<DeviceSettlement> settled) {
        if (closed) {
            settled.completeExceptionally(new ClosedChannelException());
            return;
        }
        if (waiting != null) {
            settled.completeExceptionally(new IllegalStateException("A cloud-to-device message already waits for credit"));
            return;
        }
        waiting = message;
        waitingSettled = settled;
        onFlow();
    }

    @Override
    public void onFlow() {
        if (waiting == null || closed || sender.getCredit() <= 0) {
            return;
        }
        DeviceBoundMessage message = waiting;
        CompletableFuture<DeviceSettlement> settled = waitingSettled;
        waiting = null;
        waitingSettled = null;
        Delivery delivery = AmqpMessages.send(sender, tagOf(message.lockToken()), toAmqp(message));
        if (sender.getSenderSettleMode() == SenderSettleMode.SETTLED) {
            // the device asked for settled deliveries: what it gets, it took
            delivery.settle();
            settled.complete(DeviceSettlement.COMPLETED);
        } else {
            unsettled.put(delivery, settled);
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        DeviceSettlement settlement = settlementOf(delivery.getRemoteState(), delivery.remotelySettled());
        if (settlement == null) {
            return;
        }
        delivery.settle();
        CompletableFuture<DeviceSettlement> settled = unsettled.remove(delivery);
        if (settled != null) {
            LOG.debugf("[device-id: %s] settled a cloud-to-device message: %s", device.clientId(), settlement);
            settled.complete(settlement);
        }
    }

    @Override
    public String claimKey() {
        return Claim.keyOf(device.identity().deviceId(), device.identity().moduleId());
    }

    @Override
    public void onClosed() {
        closed = true;
        if (device.cloudToDevice() == this) {
            device.cloudToDevice(null);
            services.cloudToDevice().detach(device);
        }
        ClosedChannelException gone = new ClosedChannelException();
        if (waitingSettled != null) {
            waitingSettled.completeExceptionally(gone);
            waiting = null;
            waitingSettled = null;
        }
        unsettled.values().forEach(settled -> settled.completeExceptionally(gone));
        unsettled.clear();
    }

    /**
     * How the device settled a message: {@code null} while it has not decided (no outcome yet, or only
     * {@code received}). Settled without an outcome counts as released: the message is delivered again.
     */
    static DeviceSettlement settlementOf(DeliveryState state, boolean remotelySettled) {
        if (state instanceof Accepted) {
            return DeviceSettlement.COMPLETED;
        }
        if (state instanceof Rejected) {
            return DeviceSettlement.REJECTED;
        }
        if (state instanceof Released || state instanceof Modified) {
            return DeviceSettlement.ABANDONED;
        }
        return remotelySettled ? DeviceSettlement.ABANDONED : null;
    }

    /**
     * The message as IoT Hub sends it: the system properties in the properties section, {@code iothub-ack} and the
     * application properties as application properties (no null values: the Java SDK fails on them), the previous
     * delivery attempts as the header's delivery count, the body as one data section.
     */
    static Message toAmqp(DeviceBoundMessage message) {
        Message amqp = Message.Factory.create();
        Header header = new Header();
        header.setDeliveryCount(UnsignedInteger.valueOf(Math.max(0, message.deliveryCount() - 1)));
        amqp.setHeader(header);
        Properties properties = new Properties();
        properties.setMessageId(emptyToNull(message.messageId()));
        properties.setCorrelationId(emptyToNull(message.correlationId()));
        properties.setTo(emptyToNull(message.to()));
        if (message.userId() != null && !message.userId().isEmpty()) {
            properties.setUserId(new Binary(message.userId().getBytes(StandardCharsets.UTF_8)));
        }
        if (message.contentType() != null && !message.contentType().isEmpty()) {
            properties.setContentType(Symbol.valueOf(message.contentType()));
        }
        if (message.contentEncoding() != null && !message.contentEncoding().isEmpty()) {
            properties.setContentEncoding(Symbol.valueOf(message.contentEncoding()));
        }
        if (message.expiryTime() != null) {
            properties.setAbsoluteExpiryTime(Date.from(message.expiryTime()));
        }
        amqp.setProperties(properties);
        Map<String, Object> application = new LinkedHashMap<>();
        if (message.ack() != null && !message.ack().isEmpty() && !"none".equals(message.ack())) {
            application.put(ACK_PROPERTY, message.ack());
        }
        if (message.applicationProperties() != null) {
            message.applicationProperties().forEach((name, value) -> {
                if (name != null && value != null && !name.equals(ACK_PROPERTY)) {
                    application.putIfAbsent(name, value);
                }
            });
        }
        amqp.setApplicationProperties(new ApplicationProperties(application));
        amqp.setBody(new Data(new Binary(message.body() == null ? new byte[0] : message.body())));
        return amqp;
    }

    /** IoT Hub's delivery tag is the lock token's GUID; a token that is none gets a fresh tag. */
    static byte[] tagOf(String lockToken) {
        if (lockToken != null) {
            try {
                UUID id = UUID.fromString(lockToken);
                return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
            } catch (IllegalArgumentException e) {
                // not a UUID
            }
        }
        return AmqpMessages.tag();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
