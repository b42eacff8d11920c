package org.openiothub.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;

/** The service REST API spoken by hand, for what the SDK cannot send: forged, expired or missing tokens, bad JSON. */
final class ServiceApi {

    record Reply(int status, String body, Map<String, String> headers) {
    }

    private final HttpClient http;
    private final String host;

    ServiceApi() {
        try {
            SSLContext tls = IotHubSSLContext.getSSLContextFromFile(HubUnderTest.caCertificate().toString());
            http = HttpClient.newBuilder().sslContext(tls).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        host = ConnectionStrings.host(HubUnderTest.ownerConnectionString());
    }

    String host() {
        return host;
    }

    String ownerToken() {
        return SasTokens.policy(host, "iothubowner", ConnectionStrings.key(HubUnderTest.ownerConnectionString()), 3600);
    }

    Reply call(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + host + path
                        + (path.contains("?") ? "&" : "?") + "api-version=2021-04-12"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> replyHeaders = new HashMap<>();
            response.headers().map().forEach((name, values) -> replyHeaders.put(name.toLowerCase(), values.get(0)));
            return new Reply(response.statusCode(), response.body(), replyHeaders);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request whose body is exactly {@code body}, UTF-8 or not. */
    Reply callBytes(String method, String path, byte[] body, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + host + path
                        + (path.contains("?") ? "&" : "?") + "api-version=2021-04-12"))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", token)
                .header("Content-Type", "application/json; charset=utf-8")
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /devices/{id}/messages/deviceBound} with the owner's token: a cloud-to-device message. */
    Reply sendToDevice(String deviceId, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", ownerToken());
        return call("POST", "/devices/" + deviceId + "/messages/deviceBound", body, all);
    }

    Reply call(String method, String path, String body, String token) {
        return call(method, path, body, token == null ? Map.of() : Map.of("Authorization", token));
    }

    /** The primary key of one of the hub's shared access policies, read with the owner's rights. */
    String policyKey(String policyName) {
        return policy(policyName).get("primaryKey").getAsString();
    }

    /** The secondary key of one of the hub's shared access policies. */
    String policySecondaryKey(String policyName) {
        return policy(policyName).get("secondaryKey").getAsString();
    }

    private JsonObject policy(String policyName) {
        Reply reply = call("GET", "/sharedAccessPolicies", null, ownerToken());
        for (JsonElement element : JsonParser.parseString(reply.body()).getAsJsonObject().getAsJsonArray("value")) {
            JsonObject policy = element.getAsJsonObject();
            if (policy.get("keyName").getAsString().equals(policyName)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("No policy " + policyName + " in " + reply.body());
    }
}
