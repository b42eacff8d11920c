package org.openiothub.method;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.cluster.RemoteMethodCalls;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.ModuleRegistry;

/**
 * Direct methods: sends a call to the device's connection, on this node or (in a cluster) through the node that holds
 * it, and completes it with the device's answer, or with {@code DeviceNotOnline} / {@code GatewayTimeout}. Nothing
 * blocks while a call is in flight: calls are held by request id until their answer or their time-out. A returned
 * stage completes on the caller's thread (failures known at once) or on the hub's worker threads, never on a
 * gateway's event loop. A call to a device connected to this node touches no database; one to a device on another
 * node reads which node from its connection row.
 */
@ApplicationScoped
public class DirectMethods {

    private static final Logger LOG = Logger.getLogger(DirectMethods.class);

    /** How often a call waiting for its device to come online looks again, should no gateway announce it. */
    static final Duration ONLINE_POLL = Duration.ofMillis(500);

    @Inject
    ConnectedDevices devices;

    @Inject
    RemoteMethodCalls remoteCalls;

    @Inject
    DeviceRegistry registry;

    @Inject
    ModuleRegistry modules;

    @Resource(lookup = "java:jboss/ee/concurrency/scheduler/default")
    ScheduledExecutorService scheduler;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    Executor workers;

    /** How often calls past their response time-out are failed: time-outs are this much late at most. */
    static final Duration TIMEOUT_SWEEP = Duration.ofMillis(100);

    /** {@link #ONLINE_POLL}; tests change it. */
    Duration onlinePoll = ONLINE_POLL;

    /** The clock of response deadlines; tests change it. */
    LongSupplier nanoTime = System::nanoTime;

    private final PendingCalls pending = new PendingCalls();
    private final MethodRequestIds requestIds = new MethodRequestIds();
    private final ConcurrentMap<Target, Set<OnlineWait>> waiting = new ConcurrentHashMap<>();
    private Future<?> timeoutSweep;

