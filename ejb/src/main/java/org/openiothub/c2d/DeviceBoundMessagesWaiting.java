package org.openiothub.c2d;

import java.util.Set;

/** CDI event: these devices have messages ready for delivery (new ones, or ones back from a lapsed lock). */
public record DeviceBoundMessagesWaiting(Set<String> deviceIds) {

    public DeviceBoundMessagesWaiting {
        deviceIds = Set.copyOf(deviceIds);
    }
}
