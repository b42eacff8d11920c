package org.openiothub.job;

import java.util.Optional;
import java.util.stream.Stream;

/** What a scheduled job does to each device, named as IoT Hub names it on the wire. */
public enum JobType {
    SCHEDULE_DEVICE_METHOD("scheduleDeviceMethod", "cloudToDeviceMethod"),
    SCHEDULE_UPDATE_TWIN("scheduleUpdateTwin", "updateTwin");

    private final String wireName;
    private final String actionMember;

    JobType(String wireName, String actionMember) {
        this.wireName = wireName;
        this.actionMember = actionMember;
    }

    /** e.g. {@code scheduleDeviceMethod}. */
    public String wireName() {
        return wireName;
    }

    /** The request member that says what to do to each device: {@code cloudToDeviceMethod} or {@code updateTwin}. */
    public String actionMember() {
        return actionMember;
    }

    /** @return empty for {@code null} or a name IoT Hub does not schedule (exact case, as IoT Hub reads it) */
    public static Optional<JobType> ofWireName(String name) {
        return Stream.of(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
