package org.openiothub.eventhub;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Which partition a device's events go to: a stable hash of its id, the same on every node and every start. */
public final class PartitionOf {

    private PartitionOf() {
    }

    public static int device(String deviceId, int partitionCount) {
        CRC32 crc = new CRC32();
        crc.update(deviceId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitionCount);
    }
}
