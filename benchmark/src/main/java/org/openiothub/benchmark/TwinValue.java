package org.openiothub.benchmark;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A twin property the crash test raises by one with every patch, per device: a value read after a restart must be
 * at least the last one acknowledged (a patch in flight at the crash may or may not have landed). Each lives under a
 * name of its own, so that it can be found in the twin's JSON without parsing it.
 */
enum TwinValue {
    TAG("crashTag", OperationKind.TAG_PATCH),
    DESIRED("crashDesired", OperationKind.DESIRED_PATCH),
    REPORTED("crashReported", OperationKind.REPORTED_PATCH);

    final String key;
    final OperationKind kind;
    // A number right after the key: the value itself, not its {"$lastUpdated":...} entry in $metadata.
    private final Pattern value;

    TwinValue(String key, OperationKind kind) {
        this.key = key;
        this.kind = kind;
        this.value = Pattern.compile("\"" + key + "\"\\s*:\\s*(-?\\d+)");
    }

    /** {@code {"crashTag":7}}: the patch of the tags or of the desired or reported properties that sets it. */
    String patch(long number) {
        return "{\"" + key + "\":" + number + "}";
    }

    /** @return empty when the twin does not hold the property */
    Optional<Long> readFrom(String twinJson) {
        Matcher matcher = value.matcher(twinJson);
        return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }
}
