package org.openiothub.query;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A property reference such as {@code tags.location.region} or {@code properties.reported['my-key']}: the names to
 * follow from the root of a document, case-sensitive. {@link #toString()} gives the canonical text, which is also the
 * key under which an index stores the property (see {@link TwinPropertyRows}).
 */
public record PropertyPath(List<String> segments) {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    public PropertyPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("A property path has at least one name");
        }
    }

    public static PropertyPath of(String... segments) {
        return new PropertyPath(List.of(segments));
    }

    public String first() {
        return segments.get(0);
    }

    public String last() {
        return segments.get(segments.size() - 1);
    }

    public int length() {
        return segments.size();
    }

    /** The same path without its first {@code count} names. */
    public PropertyPath drop(int count) {
        return new PropertyPath(segments.subList(count, segments.size()));
    }

    public boolean startsWith(PropertyPath prefix) {
        return prefix.length() <= length() && segments.subList(0, prefix.length()).equals(prefix.segments);
    }

    /**
     * Follows the path from {@code root}.
     *
     * @return the value, {@link JsonValue#NULL} for a JSON null, or Java {@code null} when the path is undefined
     *         (a name is missing or an intermediate value is not an object)
     */
    public JsonValue valueIn(JsonValue root) {
        JsonValue current = root;
        for (String segment : segments) {
            if (!(current instanceof JsonObject object)) {
                return null;
            }
            current = object.get(segment);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** Canonical text: dotted names, bracketed and quoted where a name is not a plain identifier. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (PLAIN_NAME.matcher(segment).matches()) {
                if (i > 0) {
                    text.append('.');
                }
                text.append(segment);
            } else {
                text.append("['").append(segment.replace("\\", "\\\\").replace("'", "\\'")).append("']");
            }
        }
        return text.toString();
    }
}
