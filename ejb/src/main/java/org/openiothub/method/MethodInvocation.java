package org.openiothub.method;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * A direct method call as a service asked for it: the method's name, its JSON payload and how long to wait for the
 * device to come online and to answer. Immutable; {@link #of} enforces IoT Hub's rules.
 */
public final class MethodInvocation {

    /** IoT Hub's limit for a method request's and a method response's payload. */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    public static final int MIN_RESPONSE_TIMEOUT_SECONDS = 5;
    public static final int MAX_RESPONSE_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_RESPONSE_TIMEOUT_SECONDS = 30;
    public static final int MAX_CONNECT_TIMEOUT_SECONDS = 300;
    /** The method name becomes a topic level ({@code $iothub/methods/POST/{name}/}): it must be one, and short. */
    public static final int MAX_NAME_LENGTH = 128;

    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** IoT Hub's separators (and MQTT's wildcards), which a method name must not contain. */
    private static final String FORBIDDEN_IN_NAME = "$()<>@,;:\\\"/[]?={}#+";

    private final String methodName;
    private final byte[] payloadJson;
    private final Duration responseTimeout;
    private final Duration connectTimeout;

    private MethodInvocation(String methodName, byte[] payloadJson, Duration responseTimeout, Duration connectTimeout) {
        this.methodName = methodName;
        this.payloadJson = payloadJson;
        this.responseTimeout = responseTimeout;
        this.connectTimeout = connectTimeout;
    }

    /**
     * @param methodName             printable US-ASCII without spaces and {@code $()<>@,;:\"/[]?={}#+}, 1 to 128 characters
     * @param payloadJson            the payload as UTF-8 JSON text, already known to be JSON; {@code null} or empty for JSON null
     * @param responseTimeoutSeconds 5 to 300, {@code null} for the default of 30
     * @param connectTimeoutSeconds  0 to 300, {@code null} for 0: the device must be online now
     * @throws HubException {@code ArgumentInvalid} for a bad name or timeout, {@code MessageTooLarge} for a payload over 128 KB
     */
    public static MethodInvocation of(String methodName, byte[] payloadJson, Integer responseTimeoutSeconds,
            Integer connectTimeoutSeconds) {
        requireValidName(methodName);
        int response = responseTimeoutSeconds == null ? DEFAULT_RESPONSE_TIMEOUT_SECONDS : responseTimeoutSeconds;
        if (response < MIN_RESPONSE_TIMEOUT_SECONDS || response > MAX_RESPONSE_TIMEOUT_SECONDS) {
            throw HubException.invalid("responseTimeoutInSeconds must be between " + MIN_RESPONSE_TIMEOUT_SECONDS
                    + " and " + MAX_RESPONSE_TIMEOUT_SECONDS + ", not " + response + ".");
        }
        int connect = connectTimeoutSeconds == null ? 0 : connectTimeoutSeconds;
        if (connect < 0 || connect > MAX_CONNECT_TIMEOUT_SECONDS) {
            throw HubException.invalid("connectTimeoutInSeconds must be between 0 and " + MAX_CONNECT_TIMEOUT_SECONDS
                    + ", not " + connect + ".");
        }
        byte[] payload = payloadJson == null || payloadJson.length == 0 ? JSON_NULL : payloadJson.clone();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new HubException(ErrorCode.MESSAGE_TOO_LARGE, "The method payload of " + payload.length
                    + " bytes is over the limit of " + MAX_PAYLOAD_BYTES + " bytes.");
        }
        return new MethodInvocation(methodName, payload, Duration.ofSeconds(response), Duration.ofSeconds(connect));
    }

    private static void requireValidName(String name) {
        if (name == null || name.isEmpty()) {
            throw HubException.invalid("methodName is required.");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw HubException.invalid("methodName must be at most " + MAX_NAME_LENGTH + " characters long.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~' || FORBIDDEN_IN_NAME.indexOf(c) >= 0) {
                throw HubException.invalid("methodName '" + name + "' may hold only printable US-ASCII characters,"
                        + " without spaces and " + FORBIDDEN_IN_NAME + ".");
            }
        }
    }

    public String methodName() {
        return methodName;
    }

    /** The payload as UTF-8 JSON text ({@code null} when the caller sent none); a copy. */
    public byte[] payloadJson() {
        return payloadJson.clone();
    }

    public int payloadSize() {
        return payloadJson.length;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Zero when the device must be online at once. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The same call with {@code connectTimeout} left to wait for the device: what remains of the caller's. */
    MethodInvocation withConnectTimeout(Duration remaining) {
        return new MethodInvocation(methodName, payloadJson, responseTimeout, remaining);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodInvocation other && methodName.equals(other.methodName)
                && Arrays.equals(payloadJson, other.payloadJson) && responseTimeout.equals(other.responseTimeout)
                && connectTimeout.equals(other.connectTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(methodName, Arrays.hashCode(payloadJson), responseTimeout, connectTimeout);
    }

    @Override
    public String toString() {
        return "MethodInvocation[" + methodName + ", " + payloadJson.length + " bytes, response timeout "
                + responseTimeout.toSeconds() + " s, connect timeout " + connectTimeout.toSeconds() + " s]";
    }
}
