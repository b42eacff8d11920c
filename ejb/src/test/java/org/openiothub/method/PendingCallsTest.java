package org.openiothub.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;

class PendingCallsTest {

    private static final DeviceIdentity DEVICE = new DeviceIdentity("d1", null, "gen-1", CredentialKind.DEVICE_KEY);

    private final PendingCalls pending = new PendingCalls();

    private PendingCall call(String requestId, long deadlineNanos) {
        PendingCall call = new PendingCall(requestId, DEVICE, MethodInvocation.of("reboot", null, 5, 0), deadlineNanos,
                deadlineNanos, new CompletableFuture<>());
        pending.add(call);
        return call;
    }

    @Test
    void callsFallDueInDeadlineOrderAndOnlyOnce() {
        PendingCall late = call("b", 300);
        PendingCall early = call("a", 100);
        PendingCall middle = call("c", 200);

        assertTrue(pending.takeDue(99).isEmpty());
        assertEquals(List.of(early, middle), pending.takeDue(200));
        assertEquals(List.of(late), pending.takeDue(Long.MAX_VALUE));
        assertTrue(pending.takeDue(Long.MAX_VALUE).isEmpty());
        assertEquals(0, pending.size());
    }

    @Test
    void anAnsweredCallNeverFallsDue() {
        PendingCall answered = call("a", 100);
        PendingCall unanswered = call("b", 100);

        assertSame(answered, pending.takeAnswered(DEVICE, "a"));
        assertEquals(List.of(unanswered), pending.takeDue(100));
    }

    @Test
    void deadlinesCompareAcrossTheWrapOfTheNanosecondClock() {
        PendingCall beforeWrap = call("a", Long.MAX_VALUE - 10);
        PendingCall afterWrap = call("b", Long.MIN_VALUE + 10);

        assertEquals(List.of(beforeWrap), pending.takeDue(Long.MAX_VALUE));
        assertEquals(List.of(afterWrap), pending.takeDue(Long.MIN_VALUE + 10));
    }
}
