package org.openiothub.gateway.coap;

import java.util.List;
import java.util.Objects;

/**
 * What a request's URI path names: the resources under {@code devices/{deviceId}} (or
 * {@code devices/{deviceId}/modules/{moduleId}}), the device HTTPS API's paths where IoT Hub has them.
 *
 * @param moduleId  {@code null} for the device itself
 * @param reference the lock token of the cloud-to-device message settled ({@link Resource#DEVICEBOUND_MESSAGE},
 *                  {@link Resource#DEVICEBOUND_ABANDON}) or the request id of the method answered
 *                  ({@link Resource#METHOD_RESPONSE}); else {@code null}
 */
record CoapDevicePath(String deviceId, String moduleId, Resource resource, String reference) {

    enum Resource {
        /** {@code messages/events}: telemetry (POST). */
        TELEMETRY,
        /** {@code twin}: the twin (GET). */
        TWIN,
        /** {@code twin/reported}: reported properties (PATCH). */
        TWIN_REPORTED,
        /** {@code twin/desired}: desired-property patches (GET with Observe). */
        TWIN_DESIRED,
        /** {@code methods}: direct method requests (GET with Observe). */
        METHODS,
        /** {@code methods/{requestId}}: a method's answer (POST). */
        METHOD_RESPONSE,
        /** {@code messages/devicebound}: the next cloud-to-device message (GET). */
        DEVICEBOUND,
        /** {@code messages/devicebound/{lockToken}}: complete (DELETE), reject (DELETE with {@code ?reject}). */
        DEVICEBOUND_MESSAGE,
        /** {@code messages/devicebound/{lockToken}/abandon}: abandon (POST). */
        DEVICEBOUND_ABANDON
    }

    /** @throws IllegalArgumentException when the path names no resource of a device */
    static CoapDevicePath parse(List<String> segments) {
        int size = segments.size();
        if (size < 3 || !"devices".equals(segments.get(0)) || segments.get(1).isEmpty()) {
            throw notFound(segments);
        }
        String deviceId = segments.get(1);
        String moduleId = null;
        int rest = 2;
        if ("modules".equals(segments.get(2))) {
            if (size < 5 || segments.get(3).isEmpty()) {
                throw notFound(segments);
            }
            moduleId = segments.get(3);
            rest = 4;
        }
        List<String> tail = segments.subList(rest, size);
        if (tail.equals(List.of("messages", "events"))) {
            return new CoapDevicePath(deviceId, moduleId, Resource.TELEMETRY, null);
        }
        if (tail.equals(List.of("twin"))) {
            return new CoapDevicePath(deviceId, moduleId, Resource.TWIN, null);
        }
        if (tail.equals(List.of("twin", "reported"))) {
            return new CoapDevicePath(deviceId, moduleId, Resource.TWIN_REPORTED, null);
        }
        if (tail.equals(List.of("twin", "desired"))) {
            return new CoapDevicePath(deviceId, moduleId, Resource.TWIN_DESIRED, null);
        }
        if (tail.equals(List.of("methods"))) {
            return new CoapDevicePath(deviceId, moduleId, Resource.METHODS, null);
        }
        if (tail.size() == 2 && tail.get(0).equals("methods") && !tail.get(1).isEmpty()) {
            return new CoapDevicePath(deviceId, moduleId, Resource.METHOD_RESPONSE, tail.get(1));
        }
        if (moduleId == null && tail.size() >= 2 && tail.get(0).equals("messages") && tail.get(1).equals("devicebound")) {
            if (tail.size() == 2) {
                return new CoapDevicePath(deviceId, null, Resource.DEVICEBOUND, null);
            }
            if (tail.size() == 3 && !tail.get(2).isEmpty()) {
                return new CoapDevicePath(deviceId, null, Resource.DEVICEBOUND_MESSAGE, tail.get(2));
            }
            if (tail.size() == 4 && !tail.get(2).isEmpty() && tail.get(3).equals("abandon")) {
                return new CoapDevicePath(deviceId, null, Resource.DEVICEBOUND_ABANDON, tail.get(2));
            }
        }
        throw notFound(segments);
    }

    /** Whether the path names the device (or module) that authenticated as {@code deviceId}/{@code moduleId}. */
    boolean isOf(String authenticatedDeviceId, String authenticatedModuleId) {
        return deviceId.equals(authenticatedDeviceId) && Objects.equals(moduleId, authenticatedModuleId);
    }

    private static IllegalArgumentException notFound(List<String> segments) {
        return new IllegalArgumentException("No device resource at /" + String.join("/", segments));
    }
}
