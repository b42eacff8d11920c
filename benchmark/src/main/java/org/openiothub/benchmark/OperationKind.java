package org.openiothub.benchmark;

/** The acknowledged operations the crash test accounts for, in the order its summaries list them. */
enum OperationKind {
    DEVICE_CREATE("registry PUT", "registry"),
    DEVICE_IMPORT("bulk import", "import"),
    DESIRED_PATCH("desired patch", "desired"),
    TAG_PATCH("tag patch", "tags"),
    REPORTED_PATCH("reported patch", "reported"),
    CLOUD_TO_DEVICE("c2d send", "c2d"),
    TELEMETRY("telemetry", "telemetry"),
    JOB_CREATE("job create", "jobs");

    final String label;
    /** The name {@code --skip} knows it by. */
    final String optionName;

    OperationKind(String label, String optionName) {
        this.label = label;
        this.optionName = optionName;
    }

    /** @throws IllegalArgumentException naming the names there are */
    static OperationKind byOptionName(String name) {
        for (OperationKind kind : values()) {
            if (kind.optionName.equals(name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("No operation '" + name + "': registry, import, desired, tags, reported,"
                + " c2d, telemetry or jobs");
    }
}
