package org.openiothub.registry;

import java.util.Collection;
import java.util.Map;

/**
 * What the registry needs from the devices' cloud-to-device queues: the {@code cloudToDeviceMessageCount} it shows,
 * and dropping a deleted device's queue. The queues depend on the registry, so the registry asks through this.
 */
public interface DeviceMessageQueues {

    /** Pending (enqueued or locked) messages of one device. */
    int pendingCount(String deviceId);

    /** Pending messages of several devices; a device without any is absent from the map. */
    Map<String, Integer> pendingCounts(Collection<String> deviceIds);

    /** Drops the messages of a device being deleted, in the caller's transaction, without feedback. */
    void deleteQueueOf(String deviceId);
}
