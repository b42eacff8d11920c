package org.openiothub.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The back end of the benchmarks: direct-method calls, desired-property patches and cloud-to-device messages
 * through the hub's service REST API, as the service SDK sends them, over a {@link ServiceTransport} that was given
 * {@link #commonHeaders the headers every request carries}.
 */
final class ServiceApiClient {

    private static final String QUERY = "?api-version=" + DeviceProvisioner.API_VERSION;
    private static final String JSON = "application/json; charset=utf-8";

    private final ServiceTransport http;

    ServiceApiClient(ServiceTransport http) {
        this.http = http;
    }

    /**
     * The headers for the transport to send with every request.
     *
     * @param authorization a {@code SharedAccessSignature} of a policy with ServiceConnect
     */
    static Map<String, String> commonHeaders(String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", authorization);
        headers.put("Accept", "application/json");
        return headers;
    }

    /** {@code POST /twins/{id}/methods}; the body is {@code {"status":..,"payload":..}} on 200. */
    CompletableFuture<ServiceReply> invokeMethod(String deviceId, String methodName, String payloadJson,
            int responseTimeoutSeconds) {
        String body = "{\"methodName\":\"" + methodName + "\",\"responseTimeoutInSeconds\":" + responseTimeoutSeconds
                + ",\"connectTimeoutInSeconds\":0,\"payload\":" + payloadJson + "}";
        return http.send(new ServiceRequest("POST", "/twins/" + encode(deviceId) + "/methods" + QUERY, JSON,
                Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code PATCH /twins/{id}} with {@code {"properties":{"desired":<desiredJson>}}}, no If-Match. */
    CompletableFuture<ServiceReply> patchDesired(String deviceId, String desiredJson) {
        return http.send(new ServiceRequest("PATCH", "/twins/" + encode(deviceId) + QUERY, JSON, Map.of(),
                ("{\"properties\":{\"desired\":" + desiredJson + "}}").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code POST /devices/{id}/messages/deviceBound} with the message id in {@code iothub-messageid}; 204 on success.
     *
     * @param messageId US-ASCII, as it travels in a header
     */
    CompletableFuture<ServiceReply> sendCloudToDevice(String deviceId, String messageId, byte[] body) {
        return http.send(new ServiceRequest("POST", "/devices/" + encode(deviceId) + "/messages/deviceBound" + QUERY,
                "application/octet-stream", Map.of("iothub-messageid", messageId), body));
    }

    /** Percent-encodes a device id for a path; ids of unreserved characters only, the usual ones, as they are. */
    static String encode(String deviceId) {
        for (int i = 0; i < deviceId.length(); i++) {
            char c = deviceId.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_';
            if (!unreserved) {
                return URLEncoder.encode(deviceId, StandardCharsets.UTF_8);
            }
        }
        return deviceId;
    }
}
