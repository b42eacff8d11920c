package org.openiothub.query.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.openiothub.errors.HubException;

/**
 * Where the next page of a query starts, as the opaque {@code x-ms-continuation} value a client sends back. Documents
 * come in id order, so a page continues after the last id it returned; {@code returned} counts the results of the
 * pages before it, which TOP needs, and is the offset into results that have no id (aggregate rows, job records).
 *
 * @param afterId the id of the last document returned, or {@code null} when results are paged by offset
 * @param returned how many results the earlier pages held
 */
public record ContinuationToken(String afterId, int returned) {

    /** Before the first page. */
    public static final ContinuationToken START = new ContinuationToken(null, 0);

    private static final String VERSION = "1";

    public ContinuationToken {
        if (returned < 0) {
            throw new IllegalArgumentException("returned must not be negative: " + returned);
        }
    }

    /** URL-safe base64 text without padding, so it passes through headers unchanged. */
    public String encode() {
        String plain = VERSION + ":" + returned + ":" + (afterId == null ? "" : "+" + afterId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param text a value {@link #encode()} gave, or {@code null} or empty for the first page
     * @throws HubException {@code ArgumentInvalid} when the text is not such a value
     */
    public static ContinuationToken decode(String text) {
        if (text == null || text.isEmpty()) {
            return START;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw invalid();
            }
            String afterId = parts[2].isEmpty() ? null : parts[2].startsWith("+") ? parts[2].substring(1) : null;
            if (!parts[2].isEmpty() && afterId == null) {
                throw invalid();
            }
            return new ContinuationToken(afterId, Integer.parseInt(parts[1]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static HubException invalid() {
        return HubException.invalid("The continuation token is not one this hub issued for the query.");
    }
}
