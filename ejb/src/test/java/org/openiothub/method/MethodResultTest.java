package org.openiothub.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class MethodResultTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anyJsonValueIsAValidAnswer() {
        for (String payload : new String[] {"{\"a\":[1,2,{\"b\":null}]}", "[]", "\"text\"", "42", "-1.5e3", "true", "null", " {} "}) {
            assertArrayEquals(json(payload), MethodResult.ofDeviceAnswer(200, json(payload)).payloadJson(), payload);
        }
    }

    @Test
    void anEmptyBodyIsJsonNull() {
        assertArrayEquals(json("null"), MethodResult.ofDeviceAnswer(200, new byte[0]).payloadJson());
        assertArrayEquals(json("null"), MethodResult.ofDeviceAnswer(200, null).payloadJson());
    }

    @Test
    void theDevicesStatusIsKeptWhateverItIs() {
        assertEquals(404, MethodResult.ofDeviceAnswer(404, json("{}")).status());
        assertEquals(-7, MethodResult.ofDeviceAnswer(-7, json("{}")).status());
    }

    @Test
    void anAnswerThatIsNotJsonIsAnInvalidResponse() {
        for (String payload : new String[] {"hello", "{\"a\":", "{} {}", "{'a':1}", "[1,]"}) {
            HubException e = assertThrows(HubException.class, () -> MethodResult.ofDeviceAnswer(200, json(payload)), payload);
            assertEquals(ErrorCode.INVALID_RESPONSE_WHILE_PROXYING, e.errorCode());
        }
    }

    @Test
    void anAnswerOver128KbIsAnInvalidResponse() {
        byte[] over = json("\"" + "x".repeat(128 * 1024 - 1) + "\"");
        assertEquals(ErrorCode.INVALID_RESPONSE_WHILE_PROXYING,
                assertThrows(HubException.class, () -> MethodResult.ofDeviceAnswer(200, over)).errorCode());
    }
}
