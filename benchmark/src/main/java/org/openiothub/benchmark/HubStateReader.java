package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.handler.ssl.SslContext;

/**
 * Reads back from a restarted hub what a round's journal says was acknowledged: the devices (and whether each created
 * one's acknowledged key still opens an MQTT connection), the patched twins and the jobs; then waits until the
 * cloud-to-device messages and telemetry acknowledged before the crash have arrived, or the time allowed has passed.
 */
final class HubStateReader {

    private static final int CONCURRENT_READS = 16;
    private static final int KEY_CHECKS_PER_SECOND = 200;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final ServiceApiClient api;
    private final SslContext tls;
    private final String host;
    private final int mqttPort;
    private final String hubHostName;
    private final long tokenExpiry;

    /** @param hubHostName the hub's name in device tokens and MQTT user names */
    HubStateReader(ServiceApiClient api, SslContext tls, String host, int mqttPort, String hubHostName,
            long tokenExpiry) {
        this.api = api;
        this.tls = tls;
        this.host = host;
        this.mqttPort = mqttPort;
        this.hubHostName = hubHostName;
        this.tokenExpiry = tokenExpiry;
    }

    StateAfterRestart read(AcknowledgementJournal journal, Duration deliveryTimeout) throws InterruptedException {
        Map<String, String> created = journal.createdDevices();
        Set<String> devices = new HashSet<>(created.keySet());
        devices.addAll(journal.importedDevices());
        Map<String, ServiceReply> deviceReplies = readAll(devices, api::readDevice);
        Map<String, String> readable = new HashMap<>();
        created.forEach((deviceId, key) -> {
            if (deviceReplies.get(deviceId).status() == 200) {
                readable.put(deviceId, key);
            }
        });
        Set<String> keysAccepted = keysAccepted(readable);
        Map<String, ServiceReply> twins = readAll(journal.patchedTwins(), api::readTwin);
        Map<String, ServiceReply> jobs = readAll(journal.jobs(), api::readJob);
        awaitDeliveries(journal, deliveryTimeout);
        return new StateAfterRestart(deviceReplies, keysAccepted, twins, jobs);
    }

    /** Reads each id, at most {@value #CONCURRENT_READS} at a time; a read without an answer is status 0. */
    private Map<String, ServiceReply> readAll(Collection<String> ids,
            Function<String, CompletableFuture<ServiceReply>> read) throws InterruptedException {
        Map<String, ServiceReply> replies = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(CONCURRENT_READS);
        for (String id : ids) {
            permits.acquire();
            read.apply(id).whenComplete((reply, failure) -> {
                replies.put(id, failure == null ? reply : new ServiceReply(0, "no answer: " + failure));
                permits.release();
            });
        }
        permits.acquire(CONCURRENT_READS);
        return replies;
    }

    /** Connects a device with each key, as its owner would after the restart; those that get CONNACK 0. */
    private Set<String> keysAccepted(Map<String, String> keys) throws InterruptedException {
        if (keys.isEmpty()) {
            return Set.of();
        }
        TelemetryStats stats = new TelemetryStats();
        List<MqttDeviceClient> clients = new ArrayList<>(keys.size());
        keys.forEach((deviceId, key) -> clients.add(new MqttDeviceClient(hubHostName, deviceId,
                SasTokens.forDevice(hubHostName, deviceId, key, tokenExpiry), 1, BenchmarkOptions.MIN_PAYLOAD_BYTES,
                stats)));
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(1, tls, host, mqttPort)) {
            fleet.connectAll(clients, KEY_CHECKS_PER_SECOND, CONNECT_TIMEOUT);
            Set<String> accepted = new HashSet<>();
            clients.stream().filter(MqttDeviceClient::isConnected).forEach(client -> accepted.add(client.deviceId()));
            fleet.disconnectAll(Duration.ofSeconds(5));
            return accepted;
        }
    }

    private static void awaitDeliveries(AcknowledgementJournal journal, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && !(journal.cloudToDeviceUndelivered().isEmpty() && journal.telemetryUnread().isEmpty())) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
