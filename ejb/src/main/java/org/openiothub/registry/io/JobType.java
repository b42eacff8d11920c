package org.openiothub.registry.io;

import java.util.Locale;

/** The two kinds of registry job, with IoT Hub's JSON names. */
public enum JobType {
    IMPORT,
    EXPORT;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return {@code null} for a name that is not {@code import} or {@code export} (any case) */
    public static JobType fromJson(String name) {
        for (JobType type : values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
