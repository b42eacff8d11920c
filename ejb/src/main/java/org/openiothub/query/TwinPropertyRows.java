package org.openiothub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What a property index stores for a document, and so which paths {@link QueryPlanner} may hand to it: one
 * {@link TwinPropertyRow} per primitive leaf reachable through objects, keyed by its canonical path. Arrays and their
 * contents are not indexed (the query language cannot address array elements, and comparing an array is undefined),
 * nor is anything under {@code $metadata}, which would double the index for values queries rarely touch.
 *
 * <p>Storage indexes the document exactly as queries see it: for devices the twin JSON with the identity fields
 * ({@code deviceId}, {@code status}, {@code connectionState}, ...) and without {@code jobs}.
 */
public final class TwinPropertyRows {

    private static final String METADATA = "$metadata";

    private TwinPropertyRows() {
    }

    public static List<TwinPropertyRow> of(JsonObject document) {
        List<TwinPropertyRow> rows = new ArrayList<>();
        collect(document, new ArrayList<>(), rows);
        return rows;
    }

    /** Whether the rows of a document hold every primitive value at {@code path}, so an index lookup is exact. */
    public static boolean covers(PropertyPath path) {
        return !path.segments().contains(METADATA);
    }

    private static void collect(JsonObject object, List<String> prefix, List<TwinPropertyRow> rows) {
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            if (entry.getKey().equals(METADATA)) {
                continue;
            }
            prefix.add(entry.getKey());
            JsonValue value = entry.getValue();
            switch (value.getValueType()) {
                case OBJECT -> collect(value.asJsonObject(), prefix, rows);
                case ARRAY -> {
                    // not addressable by a query
                }
                default -> rows.add(row(new PropertyPath(prefix).toString(), value));
            }
            prefix.remove(prefix.size() - 1);
        }
    }

    private static TwinPropertyRow row(String path, JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> new TwinPropertyRow(path, JsonValues.stringOf(value), null, null);
            case NUMBER -> new TwinPropertyRow(path, null, JsonValues.doubleOf(value), null);
            case TRUE -> new TwinPropertyRow(path, null, null, Boolean.TRUE);
            case FALSE -> new TwinPropertyRow(path, null, null, Boolean.FALSE);
            default -> new TwinPropertyRow(path, null, null, null);
        };
    }
}
