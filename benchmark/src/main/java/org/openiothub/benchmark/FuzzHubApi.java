package org.openiothub.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/** The service REST API as the fuzzer speaks it: the owner's token, raw paths and raw bodies. */
final class FuzzHubApi {

    private static final Pattern PRIMARY_KEY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String base;
    private final HubConnectionString hub;

    FuzzHubApi(SSLContext tls, String host, HubConnectionString hub) {
        // HTTP/1.1, as the service SDK speaks it.
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.base = "https://" + host;
        this.hub = hub;
    }

    String ownerToken() {
        return SasTokens.forPolicy(hub.hostName(), hub.keyName(), hub.key(), System.currentTimeMillis() / 1000 + 3600);
    }

    String hostName() {
        return hub.hostName();
    }

    /**
     * @param rawPath already encoded, without the api-version, which is added
     * @throws IllegalArgumentException when {@code rawPath} is not a valid URI path
     */
    HttpResponse<String> send(String method, String rawPath, HttpRequest.BodyPublisher body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPath
                        + (rawPath.contains("?") ? "&" : "?") + "api-version=" + DeviceProvisioner.API_VERSION))
                .timeout(TIMEOUT)
                .header("Authorization", ownerToken())
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String rawPath, byte[] body) throws IOException, InterruptedException {
        return send(method, rawPath, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body), "application/json; charset=utf-8");
    }

    HttpResponse<String> send(String method, String rawPath, String body) throws IOException, InterruptedException {
        return send(method, rawPath, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the device (or reads it when it exists) and returns its primary key. */
    String device(String deviceId) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", "/devices/" + deviceId, "{\"deviceId\":\"" + deviceId + "\"}");
        if (response.statusCode() == 409) {
            response = send("GET", "/devices/" + deviceId, (String) null);
        }
        Matcher key = PRIMARY_KEY.matcher(response.body());
        if (response.statusCode() != 200 || !key.find()) {
            throw new IOException("Cannot create device " + deviceId + ": " + response.statusCode() + " " + response.body());
        }
        return key.group(1);
    }
}
