package org.openiothub.benchmark;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

/**
 * The back end of the benchmarks: direct-method calls, desired-property patches and cloud-to-device messages
 * through the hub's service REST API, as the service SDK sends them, with JDK HTTP clients that trust only the hub's
 * CA: over HTTP/1.1 a pool of keep-alive connections ({@link HttpConnectionPool}), over HTTP/2 one multiplexed
 * connection.
 */
final class ServiceApiClient {

    private final Transport http;
    private final String baseUri;
    private final String authorization;
    private final Duration timeout;

    /**
     * @param authorization a {@code SharedAccessSignature} of a policy with ServiceConnect
     * @param timeout       per request, from send to the whole response
     */
    ServiceApiClient(SSLContext tls, String host, int port, String authorization, HttpClient.Version version,
            int connections, Duration timeout) {
        Supplier<HttpClient> client = () -> HttpClient.newBuilder()
                .sslContext(tls)
                .version(version)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        if (version == HttpClient.Version.HTTP_2) {
            HttpClient multiplexed = client.get();
            this.http = multiplexed::sendAsync;
        } else {
            this.http = new HttpConnectionPool(connections, client)::sendAsync;
        }
        this.baseUri = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** {@code POST /twins/{id}/methods}; the body is {@code {"status":..,"payload":..}} on 200. */
    CompletableFuture<HttpResponse<String>> invokeMethod(String deviceId, String methodName, String payloadJson,
            int responseTimeoutSeconds) {
        String body = "{\"methodName\":\"" + methodName + "\",\"responseTimeoutInSeconds\":" + responseTimeoutSeconds
                + ",\"connectTimeoutInSeconds\":0,\"payload\":" + payloadJson + "}";
        return http.sendAsync(request("/twins/" + encode(deviceId) + "/methods")
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code PATCH /twins/{id}} with {@code {"properties":{"desired":<desiredJson>}}}, no If-Match. */
    CompletableFuture<HttpResponse<Void>> patchDesired(String deviceId, String desiredJson) {
        return http.sendAsync(request("/twins/" + encode(deviceId))
                        .header("Content-Type", "application/json; charset=utf-8")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                "{\"properties\":{\"desired\":" + desiredJson + "}}"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** {@code POST /devices/{id}/messages/deviceBound} with the message id in {@code iothub-messageid}; 204 on success. */
    CompletableFuture<HttpResponse<Void>> sendCloudToDevice(String deviceId, String messageId, byte[] body) {
        return http.sendAsync(request("/devices/" + encode(deviceId) + "/messages/deviceBound")
                        .header("Content-Type", "application/octet-stream")
                        .header("iothub-messageid", messageId)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Where requests go: one client, or a pool of connections. */
    private interface Transport {
        <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUri + path + "?api-version=" + DeviceProvisioner.API_VERSION))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private static String encode(String deviceId) {
        return URLEncoder.encode(deviceId, StandardCharsets.UTF_8);
    }
}
