package org.openiothub.method;

import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.openiothub.auth.DeviceIdentity;

/** A method request sent to one device (or module) and not answered yet. */
final class PendingCall {

    /** Earliest deadline first; request ids, unique, break ties. Deadlines compare as {@link System#nanoTime} values. */
    static final Comparator<PendingCall> BY_DEADLINE = (a, b) -> {
        long difference = a.deadlineNanos - b.deadlineNanos;
        return difference != 0 ? Long.signum(difference) : a.requestId.compareTo(b.requestId);
    };

    private final String requestId;
    private final String deviceId;
    private final String moduleId;
    private final MethodInvocation invocation;
    private final long deadlineNanos;
    private final long connectDeadlineNanos;
    private final CompletableFuture<MethodResult> result;

    /**
     * @param deadlineNanos        when the call times out, on the {@link System#nanoTime} scale
     * @param connectDeadlineNanos until when the caller would wait for the device to be online, on the same scale
     */
    PendingCall(String requestId, DeviceIdentity to, MethodInvocation invocation, long deadlineNanos,
            long connectDeadlineNanos, CompletableFuture<MethodResult> result) {
        this.requestId = requestId;
        this.deviceId = to.deviceId();
        this.moduleId = to.moduleId();
        this.invocation = invocation;
        this.deadlineNanos = deadlineNanos;
        this.connectDeadlineNanos = connectDeadlineNanos;
        this.result = result;
    }

    /** The call as the caller made it. */
    MethodInvocation invocation() {
        return invocation;
    }

    long connectDeadlineNanos() {
        return connectDeadlineNanos;
    }

    String requestId() {
        return requestId;
    }

    String methodName() {
        return invocation.methodName();
    }

    Duration responseTimeout() {
        return invocation.responseTimeout();
    }

    /** Whether the call's deadline has come at {@code nowNanos}. */
    boolean isDue(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    CompletableFuture<MethodResult> result() {
        return result;
    }

    /** Whether {@code identity} is the device or module this call went to, the only one that may answer it. */
    boolean isFor(DeviceIdentity identity) {
        return identity != null && deviceId.equals(identity.deviceId()) && Objects.equals(moduleId, identity.moduleId());
    }

    String target() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }
}
