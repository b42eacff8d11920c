package org.openiothub.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.openiothub.auth.DeviceIdentity;

/**
 * The calls awaiting an answer, by request id and by deadline. Whoever takes a call out (its answer, its time-out, a
 * failed send) completes it; the others find it gone. An answer from any identity but the one the call went to takes
 * nothing. Time-outs are found by looking at the earliest deadlines ({@link #takeDue}) rather than by a timer task per
 * call: at a thousand calls a second, tasks cancelled but held until their 30-second delay ran out filled the heap.
 */
final class PendingCalls {

    /** What became of an answer. */
    enum Match { ANSWERED, UNKNOWN, WRONG_IDENTITY }

    private final ConcurrentMap<String, PendingCall> calls = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<PendingCall, Boolean> byDeadline = new ConcurrentSkipListMap<>(PendingCall.BY_DEADLINE);

    void add(PendingCall call) {
        if (calls.putIfAbsent(call.requestId(), call) != null) {
            throw new IllegalStateException("Request id " + call.requestId() + " is already in use");
        }
        byDeadline.put(call, Boolean.TRUE);
    }

    /** @return the call {@code from} answered, taken out; {@code null} when it is unknown, over or not {@code from}'s */
    PendingCall takeAnswered(DeviceIdentity from, String requestId) {
        PendingCall call = requestId == null ? null : calls.get(requestId);
        if (call == null || !call.isFor(from)) {
            return null;
        }
        return take(call) ? call : null;
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
        if (!calls.remove(call.requestId(), call)) {
            return false;
        }
        byDeadline.remove(call);
        return true;
    }

    /** Takes out the calls whose deadline has come at {@code nowNanos} ({@link System#nanoTime} scale). */
    List<PendingCall> takeDue(long nowNanos) {
        List<PendingCall> due = new ArrayList<>();
        for (Map.Entry<PendingCall, Boolean> first = byDeadline.firstEntry();
                first != null && first.getKey().isDue(nowNanos); first = byDeadline.firstEntry()) {
            PendingCall call = first.getKey();
            byDeadline.remove(call);
            if (calls.remove(call.requestId(), call)) {
                due.add(call);
            }
        }
        return due;
    }

    int size() {
        return calls.size();
    }
}
