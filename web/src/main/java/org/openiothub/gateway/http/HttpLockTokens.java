package org.openiothub.gateway.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lock token of a cloud-to-device message as devices send it back in the path of a complete, abandon or reject:
 * the {@code ETag} they were given, quoted or not, and for a reject {@code ?reject} in the query, or
 * {@code %3Freject=true} as the Java SDK writes it (in the query, or in the path after the token).
 */
record HttpLockTokens(String lockToken, boolean reject) {

    private static final String REJECT = "reject";

    /**
     * @param pathSegment the decoded path segment after {@code devicebound/}
     * @param query       the decoded query parameters
     */
    static HttpLockTokens of(String pathSegment, Map<String, List<String>> query) {
        String token = pathSegment;
        boolean reject = isReject(query.get(REJECT)) || isReject(query.get("?" + REJECT));
        int question = token.indexOf('?');
        if (question >= 0) {
            reject |= token.substring(question + 1).toLowerCase(Locale.ROOT).startsWith(REJECT)
                    && !token.toLowerCase(Locale.ROOT).endsWith("=false");
            token = token.substring(0, question);
        }
        token = token.trim();
        if (token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"")) {
            token = token.substring(1, token.length() - 1);
        }
        return new HttpLockTokens(token, reject);
    }

    /** {@code ?reject}, {@code ?reject=true}: a reject; {@code ?reject=false} is not. */
    private static boolean isReject(List<String> values) {
        return values != null && values.stream().noneMatch("false"::equalsIgnoreCase);
    }
}