    @PostConstruct
    void startTimeouts() {
        timeoutSweep = scheduler.scheduleWithFixedDelay(this::timeOutDueCalls, TIMEOUT_SWEEP.toMillis(),
                TIMEOUT_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopTimeouts() {
        if (timeoutSweep != null) {
            timeoutSweep.cancel(false);
        }
    }

    /**
     * Invokes a method on a device or module. Never throws for the call's own failures: the stage completes
     * exceptionally with a {@link HubException}: {@code DeviceNotFound} or {@code ModuleNotFound} (not registered), {@code DeviceNotOnline}
     * (not connected or not subscribed to methods, within the connect time-out), {@code GatewayTimeout} (no answer
     * within the response time-out), {@code InvalidResponseWhileProxying} (an answer that is not JSON).
     *
     * @param moduleId {@code null} for the device itself
     * @return the device's answer, whatever status it chose
     */
    public CompletionStage<MethodResult> invoke(String deviceId, String moduleId, MethodInvocation invocation) {
        CompletableFuture<MethodResult> result = new CompletableFuture<>();
        Optional<DeviceLink> link = readyLink(deviceId, moduleId);
        if (link.isPresent()) {
            send(link.get(), invocation, result, nanoTime.getAsLong() + invocation.connectTimeout().toNanos());
        } else if (registry.find(deviceId).isEmpty()) {
            result.completeExceptionally(HubException.deviceNotFound(deviceId));
        } else if (moduleId != null && modules.find(deviceId, moduleId).isEmpty()) {
            result.completeExceptionally(HubException.moduleNotFound(deviceId, moduleId));
        } else if (invocation.connectTimeout().isZero()) {
            result.completeExceptionally(notOnline(new Target(deviceId, moduleId)));
        } else {
            awaitOnline(new Target(deviceId, moduleId), invocation, result, true);
        }
        return result;
    }

    /**
     * A device's answer, from its gateway (on any thread; returns at once). Completes the call with that request
     * id if {@code from} is the device it was sent to; an answer to an unknown or finished call, or from another
     * device, is dropped.
     *
     * @param payload the body as the device sent it, JSON or empty
     */
    public void responded(DeviceIdentity from, String requestId, int status, byte[] payload) {
        PendingCall call = pending.takeAnswered(from, requestId);
        if (call == null) {
            if (remoteCalls.answer(from, requestId, status, payload)) {
                return;
            }
            if (pending.match(from, requestId) == PendingCalls.Match.WRONG_IDENTITY) {
                MethodLogger.LOG.answerFromWrongIdentity(describe(from), requestId);
            } else {
                LOG.debugf("[device-id: %s] dropped an answer to method request %s, unknown or timed out", describe(from), requestId);
            }
            return;
        }
        onWorker(() -> {
            try {
                call.result().complete(MethodResult.ofDeviceAnswer(status, payload));
            } catch (HubException e) {
                call.result().completeExceptionally(e);
            }
        });
    }

    /**
     * The node of the cluster this call was sent to found no connection of {@code target} that takes method requests
     * (it closed, or the device has not subscribed): the call waits for the device to be online for what remains of
     * its connect time-out, and fails as {@code DeviceNotOnline} when none does.
     */
    public void notDelivered(DeviceIdentity target, String requestId) {
        PendingCall call = pending.takeAnswered(target, requestId);
        if (call == null) {
            return;
        }
        Target to = new Target(target.deviceId(), target.moduleId());
        long remaining = call.connectDeadlineNanos() - nanoTime.getAsLong();
        if (remaining > 0) {
            // Within the caller's connect time-out: wait for the device to be online again, wherever it connects.
            // The first look is at the next poll, so that a device whose node keeps refusing is not asked in a loop.
            awaitOnline(to, call.invocation().withConnectTimeout(Duration.ofNanos(remaining)), call.result(), false);
        } else {
            onWorker(() -> call.result().completeExceptionally(notOnline(to)));
        }
    }

    /** Wakes the calls waiting for a device that now takes method requests. */
    void onSubscribed(@Observes DeviceFeatureSubscribed event) {
        if (event.feature() != DeviceFeature.METHODS) {
            return;
        }
        Set<OnlineWait> waits = waiting.get(new Target(event.device().deviceId(), event.device().moduleId()));
        if (waits != null) {
            waits.forEach(this::deliverIfOnline);
        }
    }

    /** Calls sent and not yet answered or timed out, on this node. */
    public int pendingCalls() {
        return pending.size();
    }

    private Optional<DeviceLink> readyLink(String deviceId, String moduleId) {
        return devices.find(deviceId, moduleId).filter(link -> link.accepts(DeviceFeature.METHODS));
    }

    /** @param connectDeadlineNanos until when the caller waits for the device to be online ({@link #nanoTime} scale) */
    private void send(DeviceLink link, MethodInvocation invocation, CompletableFuture<MethodResult> result,
            long connectDeadlineNanos) {
        PendingCall call = new PendingCall(requestIds.next(), link.identity(), invocation,
                nanoTime.getAsLong() + invocation.responseTimeout().toNanos(), connectDeadlineNanos, result);
        pending.add(call);
        try {
            link.sendMethodRequest(call.requestId(), invocation.methodName(), invocation.payloadJson());
        } catch (RuntimeException e) {
            if (pending.take(call)) {
                LOG.debugf("[device-id: %s] method request %s could not be sent: %s", call.target(), call.requestId(), e);
                result.completeExceptionally(new HubException(ErrorCode.DEVICE_NOT_ONLINE,
                        "The device " + call.target() + " went offline before the method request reached it."));
            }
        }
    }

    private void timeOutDueCalls() {
        try {
            for (PendingCall call : pending.takeDue(nanoTime.getAsLong())) {
                onWorker(() -> call.result().completeExceptionally(new HubException(ErrorCode.GATEWAY_TIMEOUT,
                        "The device " + call.target() + " did not answer method " + call.methodName() + " within "
                                + call.responseTimeout().toSeconds() + " seconds.")));
            }
        } catch (RuntimeException e) {
            // A sweep that threw would never run again.
            LOG.errorf(e, "Timing out direct method calls failed");
        }
    }

    private void awaitOnline(Target target, MethodInvocation invocation, CompletableFuture<MethodResult> result,
            boolean lookNow) {
        OnlineWait wait = new OnlineWait(target, invocation, result,
                nanoTime.getAsLong() + invocation.connectTimeout().toNanos());
        waiting.compute(target, (key, waits) -> {
            Set<OnlineWait> set = waits == null ? ConcurrentHashMap.newKeySet() : waits;
            set.add(wait);
            return set;
        });
        long pollMillis = onlinePoll.toMillis();
        wait.timers(scheduler.schedule(() -> {
            if (wait.claim()) {
                stopWaiting(wait);
                onWorker(() -> result.completeExceptionally(notOnline(target)));
            }
        }, invocation.connectTimeout().toMillis(), TimeUnit.MILLISECONDS),
                scheduler.scheduleWithFixedDelay(() -> deliverIfOnline(wait), pollMillis, pollMillis, TimeUnit.MILLISECONDS));
        if (lookNow) {
            // The device may have come online between the first look and the registration above.
            deliverIfOnline(wait);
        }
    }

    private void deliverIfOnline(OnlineWait wait) {
        Optional<DeviceLink> link = readyLink(wait.target.deviceId(), wait.target.moduleId());
        if (link.isPresent() && wait.claim()) {
            stopWaiting(wait);
            send(link.get(), wait.invocation, wait.result, wait.connectDeadlineNanos);
        }
    }

    private void stopWaiting(OnlineWait wait) {
        wait.cancelTimers();
        waiting.computeIfPresent(wait.target, (key, waits) -> {
            waits.remove(wait);
            return waits.isEmpty() ? null : waits;
        });
    }

    /** Completes on a worker thread: the completing thread runs the caller's follow-up, e.g. writing the HTTP reply. */
    private void onWorker(Runnable completion) {
        try {
            workers.execute(completion);
        } catch (RejectedExecutionException e) {
            // Shutting down: answering from this thread is better than never answering.
            completion.run();
        }
    }

    private static HubException notOnline(Target target) {
        return new HubException(ErrorCode.DEVICE_NOT_ONLINE, "The device " + target
                + " is not online or has not subscribed to direct methods.");
    }

    private static String describe(DeviceIdentity identity) {
        if (identity == null) {
            return "unknown";
        }
        return identity.moduleId() == null ? identity.deviceId() : identity.deviceId() + "/" + identity.moduleId();
    }

    private record Target(String deviceId, String moduleId) {
        @Override
        public String toString() {
            return moduleId == null ? deviceId : deviceId + "/" + moduleId;
        }
    }

    /** A call waiting for its device to come online; the first of delivery and deadline to claim it wins. */
    private static final class OnlineWait {
        final Target target;
        final MethodInvocation invocation;
        final CompletableFuture<MethodResult> result;
        final long connectDeadlineNanos;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile Future<?> deadline;
        private volatile Future<?> poll;

        OnlineWait(Target target, MethodInvocation invocation, CompletableFuture<MethodResult> result,
                long connectDeadlineNanos) {
            this.target = target;
            this.invocation = invocation;
            this.result = result;
            this.connectDeadlineNanos = connectDeadlineNanos;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        /** A wait claimed before its timers were set cancels them here; after, its claimer does. */
        void timers(Future<?> deadline, Future<?> poll) {
            this.deadline = deadline;
            this.poll = poll;
            if (claimed.get()) {
                cancelTimers();
            }
        }

        void cancelTimers() {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (poll != null) {
                poll.cancel(false);
            }
        }
    }
}
