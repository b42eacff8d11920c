package org.openiothub.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DeviceOperationThrottleTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void operationsArePacedOneIntervalApart() {
        DeviceOperationThrottle throttle = new DeviceOperationThrottle(10);
        assertEquals(0, throttle.reserve(0));
        assertEquals(100 * MS, throttle.reserve(0));
        assertEquals(200 * MS, throttle.reserve(0));
        assertEquals(150 * MS, throttle.reserve(150 * MS), "the fourth slot is at 300 ms");
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() {
        DeviceOperationThrottle throttle = new DeviceOperationThrottle(10);
        throttle.reserve(0);
        long later = TimeUnit.SECONDS.toNanos(10);
        assertEquals(0, throttle.reserve(later));
        assertEquals(100 * MS, throttle.reserve(later));
    }

    @Test
    void aFractionalRateWaitsLongerThanASecond() {
        DeviceOperationThrottle throttle = new DeviceOperationThrottle(0.5);
        throttle.reserve(0);
        assertEquals(2000 * MS, throttle.reserve(0));
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceOperationThrottle(0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceOperationThrottle(Double.NaN));
    }
}
