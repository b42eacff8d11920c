package org.openiothub.c2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class CloudToDeviceSettingsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final CloudToDeviceSettings HUB = CloudToDeviceSettings.DEFAULTS;

    @Test
    void defaultsAreIotHubs() {
        assertEquals(50, HUB.maxQueueDepth());
        assertEquals(Duration.ofHours(1), HUB.defaultTtl());
        assertEquals(Duration.ofDays(2), HUB.maxTtl());
        assertEquals(Duration.ofMinutes(1), HUB.lockTimeout());
        assertEquals(10, HUB.maxDeliveryCount());
        assertEquals(65536, HUB.maxBodyBytes());
    }

    @Test
    void aMessageWithoutExpiryLivesTheDefaultTtl() {
        assertEquals(NOW.plus(Duration.ofHours(1)), HUB.expiryFor(null, NOW));
    }

    @Test
    void anExpiryUpToTwoDaysAheadIsKept() {
        assertEquals(NOW.plusSeconds(5), HUB.expiryFor(NOW.plusSeconds(5), NOW));
        assertEquals(NOW.plus(Duration.ofDays(2)), HUB.expiryFor(NOW.plus(Duration.ofDays(2)), NOW));
    }

    @Test
    void anExpiryInThePastOrBeyondTwoDaysIsRefused() {
        assertInvalid(() -> HUB.expiryFor(NOW, NOW));
        assertInvalid(() -> HUB.expiryFor(NOW.minusSeconds(1), NOW));
        assertInvalid(() -> HUB.expiryFor(NOW.plus(Duration.ofDays(2)).plusSeconds(1), NOW));
    }

    @Test
    void aPollingDeviceGetsTheLockItAsksForUpToTheHubs() {
        assertEquals(Duration.ofMinutes(1), HUB.lockTimeoutFor(null));
        assertEquals(Duration.ofSeconds(5), HUB.lockTimeoutFor(Duration.ofSeconds(5)));
        assertEquals(Duration.ofMinutes(1), HUB.lockTimeoutFor(Duration.ofMinutes(3)), "the Java SDK asks for 180 s");
        assertEquals(Duration.ofSeconds(1), HUB.lockTimeoutFor(Duration.ZERO));
    }

    @Test
    void theFiftyFirstPendingMessageIsRefused() {
        HUB.requireRoom("dev1", 49);
        HubException e = assertThrows(HubException.class, () -> HUB.requireRoom("dev1", 50));
        assertEquals(ErrorCode.DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED, e.errorCode());
        assertEquals(403004, e.errorCode().code());
        assertEquals(403, e.errorCode().httpStatus());
    }

    @Test
    void bodiesOver64KbAreTooLarge() {
        HUB.requireSize(65536);
        HubException e = assertThrows(HubException.class, () -> HUB.requireSize(65537));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.errorCode());
        assertEquals(413, e.errorCode().httpStatus());
    }

    @Test
    void settingsOutsideIotHubsRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CloudToDeviceSettings(0, Duration.ofHours(1),
                Duration.ofDays(2), Duration.ofMinutes(1), 10, 65536));
        assertThrows(IllegalArgumentException.class, () -> new CloudToDeviceSettings(50, Duration.ofSeconds(59),
                Duration.ofDays(2), Duration.ofMinutes(1), 10, 65536));
        assertThrows(IllegalArgumentException.class, () -> new CloudToDeviceSettings(50, Duration.ofDays(3),
                Duration.ofDays(2), Duration.ofMinutes(1), 10, 65536));
        assertThrows(IllegalArgumentException.class, () -> new CloudToDeviceSettings(50, Duration.ofHours(1),
                Duration.ofDays(2), Duration.ofMinutes(1), 101, 65536));
        assertThrows(IllegalArgumentException.class, () -> new CloudToDeviceSettings(50, Duration.ofHours(1),
                Duration.ofDays(2), Duration.ZERO, 10, 65536));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
        assertEquals(ErrorCode.ARGUMENT_INVALID, assertThrows(HubException.class, call).errorCode());
    }
}
