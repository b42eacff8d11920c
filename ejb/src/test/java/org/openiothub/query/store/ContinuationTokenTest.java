package org.openiothub.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class ContinuationTokenTest {

    @Test
    void aTokenReadsBackAsWritten() {
        for (ContinuationToken token : new ContinuationToken[] {new ContinuationToken("dev-042", 100),
                new ContinuationToken("a:b+c/d=é", 7), new ContinuationToken(null, 2000), new ContinuationToken("", 1)}) {
            assertEquals(token, ContinuationToken.decode(token.encode()));
        }
    }

    @Test
    void theTextIsOpaqueAndSafeInAHeader() {
        String text = new ContinuationToken("building 7/floor:2", 300).encode();
        assertFalse(text.contains("building"), text);
        assertEquals(text, text.replaceAll("[^A-Za-z0-9_-]", ""), "base64url without padding");
    }

    @Test
    void noTokenIsTheFirstPage() {
        assertEquals(ContinuationToken.START, ContinuationToken.decode(null));
        assertEquals(ContinuationToken.START, ContinuationToken.decode(""));
    }

    @Test
    void aTokenTheHubDidNotIssueIsRefusedAsAnInvalidArgument() {
        String negative = Base64.getUrlEncoder().encodeToString("1:-5:+d".getBytes(StandardCharsets.UTF_8));
        String otherVersion = Base64.getUrlEncoder().encodeToString("9:5:+d".getBytes(StandardCharsets.UTF_8));
        for (String text : new String[] {"not base64 !", "Zm9v", negative, otherVersion}) {
            HubException refused = assertThrows(HubException.class, () -> ContinuationToken.decode(text), text);
            assertEquals(ErrorCode.ARGUMENT_INVALID, refused.errorCode());
        }
    }
}
