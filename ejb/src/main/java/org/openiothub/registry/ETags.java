package org.openiothub.registry;

/** If-Match values arrive quoted or not; compare them unquoted. */
public final class ETags {

    private ETags() {
    }

    /** @return the value without surrounding quotes (or a weak prefix), or {@code null} for a blank value */
    public static String unquote(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.startsWith("W/")) {
            text = text.substring(2);
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text;
    }
}
