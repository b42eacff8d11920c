package org.openiothub.benchmark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Hostile MQTT on port 8883: random bytes, mutated frames, remaining lengths that lie, packets over the limits,
 * topics that are not UTF-8, SUBSCRIBE floods, and connections that never send CONNECT. Each case opens its own
 * connection and records how the hub ended it: {@code closed}, {@code connack-N}, or {@code open} when the hub was
 * still waiting (legitimately, e.g. for the rest of a packet) when the fuzzer gave up.
 */
final class FuzzMqttCases {

    static final int PORT = 8883;
    /** IoT Hub's telemetry limit; the hub closes a connection that publishes more. */
    private static final int MAX_TELEMETRY = 256 * 1024;
    private static final int OBSERVE_MILLIS = 3_000;

    /** A device the fuzzer may connect as: its own id and a valid token. */
    record Target(String deviceId, String token) {
    }

    private final SSLContext tls;
    private final String host;
    private final String hubName;
    private final FuzzTally tally;

    FuzzMqttCases(SSLContext tls, String host, String hubName, FuzzTally tally) {
        this.tls = tls;
        this.host = host;
        this.hubName = hubName;
        this.tally = tally;
    }

    /** One case of a kind chosen by {@code random}; {@code target} is this worker's own device. */
    void runOne(Random random, Target target) {
        int pick = random.nextInt(100);
        try {
            if (pick < 15) {
                randomBytes(random);
            } else if (pick < 30) {
                mutatedConnect(random, target);
            } else if (pick < 40) {
                lyingLength(random);
            } else if (pick < 55) {
                mutatedFramesAfterConnect(random, target);
            } else if (pick < 65) {
                invalidUtf8Topic(random, target);
            } else if (pick < 75) {
                oversize(random, target);
            } else if (pick < 85) {
                subscribeFlood(random, target);
            } else if (pick < 92) {
                foreignTopic(target);
            } else {
                pingFlood(random, target);
            }
        } catch (IOException e) {
            tally.count("mqtt.setup", "io-error " + e.getClass().getSimpleName());
        }
    }

    private void randomBytes(Random random) throws IOException {
        byte[] bytes = new byte[1 + random.nextInt(8192)];
        random.nextBytes(bytes);
        try (Socket socket = tlsSocket()) {
            tally.count("mqtt.random-bytes", sendAndObserve(socket, bytes));
        }
    }

