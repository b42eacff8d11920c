package org.openiothub.benchmark;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;

/**
 * The back end of the benchmarks: registry writes, direct-method calls, twin patches, cloud-to-device messages and
 * jobs through the hub's service REST API, as the service SDK sends them, over a {@link ServiceTransport} that was given
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

    /** {@code PATCH /twins/{id}} with {@code {"tags":<tagsJson>}}, no If-Match. */
    CompletableFuture<ServiceReply> patchTags(String deviceId, String tagsJson) {
        return http.send(new ServiceRequest("PATCH", "/twins/" + encode(deviceId) + QUERY, JSON, Map.of(),
                ("{\"tags\":" + tagsJson + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code PUT /devices/{id}} of a new SAS device with generated keys; 200 with the device JSON on success. */
    CompletableFuture<ServiceReply> createDevice(String deviceId) {
        return http.send(new ServiceRequest("PUT", "/devices/" + encode(deviceId) + QUERY, JSON, Map.of(),
                ("{\"deviceId\":\"" + deviceId + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code POST /devices}: a bulk registry operation creating every device of {@code deviceIds} (at most 100); 200
     * when each was applied.
     */
    CompletableFuture<ServiceReply> importDevices(List<String> deviceIds) {
        String body = deviceIds.stream()
                .map(id -> "{\"id\":\"" + id + "\",\"importMode\":\"create\"}")
                .collect(Collectors.joining(",", "[", "]"));
        return http.send(new ServiceRequest("POST", "/devices" + QUERY, JSON, Map.of(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code PUT /jobs/v2/{id}} with the job's JSON; 200 with the job on success. */
    CompletableFuture<ServiceReply> createJob(String jobId, String jobJson) {
        return http.send(new ServiceRequest("PUT", "/jobs/v2/" + encode(jobId) + QUERY, JSON, Map.of(),
                jobJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code GET /devices/{id}}. */
    CompletableFuture<ServiceReply> readDevice(String deviceId) {
        return read("/devices/" + encode(deviceId));
    }

    /** {@code GET /twins/{id}}. */
    CompletableFuture<ServiceReply> readTwin(String deviceId) {
        return read("/twins/" + encode(deviceId));
    }

    /** {@code GET /jobs/v2/{id}}. */
    CompletableFuture<ServiceReply> readJob(String jobId) {
        return read("/jobs/v2/" + encode(jobId));
    }

    private CompletableFuture<ServiceReply> read(String path) {
        return http.send(new ServiceRequest("GET", path + QUERY, JSON, Map.of(), new byte[0]));
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
