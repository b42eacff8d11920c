package org.openiothub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What a property index stores for a document, and so which paths {@link QueryPlanner} may hand to it: one
 * {@link TwinPropertyRow} per primitive leaf reachable through objects, keyed by its canonical path. Arrays and their
 * contents are not indexed (the query language cannot address array elements, and comparing an array is undefined),
 * nor is anything under {@code $metadata}, which would double the index for values queries rarely touch.
 *
 * <p>Storage indexes the document as queries see it: for devices the twin JSON with the identity fields
 * ({@code deviceId}, {@code status}, ...) and without {@code jobs}. The top-level fields that move without an
 * operator's write ({@link #LIVE_FIELDS}: connection state, activity, queued cloud-to-device messages) are left out,
 * so that a device connecting or sending costs no index write; queries on them are evaluated on loaded documents,
 * which carry the live values.
 *
 * <p>Bookkeeping fields that every write changes or that fleets seldom filter on ({@link #UNINDEXED_FIELDS}: etags,
 * versions, {@code $version}s, status times and reasons, authentication details, {@code modelId}) are left out too:
 * with them a device had about 20 rows and an import of 100,000 devices spent most of its time writing them, and
 * every twin patch rewrote three of them. Queries on them are evaluated on loaded documents. What stays indexed is
 * what fleets are selected by: {@code deviceId}, {@code status}, {@code capabilities}, {@code tags} and the
 * properties.
 */
public final class TwinPropertyRows {

    private static final String METADATA = "$metadata";
    private static final String VERSION = "$version";

    /** Top-level fields whose values change without a write to the document, and so are never indexed. */
    public static final Set<String> LIVE_FIELDS = Set.of("connectionState", "connectionStateUpdatedTime",
            "lastActivityTime", "cloudToDeviceMessageCount");

    /** Top-level fields that are not indexed, with everything under them; see the class comment. */
    public static final Set<String> UNINDEXED_FIELDS = Set.of("etag", "deviceEtag", "version", "statusReason",
            "statusUpdateTime", "statusUpdatedTime", "authenticationType", "x509Thumbprint", "modelId");

    private TwinPropertyRows() {
    }

    /** The rows of a document, in the document's order; none for {@link #LIVE_FIELDS}. */
    public static List<TwinPropertyRow> of(JsonObject document) {
        List<TwinPropertyRow> rows = new ArrayList<>();
        collect(document, new ArrayList<>(), rows);
        return rows;
    }

    /** Whether the rows of a document hold every primitive value at {@code path}, so an index lookup is exact. */
    public static boolean covers(PropertyPath path) {
        return !path.segments().contains(METADATA) && !path.segments().contains(VERSION)
                && !UNINDEXED_FIELDS.contains(path.first())
                && !(path.length() == 1 && LIVE_FIELDS.contains(path.first()));
    }

    private static void collect(JsonObject object, List<String> prefix, List<TwinPropertyRow> rows) {
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            String key = entry.getKey();
            if (key.equals(METADATA) || key.equals(VERSION)
                    || prefix.isEmpty() && (LIVE_FIELDS.contains(key) || UNINDEXED_FIELDS.contains(key))) {
                continue;
            }
            prefix.add(key);
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
