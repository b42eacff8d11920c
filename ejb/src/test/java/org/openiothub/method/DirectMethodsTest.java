package org.openiothub.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.c2d.DeviceBoundMessage;
import org.openiothub.c2d.DeviceSettlement;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.cluster.RemoteMethodCalls;
import org.openiothub.gateway.ConnectedDevices;
import org.openiothub.gateway.DeviceFeature;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.DeviceLink;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.ModuleIdentity;
import org.openiothub.registry.ModuleRegistry;

class DirectMethodsTest {

    /** Scheduled delays and deadlines run a hundred times faster: a 5 s response time-out takes 50 ms. */
    private static final int TIME_COMPRESSION = 100;

    private final Map<String, FakeLink> links = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private ScheduledThreadPoolExecutor scheduler;
    private ExecutorService workers;
    private DirectMethods methods;

    @BeforeEach
    void setUp() {
        scheduler = new CompressedTimeScheduler();
        workers = Executors.newFixedThreadPool(2);
        methods = new DirectMethods();
        methods.devices = new ConnectedDevices() {
            @Override
            public Optional<DeviceLink> find(String deviceId, String moduleId) {
                return Optional.ofNullable(links.get(key(deviceId, moduleId)));
            }
        };
        methods.registry = new DeviceRegistry() {
            @Override
            public Optional<Device> find(String deviceId) {
                return registered.contains(deviceId) ? Optional.of(new Device() { }) : Optional.empty();
            }
        };
        methods.modules = new ModuleRegistry() {
            @Override
            public Optional<ModuleIdentity> find(String deviceId, String moduleId) {
                return registered.contains(key(deviceId, moduleId)) ? Optional.of(new ModuleIdentity() { }) : Optional.empty();
            }
        };
        methods.scheduler = scheduler;
        methods.workers = workers;
        // A hub of one node: no call is relayed for another node.
        methods.remoteCalls = new RemoteMethodCalls();
        methods.nanoTime = () -> System.nanoTime() * TIME_COMPRESSION;
        methods.startTimeouts();
    }

    @AfterEach
    void tearDown() {
        methods.stopTimeouts();
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private static String key(String deviceId, String moduleId) {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }

    private static DeviceIdentity identity(String deviceId, String moduleId) {
        return new DeviceIdentity(deviceId, moduleId, "gen-1", CredentialKind.DEVICE_KEY);
    }

    private FakeLink connect(String deviceId, String moduleId, boolean subscribedToMethods) {
        registered.add(deviceId);
        FakeLink link = new FakeLink(identity(deviceId, moduleId), subscribedToMethods);
        links.put(key(deviceId, moduleId), link);
        return link;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static MethodInvocation invocation(String payload, int responseSeconds, int connectSeconds) {
        return MethodInvocation.of("reboot", json(payload), responseSeconds, connectSeconds);
    }

    private static MethodResult await(CompletionStage<MethodResult> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static ErrorCode failure(CompletionStage<MethodResult> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(stage));
        return assertInstanceOf(HubException.class, e.getCause()).errorCode();
    }

    @Test
    void theDevicesAnswerCompletesTheCallWithItsStatusAndPayload() throws Exception {
        FakeLink device = connect("d1", null, true);
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("{\"delay\":1}", 30, 0));

        FakeLink.Request request = device.lastRequest();
        assertEquals("reboot", request.methodName());
        assertArrayEquals(json("{\"delay\":1}"), request.payload());
        methods.responded(device.identity(), request.requestId(), 201, json("{\"done\":true}"));

        assertEquals(new MethodResult(201, json("{\"done\":true}")), await(call));
        assertEquals(0, methods.pendingCalls());
    }

    @Test
    void anAnswerFromAnotherDeviceIsDroppedAndTheCallStillAwaitsItsOwn() throws Exception {
        FakeLink device = connect("d1", null, true);
        FakeLink intruder = connect("d2", null, true);
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("null", 30, 0));
        String requestId = device.lastRequest().requestId();

        methods.responded(intruder.identity(), requestId, 200, json("\"forged\""));
        methods.responded(identity("d1", "module"), requestId, 200, json("\"forged by a module\""));
        assertFalse(call.toCompletableFuture().isDone());
        assertEquals(1, methods.pendingCalls());

        methods.responded(device.identity(), requestId, 200, json("\"genuine\""));
        assertEquals(new MethodResult(200, json("\"genuine\"")), await(call));
    }

