package org.openiothub.c2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceLink;

class CloudToDevicePumpTest {

    private final ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(2);
    private final FakeQueue queue = new FakeQueue();
    private final CloudToDevicePump pump = new CloudToDevicePump();

    @BeforeEach
    void wire() {
        pump.queue = queue;
        pump.executor = managed(threads);
        pump.readSettings();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void anAttachedDeviceGetsItsMessagesOneAtATimeInOrder() {
        queue.add("dev1", "m1", "m2", "m3");
        FakeLink link = new FakeLink("dev1");
        pump.attach(link);

        await(() -> link.sent.size() == 1);
        sleep(100);
        assertEquals(1, link.sent.size(), "the next message waits for the acknowledgement of the previous one");
        for (int i = 0; i < 3; i++) {
            int delivered = i + 1;
            await(() -> link.sent.size() == delivered);
            link.acknowledge(i);
        }
        await(() -> queue.completed.size() == 3);
        assertEquals(List.of("m1", "m2", "m3"), link.sentIds());
        assertEquals(List.of("m1", "m2", "m3"), queue.completed);
    }

    @Test
    void aMessageQueuedWhileTheDeviceIsAttachedFlowsAtOnce() {
        FakeLink link = new FakeLink("dev1");
        pump.attach(link);
        sleep(100);
        queue.add("dev1", "later");
        pump.onMessagesWaiting(new DeviceBoundMessagesWaiting(Set.of("dev1")));

        await(() -> link.sent.size() == 1);
        assertEquals("later", link.sent.get(0).message.messageId());
    }

    @Test
    void whenTheLinkFailsTheMessageIsAbandonedAndTheDetachedLinkGetsNothingMore() {
        queue.add("dev1", "m1", "m2");
        FakeLink link = new FakeLink("dev1");
        pump.attach(link);
        await(() -> link.sent.size() == 1);

        pump.detach(link);
        link.fail(0);
        await(() -> queue.abandoned.size() == 1);
        sleep(200);
        assertEquals(List.of("m1"), queue.abandoned);
        assertEquals(1, link.sent.size());

        FakeLink next = new FakeLink("dev1");
        pump.attach(next);
        await(() -> next.sent.size() == 1);
        assertEquals("m1", next.sent.get(0).message.messageId(), "the abandoned message comes first again");
    }

    @Test
    void aDeviceThatAbandonsGetsTheMessageAgainAndOneThatRejectsItGetsTheNext() {
        queue.add("dev1", "m1", "m2");
        FakeLink link = new FakeLink("dev1");
        pump.attach(link);
        await(() -> link.sent.size() == 1);
        link.settle(0, DeviceSettlement.ABANDONED);
        await(() -> link.sent.size() == 2);
        assertEquals(List.of("m1", "m1"), link.sentIds(), "an abandoned message is delivered again, first");
        link.settle(1, DeviceSettlement.REJECTED);
        await(() -> link.sent.size() == 3);
        assertEquals("m2", link.sent.get(2).message.messageId());
        assertEquals(List.of("m1"), queue.abandoned);
        assertEquals(List.of("m1"), queue.rejected);
        assertTrue(queue.completed.isEmpty());
    }

    @Test
    void aLinkThatNoLongerAcceptsMessagesIsLetGo() {
        queue.add("dev1", "m1");
        FakeLink link = new FakeLink("dev1");
        link.accepting = false;
        pump.attach(link);
        sleep(200);
        assertTrue(link.sent.isEmpty());
        assertEquals(0, queue.locked, "no delivery is counted for a link that cannot take it");
    }

    @Test
    void modulesAreNotAttached() {
        queue.add("dev1", "m1");
        FakeLink module = new FakeLink("dev1", "mod1");
        pump.attach(module);
        sleep(200);
        assertTrue(module.sent.isEmpty());
    }

    // --- fakes --------------------------------------------------------------------------------------------------

    /** The database queue, in memory: FIFO per device, one lock per message. */
    private static final class FakeQueue extends JpaCloudToDeviceQueue {

        private final Map<String, Deque<String>> queues = new java.util.concurrent.ConcurrentHashMap<>();
        final List<String> completed = new CopyOnWriteArrayList<>();
        final List<String> abandoned = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        private final Map<String, String> lockedMessage = new java.util.concurrent.ConcurrentHashMap<>();
        volatile int locked;

        synchronized void add(String deviceId, String... messageIds) {
            Deque<String> queue = queues.computeIfAbsent(deviceId, id -> new ArrayDeque<>());
            Collections.addAll(queue, messageIds);
        }

        @Override
        public CloudToDeviceSettings settings() {
            return CloudToDeviceSettings.DEFAULTS;
        }

        @Override
        public synchronized Optional<DeviceBoundMessage> nextFor(String deviceId) {
            Deque<String> queue = queues.get(deviceId);
            if (queue == null || queue.isEmpty()) {
                return Optional.empty();
            }
            String messageId = queue.poll();
            String token = "lock-" + (++locked);
            lockedMessage.put(token, messageId);
            return Optional.of(new DeviceBoundMessage(token, 1, messageId, null, "/devices/" + deviceId
                    + "/messages/deviceBound", null, null, "none", null, null, 1, Instant.EPOCH, Map.of(), new byte[0]));
        }

        @Override
        public void complete(String deviceId, String lockToken) {
            completed.add(lockedMessage.remove(lockToken));
        }

        @Override
        public void reject(String deviceId, String lockToken) {
            rejected.add(lockedMessage.remove(lockToken));
        }

        @Override
        public synchronized void abandon(String deviceId, String lockToken) {
            String messageId = lockedMessage.remove(lockToken);
            abandoned.add(messageId);
            queues.get(deviceId).addFirst(messageId);
        }
    }

    private record Sent(DeviceBoundMessage message, CompletableFuture<DeviceSettlement> acknowledged) {
    }

    private static final class FakeLink implements DeviceLink {

        private final DeviceIdentity identity;
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile boolean accepting = true;

        FakeLink(String deviceId) {
            this(deviceId, null);
        }

        FakeLink(String deviceId, String moduleId) {
            identity = new DeviceIdentity(deviceId, moduleId, "g", CredentialKind.DEVICE_KEY);
        }

        List<String> sentIds() {
            List<String> ids = new ArrayList<>();
            sent.forEach(s -> ids.add(s.message.messageId()));
            return ids;
        }

        void acknowledge(int index) {
            settle(index, DeviceSettlement.COMPLETED);
        }

        void settle(int index, DeviceSettlement settlement) {
            sent.get(index).acknowledged.complete(settlement);
        }

        void fail(int index) {
            sent.get(index).acknowledged.completeExceptionally(new IllegalStateException("connection closed"));
        }

        @Override
        public DeviceIdentity identity() {
            return identity;
        }

        @Override
        public boolean accepts(DeviceFeature feature) {
            return accepting && feature == DeviceFeature.CLOUD_TO_DEVICE;
        }

        @Override
        public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        }

        @Override
        public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
        }

        @Override
        public CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message) {
            CompletableFuture<DeviceSettlement> acknowledged = new CompletableFuture<>();
            sent.add(new Sent(message, acknowledged));
            return acknowledged;
        }

        @Override
        public void close(String reason) {
        }
    }

    /** A managed executor for a test: the plain executor's methods, nothing container-specific. */
    private static ManagedScheduledExecutorService managed(ScheduledExecutorService executor) {
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(CloudToDevicePumpTest.class.getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class}, (proxy, method, args) -> {
                    try {
                        return ScheduledExecutorService.class.getMethod(method.getName(), method.getParameterTypes())
                                .invoke(executor, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 5 s");
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
