package org.openiothub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;

/** A device's pending cloud-to-device messages as the registry reports them ({@code cloudToDeviceMessageCount}). */
final class PendingMessages {

    private PendingMessages() {
    }

    /** Waits up to 10 s for the device's count to be {@code expected}, and fails with the last count otherwise. */
    static void awaitCount(RegistryClient registry, String deviceId, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        long count;
        do {
            count = registry.getDevice(deviceId).getCloudToDeviceMessageCount();
            if (count == expected) {
                return;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(expected, count, "cloudToDeviceMessageCount");
    }
}
