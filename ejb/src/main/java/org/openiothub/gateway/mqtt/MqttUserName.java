package org.openiothub.gateway.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MQTT user name IoT Hub devices send: {@code {hostName}/{clientId}/?api-version=...&DeviceClientType=...},
 * optionally with {@code &model-id=...}. Older SDKs leave out the {@code ?}.
 *
 * @param parameters the query parameters, percent-decoded, in order
 */
public record MqttUserName(String hostName, MqttClientId clientId, Map<String, String> parameters) {

    public MqttUserName {
        parameters = Map.copyOf(parameters);
    }

    /**
     * @param clientId the client identifier of the same CONNECT, which the user name must repeat
     * @throws IllegalArgumentException when the user name is missing or names another client
     */
    public static MqttUserName parse(String userName, MqttClientId clientId) {
        if (userName == null || userName.isEmpty()) {
            throw new IllegalArgumentException("No user name");
        }
        int slash = userName.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("The user name does not start with the hub's host name");
        }
        String hostName = userName.substring(0, slash);
        String rest = userName.substring(slash + 1);
        String expected = clientId.toString();
        if (!rest.equals(expected) && !rest.startsWith(expected + "/")) {
            throw new IllegalArgumentException("The user name is not for client '" + expected + "'");
        }
        String query = rest.length() > expected.length() ? rest.substring(expected.length() + 1) : "";
        if (query.startsWith("?")) {
            query = query.substring(1);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = MqttPropertyBag.percentDecode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : MqttPropertyBag.percentDecode(pair.substring(eq + 1));
                parameters.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The user name has invalid percent-encoding");
            }
        }
        return new MqttUserName(hostName, clientId, parameters);
    }

    /** @return the {@code api-version} parameter, or {@code null} */
    public String apiVersion() {
        return parameters.get("api-version");
    }

    /** @return the IoT Plug and Play model id ({@code model-id}), or {@code null} */
    public String modelId() {
        String modelId = parameters.get("model-id");
        return modelId == null || modelId.isEmpty() ? null : modelId;
    }
}
