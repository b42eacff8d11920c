package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class TwinLimitsTest {

    private static final TwinLimits LIMITS = TwinLimits.IOT_HUB;

    private static HubException refusedContent(String json) {
        return refusedContent(Json.of(json));
    }

    private static HubException refusedContent(JsonObject json) {
        HubException e = assertThrows(HubException.class, () -> LIMITS.checkContent("properties.desired", json));
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
        return e;
    }

    private static JsonObject nested(int objects) {
        JsonObject value = Json.of("{'leaf':1}");
        for (int level = objects; level > 1; level--) {
            value = jakarta.json.Json.createObjectBuilder().add("l" + level, value).build();
        }
        return jakarta.json.Json.createObjectBuilder().add("l1", value).build();
    }

    @Test
    void objectsMayNestTenDeepBelowTheDocumentAndNoDeeper() {
        assertDoesNotThrow(() -> LIMITS.checkContent("properties.desired", nested(10)));
        assertTrue(refusedContent(nested(11)).getMessage().contains("limit is 10"));
    }

    @Test
    void keysUpTo1024BytesPassAndLongerOnesAreRefused() {
        String key = "k".repeat(1024);
        assertDoesNotThrow(() -> LIMITS.checkContent("tags", jakarta.json.Json.createObjectBuilder().add(key, 1).build()));
        assertTrue(refusedContent(jakarta.json.Json.createObjectBuilder().add(key + "k", 1).build()).getMessage().contains("1025 bytes"));
        String multiByte = "é".repeat(513);
        refusedContent(jakarta.json.Json.createObjectBuilder().add(multiByte, 1).build());
    }

    @Test
    void dollarKeysAreReservedAtEveryLevel() {
        assertTrue(refusedContent("{'$version':1}").getMessage().contains("'$'"));
        refusedContent("{'a':{'$metadata':{}}}");
        refusedContent("{'a':{'b$c':1}}");
    }

    @Test
    void dotsSpacesAndControlCharactersAreNotAllowedInKeys() {
        refusedContent("{'a.b':1}");
        refusedContent("{'a b':1}");
        refusedContent("{'a\\u0001b':1}");
        refusedContent("{'':1}");
        assertDoesNotThrow(() -> LIMITS.checkContent("tags", Json.of("{'a-b_c:d':1,'__t':'c'}")));
    }

    @Test
    void stringsUpTo4KBPass() {
        assertDoesNotThrow(() -> LIMITS.checkContent("properties.desired",
                jakarta.json.Json.createObjectBuilder().add("s", "x".repeat(4096)).build()));
        HubException e = refusedContent(jakarta.json.Json.createObjectBuilder()
                .add("a", jakarta.json.Json.createObjectBuilder().add("s", "x".repeat(4097))).build());
        assertTrue(e.getMessage().contains("properties.desired.a.s"), e.getMessage());
    }

    @Test
    void integersMustFitADoubleExactly() {
        assertDoesNotThrow(() -> LIMITS.checkContent("properties.desired",
                Json.of("{'max':4503599627370495,'min':-4503599627370496,'real':1.5e300}")));
        refusedContent("{'n':4503599627370496}");
        refusedContent("{'n':-4503599627370497}");
        refusedContent("{'a':[1,{'n':99999999999999999999}]}");
    }

    @Test
    void arraysAreCheckedElementByElement() {
        assertDoesNotThrow(() -> LIMITS.checkContent("properties.reported", Json.of("{'list':[1,'two',{'three':3},null]}")));
        refusedContent("{'list':[{'bad.key':1}]}");
    }

    @Test
    void nullsInAPatchAreRemovalsAndPass() {
        assertDoesNotThrow(() -> LIMITS.checkContent("tags", Json.of("{'a':null,'b':{'c':null}}")));
    }

    @Test
    void sizesAreCountedAsIotHubCountsThem() {
        assertEquals(1 + 3 + 1 + 8 + 1 + 4 + 1 + 1 + 8, TwinLimits.sizeOf(Json.of("{'a':'xyz','b':12.5,'c':true,'d':{'e':7}}")));
    }

    @Test
    void tagsMayHold8KBAndPropertiesEach32KB() {
        assertDoesNotThrow(() -> LIMITS.checkSize("tags", document(8 * 1024)));
        HubException tags = assertThrows(HubException.class, () -> LIMITS.checkSize("tags", document(8 * 1024 + 1)));
        assertEquals(ErrorCode.ARGUMENT_INVALID, tags.errorCode());
        assertTrue(tags.getMessage().contains("8192"), tags.getMessage());
        assertDoesNotThrow(() -> LIMITS.checkSize("properties.desired", document(32 * 1024)));
        assertThrows(HubException.class, () -> LIMITS.checkSize("properties.desired", document(32 * 1024 + 1)));
        assertThrows(HubException.class, () -> LIMITS.checkSize("properties.reported", document(32 * 1024 + 1)));
    }

    /** A document of exactly {@code size} by IoT Hub's count: keys of 4 characters, strings of up to 1000. */
    private static JsonObject document(int size) {
        JsonObjectBuilder builder = jakarta.json.Json.createObjectBuilder();
        int left = size;
        for (int i = 0; left > 0; i++) {
            String key = String.format("k%03d", i);
            int value = Math.min(1000, left - key.length());
            builder.add(key, "v".repeat(Math.max(0, value)));
            left -= key.length() + Math.max(0, value);
        }
        JsonObject document = builder.build();
        assertEquals(size, TwinLimits.sizeOf(document));
        return document;
    }
}
