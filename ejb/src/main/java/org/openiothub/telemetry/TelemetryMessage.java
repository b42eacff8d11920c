package org.openiothub.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.messaging.MessageProperties;
import org.openiothub.messaging.SystemProperty;

/**
 * A device-to-cloud message the hub accepted, whatever protocol brought it.
 *
 * @param device       who sent it, as authenticated; never {@code null}
 * @param modelId      the IoT Plug and Play model the device announced when it connected, or {@code null}
 * @param body         the payload; the message owns the array and nobody changes it after construction
 * @param properties   the system and application properties the device set; the connection's own device and
 *                     module ids come from {@code device}, never from the device's {@code $.cdid}/{@code $.cmid}
 * @param enqueuedTime when the hub accepted the message
 */
public record TelemetryMessage(DeviceIdentity device, String modelId, byte[] body, MessageProperties properties,
        Instant enqueuedTime) {

    public TelemetryMessage {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(enqueuedTime, "enqueuedTime");
    }

    public String deviceId() {
        return device.deviceId();
    }

    /** @return the module that sent it, or {@code null} for the device itself */
    public String moduleId() {
        return device.moduleId();
    }

    /** @return the device's {@code $.mid}, or {@code null} */
    public String messageId() {
        return properties.messageId();
    }

    /** @return the device's {@code $.cid}, or {@code null} */
    public String correlationId() {
        return properties.correlationId();
    }

    /** @return a system property the device set, or {@code null} */
    public String systemProperty(SystemProperty property) {
        return properties.get(property);
    }

    /** The device's application properties, in the order it wrote them. */
    public Map<String, String> applicationProperties() {
        return properties.application();
    }

    @Override
    public String toString() {
        return "TelemetryMessage[device=" + device.deviceId() + (device.moduleId() == null ? "" : "/" + device.moduleId())
                + ", messageId=" + messageId() + ", bytes=" + body.length + ", enqueuedTime=" + enqueuedTime + "]";
    }
}
