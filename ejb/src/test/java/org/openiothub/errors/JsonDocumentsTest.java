package org.openiothub.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

class JsonDocumentsTest {

    @Test
    void wellFormedJsonIsRead() {
        assertEquals(JsonValue.ValueType.OBJECT, JsonDocuments.read("{\"a\":[1,{\"b\":\"\u00e9\"}]}").getValueType());
        assertEquals("\u00e9\u20ac",
                ((JsonString) JsonDocuments.read("\"\u00e9\u20ac\"".getBytes(StandardCharsets.UTF_8))).getString());
    }

    @Test
    void nestingBeyondTheParsersLimitIsAFormatErrorNotAnInternalOne() {
        // Parsson throws a bare RuntimeException here, which used to be answered 500.
        HubException objects = assertThrows(HubException.class,
                () -> JsonDocuments.read("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, objects.errorCode());
        HubException arrays = assertThrows(HubException.class,
                () -> JsonDocuments.read(("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, arrays.errorCode());
    }

    @Test
    void malformedJsonNamesWhereItBroke() {
        HubException e = assertThrows(HubException.class, () -> JsonDocuments.read("{\"a\":1,}"));
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, e.errorCode());
        assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, assertThrows(HubException.class, () -> JsonDocuments.read("")).errorCode());
        assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, assertThrows(HubException.class, () -> JsonDocuments.read("{} {}")).errorCode());
    }

    @Test
    void invalidUtf8IsRefusedRatherThanReplaced() {
        byte[] lone = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        byte[] truncated = {'"', (byte) 0xc3, '"'};
        byte[] overlong = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
        byte[] surrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};
        for (byte[] bytes : new byte[][] {lone, truncated, overlong, surrogate}) {
            HubException e = assertThrows(HubException.class, () -> JsonDocuments.read(bytes));
            assertEquals(ErrorCode.IOTHUB_FORMAT_ERROR, e.errorCode());
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        }
    }
}
