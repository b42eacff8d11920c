package org.openiothub.method;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * A device's answer to a direct method: its own status (any integer, passed to the caller as it is) and its JSON
 * payload. Immutable: the payload is copied in and out.
 *
 * @param payloadJson UTF-8 JSON text, never empty ({@code null} when the device sent no body)
 */
public record MethodResult(int status, byte[] payloadJson) {

    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);

    public MethodResult {
        payloadJson = payloadJson == null || payloadJson.length == 0 ? JSON_NULL : payloadJson.clone();
    }

    /**
     * The answer as a device sent it, checked: an empty body is JSON null.
     *
     * @throws HubException {@code InvalidResponseWhileProxying} when the body is over 128 KB or not JSON
     */
    public static MethodResult ofDeviceAnswer(int status, byte[] body) {
        if (body != null && body.length > MethodInvocation.MAX_PAYLOAD_BYTES) {
            throw new HubException(ErrorCode.INVALID_RESPONSE_WHILE_PROXYING, "The device answered with "
                    + body.length + " bytes, over the limit of " + MethodInvocation.MAX_PAYLOAD_BYTES + " bytes.");
        }
        if (body != null && body.length > 0 && !JsonText.isJson(body)) {
            throw new HubException(ErrorCode.INVALID_RESPONSE_WHILE_PROXYING,
                    "The device answered with a payload that is not JSON.");
        }
        return new MethodResult(status, body);
    }

    /** A copy of the payload. */
    @Override
    public byte[] payloadJson() {
        return payloadJson.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodResult other && status == other.status && Arrays.equals(payloadJson, other.payloadJson);
    }

    @Override
    public int hashCode() {
        return 31 * status + Arrays.hashCode(payloadJson);
    }

    @Override
    public String toString() {
        return "MethodResult[" + status + ", " + new String(payloadJson, StandardCharsets.UTF_8) + "]";
    }
}