    private void mutatedConnect(Random random, Target target) throws IOException {
        byte[] connect = connect(target);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            connect[random.nextInt(connect.length)] = (byte) random.nextInt(256);
        }
        try (Socket socket = tlsSocket()) {
            tally.count("mqtt.mutated-connect", sendAndObserve(socket, connect));
        }
    }

    /** A CONNECT whose remaining length claims far more than the decoder accepts, or less than follows. */
    private void lyingLength(Random random) throws IOException {
        byte[] valid = FuzzMqttFrames.connect("liar", hubName + "/liar/?api-version=2020-09-30", "x", 60);
        int[] claims = {268_435_455, 2_000_000, 400_000, 3};
        int claimed = claims[random.nextInt(claims.length)];
        byte[] header = FuzzMqttFrames.header(0x10, claimed);
        byte[] rest = new byte[Math.min(valid.length - 2 + random.nextInt(65_536), claimed > 1000 ? 70_000 : 100)];
        System.arraycopy(valid, 2, rest, 0, Math.min(valid.length - 2, rest.length));
        byte[] frame = new byte[header.length + rest.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(rest, 0, frame, header.length, rest.length);
        try (Socket socket = tlsSocket()) {
            tally.count("mqtt.lying-length", sendAndObserve(socket, frame));
        }
    }

    private void mutatedFramesAfterConnect(Random random, Target target) throws IOException {
        try (Socket socket = connected(target)) {
            if (socket == null) {
                return;
            }
            List<byte[]> frames = List.of(
                    FuzzMqttFrames.publish("devices/" + target.deviceId() + "/messages/events/a=1", 1, 7, new byte[16]),
                    FuzzMqttFrames.publish("$iothub/twin/GET/?$rid=1", 0, 0, new byte[0]),
                    FuzzMqttFrames.publish("$iothub/twin/PATCH/properties/reported/?$rid=2", 0, 0,
                            "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                    FuzzMqttFrames.subscribe(3, "$iothub/twin/res/#"),
                    FuzzMqttFrames.puback(9),
                    FuzzMqttFrames.pingreq());
            byte[] frame = frames.get(random.nextInt(frames.size())).clone();
            int mutations = 1 + random.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            tally.count("mqtt.mutated-frame", sendAndObserve(socket, frame));
        }
    }

    private void invalidUtf8Topic(Random random, Target target) throws IOException {
        byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] prefix = ("devices/" + target.deviceId() + "/messages/events/a=").getBytes(StandardCharsets.UTF_8);
        byte[] topic = new byte[prefix.length + bad.length];
        System.arraycopy(prefix, 0, topic, 0, prefix.length);
        System.arraycopy(bad, 0, topic, prefix.length, bad.length);
        try (Socket socket = connected(target)) {
            if (socket == null) {
                return;
            }
            byte[] frame = random.nextBoolean()
                    ? FuzzMqttFrames.publish(topic, 1, 1, "{}".getBytes(StandardCharsets.UTF_8))
                    : FuzzMqttFrames.subscribe(1, topic);
            tally.count("mqtt.invalid-utf8-topic", sendAndObserve(socket, frame));
        }
    }

    /** Telemetry just over IoT Hub's limit, or a packet over what the decoder accepts at all. */
    private void oversize(Random random, Target target) throws IOException {
        int size = random.nextBoolean() ? MAX_TELEMETRY + 1 : 400_000 + random.nextInt(1_000_000);
        try (Socket socket = connected(target)) {
            if (socket == null) {
                return;
            }
            byte[] frame = FuzzMqttFrames.publish("devices/" + target.deviceId() + "/messages/events/", 1, 5, new byte[size]);
            tally.count("mqtt.oversize", sendAndObserve(socket, frame));
        }
    }

    /** Thousands of SUBSCRIBEs (and one with thousands of filters) written without reading a single SUBACK. */
    private void subscribeFlood(Random random, Target target) throws IOException {
        try (Socket socket = connected(target)) {
            if (socket == null) {
                return;
            }
            List<byte[]> filters = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                filters.add("$iothub/methods/POST/#".getBytes(StandardCharsets.UTF_8));
            }
            List<byte[]> frames = new ArrayList<>();
            frames.add(FuzzMqttFrames.subscribe(1, filters.toArray(byte[][]::new)));
            int packets = 1_000 + random.nextInt(4_000);
            for (int i = 0; i < packets; i++) {
                frames.add(FuzzMqttFrames.subscribe(1 + i % 60_000, "$iothub/twin/res/#"));
            }
            String outcome = flood(socket, frames);
            tally.count("mqtt.subscribe-flood", outcome);
        }
    }

    private void foreignTopic(Target target) throws IOException {
        try (Socket socket = connected(target)) {
            if (socket == null) {
                return;
            }
            byte[] frame = FuzzMqttFrames.publish("devices/someone-else/messages/events/", 1, 3, new byte[8]);
            tally.count("mqtt.foreign-topic", sendAndObserve(socket, frame));
        }
    }

    private void pingFlood(Random random, Target target) throws IOException {
        try (Socket socket = connected(target)) {
            if (socket == null) {
                return;
            }
            byte[] ping = FuzzMqttFrames.pingreq();
            byte[] burst = new byte[ping.length * (10_000 + random.nextInt(40_000))];
            for (int i = 0; i < burst.length; i += ping.length) {
                System.arraycopy(ping, 0, burst, i, ping.length);
            }
            String outcome = flood(socket, List.of(burst));
            tally.count("mqtt.ping-flood", outcome);
        }
    }

    // --- connections that never send CONNECT ---------------------------------------------------------------------

    /**
     * How long the hub takes to close a connection that never completes its CONNECT: a TCP connection without a TLS
     * handshake, a TLS connection that sends nothing, one that trickles a CONNECT a byte every two seconds, and one
     * whose CONNECT announces more bytes than it sends. Counted as {@code closed-in-time} or {@code open-too-long}.
     */
    void slowConnection(String kind, int deadlineSeconds) {
        long started = System.nanoTime();
        String outcome;
        try (Socket socket = kind.equals("mqtt.no-tls-handshake") ? plainSocket() : tlsSocket()) {
            socket.setSoTimeout(2_000);
            long giveUp = started + (deadlineSeconds + 15) * 1_000_000_000L;
            byte[] connect = FuzzMqttFrames.connect("slow", hubName + "/slow/?api-version=2020-09-30", "x", 60);
            if (kind.equals("mqtt.stalled-length")) {
                socket.getOutputStream().write(FuzzMqttFrames.header(0x10, 100_000));
                socket.getOutputStream().write(connect, 2, connect.length - 2);
                socket.getOutputStream().flush();
            }
            int sent = 0;
            outcome = "open-too-long";
            while (System.nanoTime() < giveUp) {
                if (kind.equals("mqtt.trickled-connect") && sent < connect.length) {
                    socket.getOutputStream().write(connect[sent++]);
                    socket.getOutputStream().flush();
                }
                try {
                    if (socket.getInputStream().read() < 0) {
                        outcome = "closed";
                        break;
                    }
                } catch (SocketTimeoutException e) {
                    // still open: keep waiting
                }
            }
        } catch (IOException e) {
            outcome = "closed";
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        tally.count(kind, outcome.equals("closed") && seconds <= deadlineSeconds + 5 ? "closed-in-time" : outcome + " after " + seconds + " s");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private byte[] connect(Target target) {
        return FuzzMqttFrames.connect(target.deviceId(), hubName + "/" + target.deviceId() + "/?api-version=2020-09-30",
                target.token(), 60);
    }

    /** A connection that the hub accepted as {@code target}, or {@code null} (counted) when it did not. */
    private Socket connected(Target target) throws IOException {
        Socket socket = tlsSocket();
        try {
            socket.getOutputStream().write(connect(target));
            socket.getOutputStream().flush();
            FuzzMqttFrames.Packet connAck = FuzzMqttFrames.read(socket.getInputStream());
            if (connAck.type() != FuzzMqttFrames.CONNACK || connAck.body().length < 2 || connAck.body()[1] != 0) {
                tally.count("mqtt.setup", "connect refused");
                socket.close();
                return null;
            }
            return socket;
        } catch (IOException e) {
            socket.close();
            tally.count("mqtt.setup", "connect failed " + e.getClass().getSimpleName());
            return null;
        }
    }

    private Socket tlsSocket() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress(host, PORT), 10_000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private Socket plainSocket() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, PORT), 10_000);
        return socket;
    }

    /** Sends {@code bytes} and reports how the hub ended the connection. */
    private static String sendAndObserve(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            return "closed";
        }
        return observe(socket);
    }

    private static String observe(Socket socket) {
        try {
            socket.setSoTimeout(OBSERVE_MILLIS);
            InputStream in = socket.getInputStream();
            while (true) {
                FuzzMqttFrames.Packet packet = FuzzMqttFrames.read(in);
                if (packet.type() == FuzzMqttFrames.CONNACK && packet.body().length >= 2) {
                    int code = packet.body()[1];
                    if (code == 0) {
                        return "connack-0";
                    }
                    return "connack-" + code + (closedSoon(in) ? "" : " open");
                }
            }
        } catch (SocketTimeoutException e) {
            return "open";
        } catch (EOFException | SSLException e) {
            return "closed";
        } catch (IOException e) {
            return "closed";
        }
    }

    private static boolean closedSoon(InputStream in) {
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (IOException e) {
            return !(e instanceof SocketTimeoutException);
        }
    }

    /**
     * Writes {@code frames} without reading, as a client that does not read would. The hub may stop reading from it
     * until it reads what it was sent ({@code held back}); then it reads, which lets the rest through.
     */
    private static String flood(Socket socket, List<byte[]> frames) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (byte[] frame : frames) {
                    out.write(frame);
                }
                out.flush();
            } catch (IOException e) {
                // closed by the hub, or by the fuzzer after draining
            }
        }, "fuzz-flood-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            writer.join(10_000);
            boolean heldBack = writer.isAlive();
            String outcome = drain(socket);
            writer.join(10_000);
            return heldBack ? "held back, then " + outcome : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Reads what the hub answers until it is quiet for a moment: {@code open} or {@code closed}. */
    private static String drain(Socket socket) {
        try {
            socket.setSoTimeout(2_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65_536];
            long until = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < until) {
                if (in.read(buffer) < 0) {
                    return "closed";
                }
            }
            return "open";
        } catch (SocketTimeoutException e) {
            return "open";
        } catch (IOException e) {
            return "closed";
        }
    }
}
