package org.openiothub.gateway.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openiothub.gateway.DeviceFeature;

/**
 * The topics one connection may use. IoT Hub topics are per connection: a device publishes and subscribes
 * under {@code devices/{its id}/...} (a module under {@code devices/{d}/modules/{m}/...}), and the shared-looking
 * {@code $iothub/...} topics carry only that connection's own traffic.
 */
final class MqttTopics {

    private static final String TWIN_PREFIX = "$iothub/twin/";
    private static final String METHOD_RESPONSE_PREFIX = "$iothub/methods/res/";
    /** What the MQTT decoder puts in place of bytes that are not UTF-8. */
    private static final char MALFORMED = '\uFFFD';

    private final String telemetryPrefix;
    private final String telemetryTopic;
    private final List<String> subscriptions;
    private final Map<String, DeviceFeature> features;

    private MqttTopics(String identityPath) {
        this.telemetryTopic = identityPath + "/messages/events";
        this.telemetryPrefix = telemetryTopic + "/";
        Map<String, DeviceFeature> byFilter = new LinkedHashMap<>();
        byFilter.put(identityPath + "/messages/devicebound/#", DeviceFeature.CLOUD_TO_DEVICE);
        byFilter.put("$iothub/twin/res/#", DeviceFeature.TWIN_RESPONSES);
        byFilter.put("$iothub/twin/PATCH/properties/desired/#", DeviceFeature.DESIRED_PROPERTIES);
        byFilter.put("$iothub/methods/POST/#", DeviceFeature.METHODS);
        this.features = Map.copyOf(byFilter);
        this.subscriptions = List.copyOf(byFilter.keySet());
    }

    static MqttTopics of(MqttClientId client) {
        String path = "devices/" + client.deviceId();
        if (client.isModule()) {
            path += "/modules/" + client.moduleId();
        }
        return new MqttTopics(path);
    }

    /** What a PUBLISH topic asks for. */
    sealed interface Publish {
    }

    /** @param propertyBag the encoded bag, possibly empty */
    record Telemetry(String propertyBag) implements Publish {
    }

    record TwinRequest(String topic) implements Publish {
    }

    record MethodResponse(String topic) implements Publish {
    }

    /** Not this connection's to publish to. */
    record Refused(String topic) implements Publish {
    }

    /** What a PUBLISH topic asks for; a topic that was not valid UTF-8 (decoded to U+FFFD) is refused. */
    Publish classify(String topic) {
        if (topic.indexOf(MALFORMED) >= 0) {
            return new Refused(topic);
        }
        if (topic.equals(telemetryTopic)) {
            return new Telemetry("");
        }
        if (topic.startsWith(telemetryPrefix)) {
            return new Telemetry(topic.substring(telemetryPrefix.length()));
        }
        if (topic.startsWith(TWIN_PREFIX)) {
            return new TwinRequest(topic);
        }
        if (topic.startsWith(METHOD_RESPONSE_PREFIX)) {
            return new MethodResponse(topic);
        }
        return new Refused(topic);
    }

    /** Whether the connection may subscribe to {@code filter}: only the exact filters the SDKs use. */
    boolean maySubscribe(String filter) {
        return subscriptions.contains(filter);
    }

    /** The traffic a subscription asks for; {@code null} for a filter that is not one of the connection's own. */
    DeviceFeature featureOf(String filter) {
        return features.get(filter);
    }
}
