package org.openiothub.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class DeviceIdsTest {

    @Test
    void acceptsEveryCharacterIotHubAllows() {
        assertTrue(DeviceIds.isValid("dev-1:a.b+c%d_e#f*g?h!i(j)k,l=m@n$o'p"));
        assertTrue(DeviceIds.isValid("x".repeat(128)));
    }

    @Test
    void refusesEmptyTooLongAndOtherCharacters() {
        assertFalse(DeviceIds.isValid(null));
        assertFalse(DeviceIds.isValid(""));
        assertFalse(DeviceIds.isValid("x".repeat(129)));
        for (String bad : new String[] {"a b", "a/b", "a\\b", "a&b", "ä", "a\"b", "a<b"}) {
            assertFalse(DeviceIds.isValid(bad), bad);
        }
    }

    @Test
    void requireNamesTheBadIdAsArgumentInvalid() {
        HubException e = assertThrows(HubException.class, () -> DeviceIds.require("a/b"));
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
        assertTrue(e.getMessage().contains("a/b"));
    }

    @Test
    void etagsCompareQuotedOrNot() {
        assertEquals("MA", ETags.unquote("\"MA\""));
        assertEquals("MA", ETags.unquote("MA"));
        assertEquals("MA", ETags.unquote("W/\"MA\""));
        assertEquals("*", ETags.unquote("*"));
        assertNull(ETags.unquote(" "));
    }
}
