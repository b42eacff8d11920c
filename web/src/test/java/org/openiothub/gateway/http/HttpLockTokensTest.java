package org.openiothub.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HttpLockTokensTest {

    private static final String TOKEN = "6f1c2d3e-0000-4000-8000-123456789abc";

    @Test
    void aPlainOrQuotedEtagCompletes() {
        assertEquals(new HttpLockTokens(TOKEN, false), HttpLockTokens.of(TOKEN, Map.of()));
        assertEquals(new HttpLockTokens(TOKEN, false), HttpLockTokens.of("\"" + TOKEN + "\"", Map.of()));
        assertEquals(new HttpLockTokens(TOKEN, false), HttpLockTokens.of(TOKEN, Map.of("api-version", List.of("2020-09-30"))));
    }

    @Test
    void rejectIsReadFromTheQueryAsSentOrAsTheJavaSdkMisencodesIt() {
        assertEquals(new HttpLockTokens(TOKEN, true), HttpLockTokens.of(TOKEN, Map.of("reject", List.of(""))));
        assertEquals(new HttpLockTokens(TOKEN, true), HttpLockTokens.of(TOKEN, Map.of("?reject", List.of("true"))));
        assertEquals(new HttpLockTokens(TOKEN, true), HttpLockTokens.of(TOKEN + "?reject=true", Map.of()));
        assertEquals(new HttpLockTokens(TOKEN, true), HttpLockTokens.of(TOKEN + "?reject", Map.of()));
    }

    @Test
    void rejectFalseCompletes() {
        assertEquals(new HttpLockTokens(TOKEN, false), HttpLockTokens.of(TOKEN, Map.of("reject", List.of("false"))));
        assertEquals(new HttpLockTokens(TOKEN, false), HttpLockTokens.of(TOKEN + "?reject=false", Map.of()));
    }
}
