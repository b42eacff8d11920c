package org.openiothub.gateway.mqtt;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * A device's answers to direct methods: {@code $iothub/methods/res/{status}/?$rid={request id}} with a JSON body,
 * handed to the hub core. Runs on the event loop and only parses: the core returns at once.
 */
final class MqttMethodHandler {

    /** What takes a device's answer; the core's {@code DirectMethods::responded}. */
    @FunctionalInterface
    interface Answers {
        void responded(DeviceIdentity from, String requestId, int status, byte[] payload);
    }

    /** For a gateway started without direct methods: answers go nowhere. */
    static final MqttMethodHandler NONE = new MqttMethodHandler((from, requestId, status, payload) -> {
    });

    static final String RESPONSE_PREFIX = "$iothub/methods/res/";
    private static final String REQUEST_ID = "$rid=";
    private static final Logger LOG = Logger.getLogger(MqttMethodHandler.class);

    private final Answers answers;

    MqttMethodHandler(Answers answers) {
        this.answers = answers;
    }

    /** Passes a well-formed answer on; a malformed topic is dropped (the caller then times out). */
    void onResponse(DeviceIdentity from, String topic, ByteBuf body) {
        Response response = Response.parse(topic);
        if (response == null) {
            LOG.debugf("[device-id: %s] dropped a method answer on the malformed topic '%s'", from.deviceId(), topic);
            return;
        }
        answers.responded(from, response.requestId(), response.status(), ByteBufUtil.getBytes(body));
    }

    /** The status and request id in a response topic. */
    record Response(int status, String requestId) {

        /** @return {@code null} unless the topic is {@code $iothub/methods/res/<integer>/?...$rid=<id>...} */
        static Response parse(String topic) {
            if (!topic.startsWith(RESPONSE_PREFIX)) {
                return null;
            }
            int slash = topic.indexOf('/', RESPONSE_PREFIX.length());
            if (slash < 0 || !topic.startsWith("/?", slash)) {
                return null;
            }
            int status;
            try {
                status = Integer.parseInt(topic.substring(RESPONSE_PREFIX.length(), slash));
            } catch (NumberFormatException e) {
                return null;
            }
            for (String parameter : topic.substring(slash + 2).split("&")) {
                if (parameter.startsWith(REQUEST_ID) && parameter.length() > REQUEST_ID.length()) {
                    return new Response(status, parameter.substring(REQUEST_ID.length()));
                }
            }
            return null;
        }
    }
}
