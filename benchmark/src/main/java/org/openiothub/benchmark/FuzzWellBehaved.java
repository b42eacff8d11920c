package org.openiothub.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A device and a back end that behave, kept busy while the fuzzer runs: the device sends telemetry at QoS 1 (each
 * acknowledged within ten seconds) and reads its twin over MQTT; the back end reads and patches the twin over REST
 * and calls a direct method the device did not subscribe to (answered 404 DeviceNotOnline).
 * Every operation is counted as ok or failed, with the first reason of each failure.
 */
final class FuzzWellBehaved {

    private static final int ANSWER_MILLIS = 10_000;

    private final SSLContext tls;
    private final String host;
    private final FuzzHubApi api;
    private final String deviceId;
    private final String token;
    private final Map<String, LongAdder> ok = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final Map<String, String> firstFailure = new ConcurrentHashMap<>();
    private SSLSocket socket;
    private int packetId;
    private int requestId;

    FuzzWellBehaved(SSLContext tls, String host, FuzzHubApi api, String deviceId, String token) {
        this.tls = tls;
        this.host = host;
        this.api = api;
        this.deviceId = deviceId;
        this.token = token;
    }

    /** One round of every operation; called from one thread. */
    void round() throws InterruptedException {
        try {
            if (socket == null || socket.isClosed()) {
                connect();
            }
            telemetry();
            twinGet();
        } catch (IOException e) {
            fail("mqtt", e.toString());
            close();
        }
        backEnd("twin-read", "GET", "/twins/" + deviceId, null, 200);
        backEnd("twin-patch", "PATCH", "/twins/" + deviceId,
                "{\"properties\":{\"desired\":{\"round\":" + System.nanoTime() + "}}}", 200);
        // The device does not subscribe to methods: IoT Hub's answer is 404 DeviceNotOnline.
        backEnd("method-to-unsubscribed", "POST", "/twins/" + deviceId + "/methods",
                "{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":5,\"payload\":{}}", 404);
    }

    void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
            socket = null;
        }
    }

    long okCount() {
        return ok.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long failedCount() {
        return failed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String json() {
        return "{\"ok\":" + counts(ok) + ",\"failed\":" + counts(failed) + ",\"firstFailures\":"
                + new TreeMap<>(firstFailure).entrySet().stream()
                        .map(e -> FuzzRestCases.jsonString(e.getKey()) + ":" + FuzzRestCases.jsonString(e.getValue()))
                        .reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("{}") + "}";
    }

    private void connect() throws IOException {
        SSLSocket opened = (SSLSocket) tls.getSocketFactory().createSocket();
        opened.connect(new InetSocketAddress(host, FuzzMqttCases.PORT), ANSWER_MILLIS);
        opened.setSoTimeout(ANSWER_MILLIS);
        socket = opened;
        write(FuzzMqttFrames.connect(deviceId, api.hostName() + "/" + deviceId + "/?api-version=2020-09-30", token, 60));
        FuzzMqttFrames.Packet connAck = FuzzMqttFrames.read(socket.getInputStream());
        if (connAck.type() != FuzzMqttFrames.CONNACK || connAck.body()[1] != 0) {
            throw new IOException("CONNACK " + connAck.body()[1]);
        }
        write(FuzzMqttFrames.subscribe(nextPacketId(), "$iothub/twin/res/#"));
        await(FuzzMqttFrames.SUBACK, null);
        succeed("mqtt-connect");
    }

    private void telemetry() throws IOException {
        int id = nextPacketId();
        write(FuzzMqttFrames.publish("devices/" + deviceId + "/messages/events/$.ct=application%2Fjson&$.ce=utf-8", 1, id,
                "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8)));
        FuzzMqttFrames.Packet ack = await(FuzzMqttFrames.PUBACK, null);
        int acked = ((ack.body()[0] & 0xFF) << 8) | (ack.body()[1] & 0xFF);
        if (acked == id) {
            succeed("telemetry");
        } else {
            fail("telemetry", "PUBACK for " + acked + ", not " + id);
        }
    }

    private void twinGet() throws IOException {
        String rid = String.valueOf(++requestId);
        write(FuzzMqttFrames.publish("$iothub/twin/GET/?$rid=" + rid, 0, 0, new byte[0]));
        FuzzMqttFrames.Packet response = await(FuzzMqttFrames.PUBLISH, "$iothub/twin/res/");
        String topic = FuzzMqttFrames.topicOf(response);
        if (topic.startsWith("$iothub/twin/res/200/") && topic.endsWith("$rid=" + rid)) {
            succeed("twin-get");
        } else {
            fail("twin-get", topic);
        }
    }

    /** The next packet of {@code type} (with a topic starting with {@code topicPrefix}), skipping others. */
    private FuzzMqttFrames.Packet await(int type, String topicPrefix) throws IOException {
        while (true) {
            FuzzMqttFrames.Packet packet = FuzzMqttFrames.read(socket.getInputStream());
            if (packet.type() == type && (topicPrefix == null || FuzzMqttFrames.topicOf(packet).startsWith(topicPrefix))) {
                return packet;
            }
        }
    }

    private void backEnd(String operation, String method, String path, String body, int expected)
            throws InterruptedException {
        try {
            HttpResponse<String> response = api.send(method, path, body);
            if (response.statusCode() == expected) {
                succeed(operation);
            } else {
                fail(operation, response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            fail(operation, e.toString());
        }
    }

    private void write(byte[] packet) throws IOException {
        socket.getOutputStream().write(packet);
        socket.getOutputStream().flush();
    }

    private int nextPacketId() {
        packetId = packetId % 65_535 + 1;
        return packetId;
    }

    private void succeed(String operation) {
        ok.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    private void fail(String operation, String reason) {
        failed.computeIfAbsent(operation, o -> new LongAdder()).increment();
        firstFailure.putIfAbsent(operation, reason);
    }

    private static String counts(Map<String, LongAdder> counts) {
        return new TreeMap<>(counts).entrySet().stream()
                .map(e -> FuzzRestCases.jsonString(e.getKey()) + ":" + e.getValue().sum())
                .reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("{}");
    }
}
