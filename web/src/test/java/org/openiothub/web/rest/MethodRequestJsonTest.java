package org.openiothub.web.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.method.MethodInvocation;
import org.openiothub.method.MethodResult;

class MethodRequestJsonTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static MethodInvocation parse(String body) {
        return MethodRequestJson.parse(utf8(body));
    }

    private static ErrorCode refusal(String body) {
        return assertThrows(HubException.class, () -> parse(body)).errorCode();
    }

    @Test
    void readsWhatTheServiceSdkSends() {
        MethodInvocation invocation = parse("{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":200,"
                + "\"connectTimeoutInSeconds\":5,\"payload\":{\"delay\":3,\"why\":\"caf\u00e9\"}}");
        assertEquals("reboot", invocation.methodName());
        assertEquals(Duration.ofSeconds(200), invocation.responseTimeout());
        assertEquals(Duration.ofSeconds(5), invocation.connectTimeout());
        assertArrayEquals(utf8("{\"delay\":3,\"why\":\"caf\u00e9\"}"), invocation.payloadJson());
    }

    @Test
    void payloadMayBeAnyJsonValueAndMissingTimeoutsTakeTheirDefaults() {
        assertArrayEquals(utf8("null"), parse("{\"methodName\":\"m\"}").payloadJson());
        assertArrayEquals(utf8("null"), parse("{\"methodName\":\"m\",\"payload\":null}").payloadJson());
        assertArrayEquals(utf8("\"text\""), parse("{\"methodName\":\"m\",\"payload\":\"text\"}").payloadJson());
        assertArrayEquals(utf8("[1,true]"), parse("{\"methodName\":\"m\",\"payload\":[1,true]}").payloadJson());
        assertArrayEquals(utf8("12.5"), parse("{\"methodName\":\"m\",\"payload\":12.5}").payloadJson());
        MethodInvocation defaults = parse("{\"methodName\":\"m\",\"responseTimeoutInSeconds\":null}");
        assertEquals(Duration.ofSeconds(30), defaults.responseTimeout());
        assertEquals(Duration.ZERO, defaults.connectTimeout());
    }

    @Test
    void badRequestsAreRefusedWithIotHubCodes() {
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, refusal(""));
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, refusal("{\"methodName\":"));
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, refusal("[]"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":7}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"m\",\"responseTimeoutInSeconds\":4}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"m\",\"responseTimeoutInSeconds\":301}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"m\",\"responseTimeoutInSeconds\":\"30\"}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"m\",\"responseTimeoutInSeconds\":30.5}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"m\",\"connectTimeoutInSeconds\":-1}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"m\",\"connectTimeoutInSeconds\":1e10}"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, refusal("{\"methodName\":\"a/b\"}"));
    }

    @Test
    void payloadsOver128KbAndOversizedBodiesAreTooLarge() {
        String big = "x".repeat(128 * 1024);
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, refusal("{\"methodName\":\"m\",\"payload\":\"" + big + "\"}"));
        byte[] body = utf8("{\"methodName\":\"m\",\"payload\":\"" + big + "x".repeat(8 * 1024) + "\"}");
        HubException e = assertThrows(HubException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(body), MethodRequestJson.MAX_REQUEST_BYTES));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.errorCode());
        byte[] small = utf8("{\"methodName\":\"m\"}");
        assertArrayEquals(small, RequestBodies.read(new ByteArrayInputStream(small), MethodRequestJson.MAX_REQUEST_BYTES));
    }

    @Test
    void theResultCarriesTheDevicesStatusAndPayloadAsTheyAre() {
        assertEquals("{\"status\":404,\"payload\":{\"error\":\"no such lamp\"}}", new String(
                MethodResultJson.format(new MethodResult(404, utf8("{\"error\":\"no such lamp\"}"))), StandardCharsets.UTF_8));
        assertEquals("{\"status\":200,\"payload\":null}", new String(
                MethodResultJson.format(new MethodResult(200, null)), StandardCharsets.UTF_8));
    }
}
