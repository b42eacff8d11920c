package org.openiothub.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class MethodInvocationTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode refusal(String name, byte[] payload, Integer response, Integer connect) {
        return assertThrows(HubException.class, () -> MethodInvocation.of(name, payload, response, connect)).errorCode();
    }

    @Test
    void timeoutsDefaultToThirtySecondsForTheAnswerAndNoWaitForTheConnection() {
        MethodInvocation invocation = MethodInvocation.of("reboot", json("{\"a\":1}"), null, null);
        assertEquals(Duration.ofSeconds(30), invocation.responseTimeout());
        assertEquals(Duration.ZERO, invocation.connectTimeout());
        assertArrayEquals(json("{\"a\":1}"), invocation.payloadJson());
    }

    @Test
    void responseTimeoutMustBeFiveToThreeHundredSeconds() {
        assertEquals(Duration.ofSeconds(5), MethodInvocation.of("m", null, 5, 0).responseTimeout());
        assertEquals(Duration.ofSeconds(300), MethodInvocation.of("m", null, 300, 0).responseTimeout());
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("m", null, 4, 0));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("m", null, 301, 0));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("m", null, -1, 0));
    }

    @Test
    void connectTimeoutMustBeZeroToThreeHundredSeconds() {
        assertEquals(Duration.ofSeconds(300), MethodInvocation.of("m", null, 30, 300).connectTimeout());
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("m", null, 30, -1));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("m", null, 30, 301));
    }

    @Test
    void methodNameIsRequiredAndMustFitInATopicLevel() {
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal(null, null, null, null));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("", null, null, null));
        for (String bad : new String[] {"a/b", "a b", "a#", "a+", "$x", "a?b", "a=b", "caf\u00e9", "x".repeat(129)}) {
            assertEquals(ErrorCode.ARGUMENT_INVALID, refusal(bad, null, null, null), bad);
        }
        assertEquals("get-Temp_1.v2", MethodInvocation.of("get-Temp_1.v2", null, null, null).methodName());
    }

    @Test
    void missingPayloadIsJsonNull() {
        assertArrayEquals(json("null"), MethodInvocation.of("m", null, null, null).payloadJson());
        assertArrayEquals(json("null"), MethodInvocation.of("m", new byte[0], null, null).payloadJson());
    }

    @Test
    void payloadsOver128KbAreTooLarge() {
        byte[] atLimit = json("\"" + "x".repeat(128 * 1024 - 2) + "\"");
        assertEquals(128 * 1024, MethodInvocation.of("m", atLimit, null, null).payloadSize());
        byte[] over = json("\"" + "x".repeat(128 * 1024 - 1) + "\"");
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, refusal("m", over, null, null));
    }

    @Test
    void payloadIsCopiedInAndOut() {
        byte[] payload = json("[1]");
        MethodInvocation invocation = MethodInvocation.of("m", payload, null, null);
        payload[1] = '2';
        invocation.payloadJson()[1] = '3';
        assertArrayEquals(json("[1]"), invocation.payloadJson());
    }
}
