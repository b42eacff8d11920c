package org.openiothub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The collection after FROM. Each knows the top-level fields of its documents, which IoT Hub matches without regard to
 * case ({@code SELECT DeviceId} returns {@code deviceId}); names inside {@code tags} and {@code properties} are
 * case-sensitive like the JSON they come from.
 */
public enum QuerySource {
    DEVICES("devices", true,
            "deviceId", "etag", "deviceEtag", "version", "status", "statusReason", "statusUpdateTime",
            "connectionState", "lastActivityTime", "cloudToDeviceMessageCount", "authenticationType",
            "x509Thumbprint", "modelId", "capabilities", "deviceScope", "parentScopes", "tags", "properties"),
    MODULES("devices.modules", true,
            "deviceId", "moduleId", "etag", "deviceEtag", "version", "status", "statusReason", "statusUpdateTime",
            "connectionState", "lastActivityTime", "cloudToDeviceMessageCount", "authenticationType",
            "x509Thumbprint", "modelId", "tags", "properties"),
    /** Per-device job records; IoT Hub allows only {@code SELECT *} without GROUP BY here. */
    JOBS("devices.jobs", false,
            "deviceId", "moduleId", "jobId", "jobType", "status", "startTimeUtc", "endTimeUtc", "createdDateTimeUtc",
            "lastUpdatedDateTimeUtc", "outcome", "error");

    private static final Map<String, String> TWIN_PROPERTY_SECTIONS = Map.of("desired", "desired", "reported", "reported");

    private final String text;
    private final boolean projections;
    private final Map<String, String> fields;
    private final PropertyPath prefix;

    QuerySource(String text, boolean projections, String... fields) {
        this.text = text;
        this.projections = projections;
        this.fields = Stream.of(fields).collect(Collectors.toUnmodifiableMap(
                name -> name.toLowerCase(Locale.ROOT), Function.identity()));
        this.prefix = new PropertyPath(List.of(text.split("\\.")));
    }

    /** As written after FROM, e.g. {@code devices.modules}. */
    public String text() {
        return text;
    }

    /** Whether projections, aggregates and GROUP BY are allowed; IoT Hub refuses them on {@code devices.jobs}. */
    public boolean allowsProjections() {
        return projections;
    }

    /** @param name as written, any case */
    public static Optional<QuerySource> named(String name) {
        for (QuerySource source : values()) {
            if (source.text.equalsIgnoreCase(name)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }

    /**
     * The path as stored in documents of this collection: without a leading collection name
     * ({@code devices.jobs.jobId} is {@code jobId}), with top-level fields and the {@code desired}/{@code reported}
     * sections in their canonical case. Other names stay as written.
     */
    public PropertyPath canonical(PropertyPath path) {
        PropertyPath relative = path;
        if (path.length() > prefix.length() && startsWithIgnoringCase(path, prefix)) {
            relative = path.drop(prefix.length());
        }
        String first = fields.get(relative.first().toLowerCase(Locale.ROOT));
        if (first == null) {
            return relative;
        }
        List<String> segments = new ArrayList<>(relative.segments());
        segments.set(0, first);
        if (first.equals("properties") && segments.size() > 1) {
            segments.set(1, TWIN_PROPERTY_SECTIONS.getOrDefault(segments.get(1).toLowerCase(Locale.ROOT), segments.get(1)));
        }
        return new PropertyPath(segments);
    }

    private static boolean startsWithIgnoringCase(PropertyPath path, PropertyPath prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (!path.segments().get(i).equalsIgnoreCase(prefix.segments().get(i))) {
                return false;
            }
        }
        return true;
    }
}
