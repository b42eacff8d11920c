package org.openiothub.gateway.mqtt;

import java.util.regex.Pattern;

/**
 * The MQTT client identifier of a device ({@code deviceId}) or of a module ({@code deviceId/moduleId}).
 *
 * @param moduleId {@code null} for a device itself
 */
public record MqttClientId(String deviceId, String moduleId) {

    /** IoT Hub's device and module ids: up to 128 ASCII letters, digits and {@code - . + % _ # * ? ! ( ) , : = @ $ '}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']{1,128}");

    /**
     * @throws IllegalArgumentException when the text is not {@code deviceId} or {@code deviceId/moduleId} with
     *                                  valid ids
     */
    public static MqttClientId parse(String clientId) {
        if (clientId == null) {
            throw new IllegalArgumentException("No client identifier");
        }
        int slash = clientId.indexOf('/');
        String deviceId = slash < 0 ? clientId : clientId.substring(0, slash);
        String moduleId = slash < 0 ? null : clientId.substring(slash + 1);
        if (!ID.matcher(deviceId).matches() || (moduleId != null && !ID.matcher(moduleId).matches())) {
            throw new IllegalArgumentException("The client identifier '" + clientId
                    + "' is not a device id or device-id/module-id");
        }
        return new MqttClientId(deviceId, moduleId);
    }

    public boolean isModule() {
        return moduleId != null;
    }

    @Override
    public String toString() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }
}