    @Test
    void aModuleCallIsAnsweredByTheModuleOnlyNotByItsDevice() throws Exception {
        connect("d1", null, true);
        FakeLink module = connect("d1", "m1", true);
        CompletionStage<MethodResult> call = methods.invoke("d1", "m1", invocation("1", 30, 0));
        String requestId = module.lastRequest().requestId();

        methods.responded(identity("d1", null), requestId, 200, json("\"from the device\""));
        assertFalse(call.toCompletableFuture().isDone());
        methods.responded(module.identity(), requestId, 200, json("\"from the module\""));
        assertEquals(new MethodResult(200, json("\"from the module\"")), await(call));
    }

    @Test
    void answersToUnknownRequestIdsAreDropped() {
        FakeLink device = connect("d1", null, true);
        methods.responded(device.identity(), "no-such-request", 200, json("{}"));
        methods.responded(device.identity(), null, 200, json("{}"));
        methods.responded(null, "x", 200, json("{}"));
        assertEquals(0, methods.pendingCalls());
    }

    @Test
    void aDeviceThatNeverAnswersTimesOutAndItsLateAnswerIsDropped() throws Exception {
        FakeLink device = connect("d1", null, true);
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("{}", 5, 0));
        assertEquals(ErrorCode.GATEWAY_TIMEOUT, failure(call));
        assertEquals(0, methods.pendingCalls());

