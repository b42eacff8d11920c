package org.openiothub.gateway.amqp;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.jboss.logging.Logger;
import org.openiothub.gateway.DeviceFeature;

/**
 * A device's pair of links on {@code /devices/{id}[/modules/{mid}]/methods/devicebound}: method requests go out on
 * the one the hub sends on (application property {@code IoThub-methodname}, a JSON data body), answers come back on
 * the other (application property {@code IoThub-status}, the same correlation id). The device takes methods once both
 * are attached. The SDKs need a UUID as the correlation id and the core's request ids are none, so each request
 * gets a fresh UUID, kept with its request id until the answer arrives. Event loop only.
 */
final class MethodLinks extends LinkPair implements AmqpDevice.MethodRequestSender {

    private static final Logger LOG = Logger.getLogger(MethodLinks.class);
    static final String METHOD_NAME = "IoThub-methodname";
    static final String STATUS = "IoThub-status";
    /** Requests awaiting an answer that are remembered; the core times out the others long before. */
    static final int MAX_PENDING = 1024;
    /** Answers a device may have on their way. */
    private static final int CREDIT = 16;

    private final AmqpServices services;
    private final AmqpDevice device;
    /** Request ids by correlation id, oldest first. */
    private final Map<UUID, String> pending = new LinkedHashMap<>();

    MethodLinks(AmqpServices services, AmqpDevice device) {
        super(device, CREDIT);
        this.services = services;
        this.device = device;
    }

    @Override
    public void send(String requestId, String methodName, byte[] payload) {
        Sender requests = sender();
        if (requests == null) {
            LOG.debugf("[device-id: %s] method request %s dropped: its methods link closed", device.clientId(), requestId);
            return;
        }
        UUID correlationId = UUID.randomUUID();
        pending.put(correlationId, requestId);
        if (pending.size() > MAX_PENDING) {
            Iterator<UUID> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        AmqpMessages.sendAsTheLinkSettles(requests, request(correlationId, methodName, payload));
    }

    @Override
    void received(Message message) {
        Answer answer = message == null ? null : Answer.of(message);
        String requestId = answer == null ? null : pending.remove(answer.correlationId());
        if (requestId == null) {
            LOG.debugf("[device-id: %s] dropped a method answer that answers no request of this connection", device.clientId());
            return;
        }
        device.active(services.connections());
        try {
            services.methods().responded(device.identity(), requestId, answer.status(), answer.body());
        } catch (RuntimeException e) {
            LOG.warnf("[device-id: %s] the answer to method request %s was not taken: %s", device.clientId(), requestId, e);
        }
    }

    /** Methods are on while both links are attached. */
    @Override
    void changed() {
        boolean on = attached();
        boolean was = device.methods() != null;
        if (on == was) {
            return;
        }
        device.methods(on ? this : null);
        if (on) {
            device.announce(DeviceFeature.METHODS, services.subscriptions());
        } else {
            pending.clear();
        }
    }

    /** A method request as IoT Hub sends it. */
    static Message request(UUID correlationId, String methodName, byte[] payload) {
        Message message = Message.Factory.create();
        Properties properties = new Properties();
        properties.setCorrelationId(correlationId);
        message.setProperties(properties);
        Map<String, Object> application = new LinkedHashMap<>();
        application.put(METHOD_NAME, methodName);
        message.setApplicationProperties(new ApplicationProperties(application));
        message.setBody(new Data(new Binary(payload == null ? new byte[0] : payload)));
        return message;
    }

    /**
     * A device's answer to a method request.
     *
     * @param correlationId the request's correlation id
     */
    record Answer(UUID correlationId, int status, byte[] body) {

        /** @return {@code null} without a UUID correlation id or an integer {@code IoThub-status} */
        static Answer of(Message message) {
            UUID correlationId = uuidOf(message.getCorrelationId());
            Object status = AmqpProperties.applicationValue(message, STATUS);
            Integer code = null;
            if (status instanceof Number number) {
                code = number.intValue();
            } else if (status != null) {
                try {
                    code = Integer.valueOf(status.toString().trim());
                } catch (NumberFormatException e) {
                    code = null;
                }
            }
            byte[] body = AmqpMessages.bodyBytes(message);
            if (correlationId == null || code == null || body == null) {
                return null;
            }
            return new Answer(correlationId, code, body);
        }

        /** A UUID as AMQP carries it, as text (Node sends lowercase UUID text), or as 16 bytes. */
        static UUID uuidOf(Object id) {
            if (id instanceof UUID uuid) {
                return uuid;
            }
            if (id instanceof Binary binary && binary.getLength() == 16) {
                ByteBuffer bytes = ByteBuffer.wrap(binary.getArray(), binary.getArrayOffset(), 16);
                return new UUID(bytes.getLong(), bytes.getLong());
            }
            if (id instanceof String text) {
                try {
                    return UUID.fromString(text);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
