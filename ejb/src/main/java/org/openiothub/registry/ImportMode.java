package org.openiothub.registry;

import java.util.Locale;

/**
 * What a bulk registry request or an import does with one device, as IoT Hub names it in {@code importMode}. The
 * {@code IfMatchETag} modes compare {@code eTag} (the device's) or, for the twin modes, {@code twinETag}.
 */
public enum ImportMode {
    CREATE("create"),
    UPDATE("update"),
    UPDATE_IF_MATCH_ETAG("updateIfMatchETag"),
    CREATE_OR_UPDATE("createOrUpdate"),
    CREATE_OR_UPDATE_IF_MATCH_ETAG("createOrUpdateIfMatchETag"),
    DELETE("delete"),
    DELETE_IF_MATCH_ETAG("deleteIfMatchETag"),
    UPDATE_TWIN("updateTwin"),
    UPDATE_TWIN_IF_MATCH_ETAG("updateTwinIfMatchETag");

    private final String json;

    ImportMode(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /**
     * IoT Hub's name in any case: the Java service SDK writes the enum constant ({@code UpdateIfMatchETag}).
     *
     * @return {@code null} for an unknown name
     */
    public static ImportMode fromJson(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ImportMode mode : values()) {
            if (mode.json.toLowerCase(Locale.ROOT).equals(lower)) {
                return mode;
            }
        }
        return null;
    }

    boolean deletes() {
        return this == DELETE || this == DELETE_IF_MATCH_ETAG;
    }

    boolean twinOnly() {
        return this == UPDATE_TWIN || this == UPDATE_TWIN_IF_MATCH_ETAG;
    }
}
