package org.openiothub.method;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.openiothub.auth.DeviceIdentity;

/** A method request sent to one device (or module) and not answered yet. */
final class PendingCall {

    private final String requestId;
    private final String deviceId;
    private final String moduleId;
    private final String methodName;
    private final CompletableFuture<MethodResult> result;
    private volatile Future<?> timeout;

    PendingCall(String requestId, DeviceIdentity to, String methodName, CompletableFuture<MethodResult> result) {
        this.requestId = requestId;
        this.deviceId = to.deviceId();
        this.moduleId = to.moduleId();
        this.methodName = methodName;
        this.result = result;
    }

    String requestId() {
        return requestId;
    }

    String methodName() {
        return methodName;
    }

    CompletableFuture<MethodResult> result() {
        return result;
    }

    /** Whether {@code identity} is the device or module this call went to, the only one that may answer it. */
    boolean isFor(DeviceIdentity identity) {
        return identity != null && deviceId.equals(identity.deviceId()) && Objects.equals(moduleId, identity.moduleId());
    }

    void timeout(Future<?> timeout) {
        this.timeout = timeout;
    }

    /** Cancels the time-out; one that fires anyway finds the call gone and does nothing. */
    void cancelTimeout() {
        Future<?> scheduled = timeout;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    String target() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }
}
