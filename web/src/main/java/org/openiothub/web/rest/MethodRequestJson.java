package org.openiothub.web.rest;

import java.nio.charset.StandardCharsets;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.openiothub.errors.HubException;
import org.openiothub.errors.JsonMembers;
import org.openiothub.method.MethodInvocation;
import org.openiothub.errors.JsonDocuments;

/**
 * IoT Hub's method request: {@code {"methodName","payload","responseTimeoutInSeconds","connectTimeoutInSeconds"}}.
 * The payload is any JSON value, {@code null} and absent alike.
 */
final class MethodRequestJson {

    /** The payload's limit and room for the rest of the request. */
    static final int MAX_REQUEST_BYTES = MethodInvocation.MAX_PAYLOAD_BYTES + 8 * 1024;

    private MethodRequestJson() {
    }

    /**
     * @throws HubException {@code IotHubFormatError} for malformed JSON, {@code ArgumentInvalid} for a bad member,
     *                      {@code MessageTooLarge} for a payload over 128 KB
     */
    static MethodInvocation parse(byte[] body) {
        JsonObject json = JsonBodies.object(JsonDocuments.utf8(body));
        String methodName = JsonMembers.string(json, "methodName", "");
        if (methodName == null) {
            throw HubException.invalid("methodName is required.");
        }
        JsonValue payload = json.get("payload");
        byte[] payloadJson = payload == null ? null : payload.toString().getBytes(StandardCharsets.UTF_8);
        return MethodInvocation.of(methodName, payloadJson,
                JsonMembers.integer(json, "responseTimeoutInSeconds", ""),
                JsonMembers.integer(json, "connectTimeoutInSeconds", ""));
    }
}