        methods.responded(device.identity(), device.lastRequest().requestId(), 200, json("\"late\""));
        assertEquals(ErrorCode.GATEWAY_TIMEOUT, failure(call));
    }

    @Test
    void aRegisteredDeviceThatIsNotConnectedIsNotOnline() {
        registered.add("d1");
        assertEquals(ErrorCode.DEVICE_NOT_ONLINE, failure(methods.invoke("d1", null, invocation("{}", 30, 0))));
    }

    @Test
    void aConnectedDeviceThatDidNotSubscribeToMethodsIsNotOnline() {
        FakeLink device = connect("d1", null, false);
        assertEquals(ErrorCode.DEVICE_NOT_ONLINE, failure(methods.invoke("d1", null, invocation("{}", 30, 0))));
        assertTrue(device.requests.isEmpty());
    }

    @Test
    void anUnregisteredDeviceIsNotFound() {
        assertEquals(ErrorCode.DEVICE_NOT_FOUND, failure(methods.invoke("ghost", null, invocation("{}", 30, 0))));
    }

    @Test
    void anUnregisteredModuleOfARegisteredDeviceIsModuleNotFound() {
        registered.add("d1");
        assertEquals(ErrorCode.MODULE_NOT_FOUND, failure(methods.invoke("d1", "ghost", invocation("{}", 30, 0))));
    }

    @Test
    void aRegisteredModuleThatIsOfflineIsNotOnline() {
        registered.add("d1");
        registered.add("d1/m1");
        assertEquals(ErrorCode.DEVICE_NOT_ONLINE, failure(methods.invoke("d1", "m1", invocation("{}", 30, 0))));
    }

    @Test
    void aCallWaitsForItsDeviceToSubscribeWithinTheConnectTimeout() throws Exception {
        registered.add("d1");
        methods.onlinePoll = java.time.Duration.ofHours(1);
        // 300 s compressed are 3 s, and nothing polls: the event must deliver the call.
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("{}", 30, 300));
        assertFalse(call.toCompletableFuture().isDone());

        FakeLink device = connect("d1", null, true);
        methods.onSubscribed(new DeviceFeatureSubscribed(device.identity(), DeviceFeature.METHODS));
        methods.responded(device.identity(), device.lastRequest().requestId(), 200, json("\"awake\""));
        assertEquals(new MethodResult(200, json("\"awake\"")), await(call));
    }

    @Test
    void aWaitingCallAlsoFindsADeviceThatCameOnlineUnannounced() throws Exception {
        registered.add("d1");
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("{}", 30, 300));
        FakeLink device = connect("d1", null, true);
        FakeLink.Request request = device.awaitRequest();
        methods.responded(device.identity(), request.requestId(), 200, json("1"));
        assertEquals(new MethodResult(200, json("1")), await(call));
    }

    @Test
    void aDeviceThatStaysOfflineForTheConnectTimeoutIsNotOnline() {
        registered.add("d1");
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("{}", 30, 10));
        assertEquals(ErrorCode.DEVICE_NOT_ONLINE, failure(call));
    }

    @Test
    void anAnswerThatIsNotJsonFailsTheCall() {
        FakeLink device = connect("d1", null, true);
        CompletionStage<MethodResult> call = methods.invoke("d1", null, invocation("{}", 30, 0));
        methods.responded(device.identity(), device.lastRequest().requestId(), 200, json("not json"));
        assertEquals(ErrorCode.INVALID_RESPONSE_WHILE_PROXYING, failure(call));
    }

    @Test
    void aLinkThatFailsToSendMakesTheDeviceNotOnline() {
        FakeLink device = connect("d1", null, true);
        device.failSends = true;
        assertEquals(ErrorCode.DEVICE_NOT_ONLINE, failure(methods.invoke("d1", null, invocation("{}", 30, 0))));
        assertEquals(0, methods.pendingCalls());
    }

    @Test
    void manyConcurrentCallsToSeveralDevicesEachGetTheirOwnAnswer() throws Exception {
        List<FakeLink> devices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            devices.add(connect("d" + i, null, true));
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<CompletableFuture<CompletionStage<MethodResult>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            calls.add(CompletableFuture.supplyAsync(() ->
                    methods.invoke("d" + (n % 5), null, invocation("{\"n\":" + n + "}", 30, 0)), callers));
        }
        List<CompletionStage<MethodResult>> stages = new ArrayList<>();
        for (CompletableFuture<CompletionStage<MethodResult>> call : calls) {
            stages.add(call.get(5, TimeUnit.SECONDS));
        }
        assertEquals(200, methods.pendingCalls());

        // Every device echoes each request's payload, in its own shuffled order, from several threads at once.
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        Set<String> requestIds = new HashSet<>();
        for (FakeLink device : devices) {
            List<FakeLink.Request> requests = new ArrayList<>(device.requests);
            Collections.shuffle(requests);
            for (FakeLink.Request request : requests) {
                assertTrue(requestIds.add(request.requestId()), "request ids are unique");
                answers.add(CompletableFuture.runAsync(() -> methods.responded(device.identity(), request.requestId(),
                        200, request.payload()), callers));
            }
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            assertEquals(new MethodResult(200, json("{\"n\":" + i + "}")), await(stages.get(i)));
        }
        assertEquals(0, methods.pendingCalls());
        callers.shutdownNow();
    }

    @Test
    void requestIdsAreUniqueAndNotSequential() {
        MethodRequestIds ids = new MethodRequestIds();
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertTrue(id.matches("[0-9a-f]+-[0-9a-f]+"), id);
            assertTrue(seen.add(id));
            if (previous != null) {
                assertNotEquals(previous.substring(previous.indexOf('-')), id.substring(id.indexOf('-')));
            }
            previous = id;
        }
    }

    /** A connected device as a gateway would present it, recording what it is sent. */
    private static final class FakeLink implements DeviceLink {

        record Request(String requestId, String methodName, byte[] payload) {
        }

        private final DeviceIdentity identity;
        private final boolean subscribedToMethods;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        volatile boolean failSends;

        FakeLink(DeviceIdentity identity, boolean subscribedToMethods) {
            this.identity = identity;
            this.subscribedToMethods = subscribedToMethods;
        }

        Request lastRequest() {
            assertFalse(requests.isEmpty(), "the device got no request");
            return requests.get(requests.size() - 1);
        }

        Request awaitRequest() throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (requests.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no request reached the device");
                }
                Thread.sleep(5);
            }
            return requests.get(0);
        }

        @Override
        public DeviceIdentity identity() {
            return identity;
        }

        @Override
        public boolean accepts(DeviceFeature feature) {
            return feature != DeviceFeature.METHODS || subscribedToMethods;
        }

        @Override
        public void sendDesiredPropertiesPatch(long version, byte[] patchJson) {
        }

        @Override
        public void sendMethodRequest(String requestId, String methodName, byte[] payload) {
            if (failSends) {
                throw new IllegalStateException("the connection is closed");
            }
            requests.add(new Request(requestId, methodName, payload));
        }

        @Override
        public CompletionStage<DeviceSettlement> sendCloudToDeviceMessage(DeviceBoundMessage message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(String reason) {
        }
    }

    private static final class CompressedTimeScheduler extends ScheduledThreadPoolExecutor {

        CompressedTimeScheduler() {
            super(2);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(command, unit.toMicros(delay) / TIME_COMPRESSION, TimeUnit.MICROSECONDS);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return super.scheduleWithFixedDelay(command, unit.toMicros(initialDelay) / TIME_COMPRESSION,
                    unit.toMicros(delay) / TIME_COMPRESSION, TimeUnit.MICROSECONDS);
        }
    }
}
