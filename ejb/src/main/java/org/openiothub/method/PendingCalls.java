package org.openiothub.method;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.openiothub.auth.DeviceIdentity;

/**
 * The calls awaiting an answer, by request id. Whoever takes a call out (its answer, its time-out, a failed send)
 * completes it; the others find it gone. An answer from any identity but the one the call went to takes nothing.
 */
final class PendingCalls {

    /** What became of an answer. */
    enum Match { ANSWERED, UNKNOWN, WRONG_IDENTITY }

    private final ConcurrentMap<String, PendingCall> calls = new ConcurrentHashMap<>();

    void add(PendingCall call) {
        if (calls.putIfAbsent(call.requestId(), call) != null) {
            throw new IllegalStateException("Request id " + call.requestId() + " is already in use");
        }
    }

    /** @return the call {@code from} answered, taken out; {@code null} when it is unknown, over or not {@code from}'s */
    PendingCall takeAnswered(DeviceIdentity from, String requestId) {
        PendingCall call = requestId == null ? null : calls.get(requestId);
        if (call == null || !call.isFor(from)) {
            return null;
        }
        return calls.remove(requestId, call) ? call : null;
    }

    /** Why {@link #takeAnswered} took nothing, for the log. */
    Match match(DeviceIdentity from, String requestId) {
        PendingCall call = requestId == null ? null : calls.get(requestId);
        if (call == null) {
            return Match.UNKNOWN;
        }
        return call.isFor(from) ? Match.ANSWERED : Match.WRONG_IDENTITY;
    }

    /** @return whether the call was still pending; if so it is not any more */
    boolean take(PendingCall call) {
        return calls.remove(call.requestId(), call);
    }

    int size() {
        return calls.size();
    }
}
