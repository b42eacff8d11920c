package org.openiothub.gateway.amqp;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.jboss.logging.Logger;
import org.openiothub.errors.ErrorCode;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.TwinRequestSequence;

/**
 * A device's pair of links on {@code /devices/{id}[/modules/{mid}]/twin}. Requests come in on one, each with the
 * message annotation {@code operation} ({@code GET}; {@code PATCH} of {@code resource=/properties/reported};
 * {@code PUT} or {@code DELETE} of {@code resource=/notifications/twin/properties/desired}, which subscribe to
 * desired-property notifications and end that) and a correlation id; responses go out on the other with that
 * correlation id as sent (the Java SDK sends a UUID, Node a string, and each looks its own type up), the annotation
 * {@code status} and, after a patch, {@code version}. Desired-property notifications go out on the same link with no
 * correlation id. GET and PATCH are served in order by a {@link TwinRequestSequence}. Event loop only.
 */
final class TwinLinks extends LinkPair implements AmqpDevice.DesiredPropertiesSender {

    private static final Logger LOG = Logger.getLogger(TwinLinks.class);
    static final Symbol OPERATION = Symbol.valueOf("operation");
    static final Symbol RESOURCE = Symbol.valueOf("resource");
    static final Symbol STATUS = Symbol.valueOf("status");
    static final Symbol VERSION = Symbol.valueOf("version");
    static final String REPORTED = "/properties/reported";
    static final String DESIRED = "/properties/desired";
    static final String DESIRED_NOTIFICATIONS = "/notifications/twin/properties/desired";

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final AmqpDevice device;
    private final TwinRequestSequence sequence;
    /** Whether the device asked for desired-property notifications (PUT). */
    private boolean subscribed;

    TwinLinks(AmqpServices services, ProtonDriver driver, AmqpDevice device) {
        super(device, TwinRequestSequence.MAX_QUEUED);
        this.services = services;
        this.driver = driver;
        this.device = device;
        this.sequence = new TwinRequestSequence(services.twins(), services.blockingWork(), driver::execute,
                services.clock(), device.identity(), AmqpLogger.LOG::twinRequestFailed);
    }

    @Override
    public void send(long version, byte[] patchJson) {
        if (sender() != null) {
            AmqpMessages.sendAsTheLinkSettles(sender(), desiredNotification(version, patchJson));
        }
    }

    /** Accepted as soon as it arrived: the response says how it went (Java's PUT waits for this alone). */
    @Override
    void received(Message message) {
        if (message == null) {
            return;
        }
        device.active(services.connections());
        Object correlationId = message.getCorrelationId();
        String operation = text(AmqpProperties.annotation(message, OPERATION.toString()));
        String resource = text(AmqpProperties.annotation(message, RESOURCE.toString()));
        if ("GET".equals(operation)) {
            sequence.get(response -> driver.execute(() -> respond(correlationId, response)));
        } else if ("PATCH".equals(operation) && REPORTED.equals(resource)) {
            byte[] body = AmqpMessages.bodyBytes(message);
            sequence.patchReported(body == null ? new byte[0] : body, versionOf(AmqpProperties.annotation(message, VERSION.toString())),
                    response -> driver.execute(() -> respond(correlationId, response)));
        } else if ("PUT".equals(operation) && DESIRED_NOTIFICATIONS.equals(resource)) {
            subscribed = true;
            changed();
            respond(correlationId, new TwinRequestSequence.Response(200, null, new byte[0]));
        } else if ("DELETE".equals(operation) && DESIRED_NOTIFICATIONS.equals(resource)) {
            subscribed = false;
            changed();
            respond(correlationId, new TwinRequestSequence.Response(200, null, new byte[0]));
        } else {
            LOG.debugf("[device-id: %s] twin request %s %s refused", device.clientId(), operation, resource);
            respond(correlationId, new TwinRequestSequence.Response(ErrorCode.ARGUMENT_INVALID.httpStatus(), null, new byte[0]));
        }
    }

    private void respond(Object correlationId, TwinRequestSequence.Response response) {
        Sender responses = sender();
        if (responses == null) {
            LOG.debugf("[device-id: %s] twin response %d dropped: its twin link closed", device.clientId(), response.status());
            return;
        }
        AmqpMessages.sendAsTheLinkSettles(responses, response(correlationId, response));
    }

    /** Twin responses are on while both links are attached; desired properties while subscribed as well. */
    @Override
    void changed() {
        boolean attached = attached();
        if (attached != device.accepts(DeviceFeature.TWIN_RESPONSES)) {
            device.twinResponses(attached);
            if (attached) {
                device.announce(DeviceFeature.TWIN_RESPONSES, services.subscriptions());
            }
        }
        boolean desired = subscribed && sender() != null;
        if (desired != (device.desiredProperties() != null)) {
            device.desiredProperties(desired ? this : null);
            if (desired) {
                device.announce(DeviceFeature.DESIRED_PROPERTIES, services.subscriptions());
            }
        }
    }

    /** A response: the request's correlation id as sent, {@code status} and {@code version} annotations, the body if any. */
    static Message response(Object correlationId, TwinRequestSequence.Response response) {
        Message message = Message.Factory.create();
        Properties properties = new Properties();
        properties.setCorrelationId(correlationId);
        message.setProperties(properties);
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(STATUS, response.status());
        if (response.version() != null) {
            annotations.put(VERSION, versionValue(response.version()));
        }
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        if (response.body() != null && response.body().length > 0) {
            message.setBody(new Data(new Binary(response.body())));
        }
        return message;
    }

    /** A desired-property notification: no correlation id, the patch with its {@code $version} as the body. */
    static Message desiredNotification(long version, byte[] patchJson) {
        Message message = Message.Factory.create();
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(RESOURCE, DESIRED);
        annotations.put(VERSION, versionValue(version));
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        message.setBody(new Data(new Binary(patchJson)));
        return message;
    }

    /** An int where it fits (the Java SDK parses the version as one), else a long. */
    private static Object versionValue(long version) {
        return version >= Integer.MIN_VALUE && version <= Integer.MAX_VALUE ? (Object) (int) version : (Object) version;
    }

    /** @return {@code null} when absent or not a whole number */
    static Long versionOf(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value != null) {
            try {
                return Long.valueOf(value.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
