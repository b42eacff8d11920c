package org.openiothub.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * MQTT 3.1.1 packets written byte by byte, so that the fuzzer can send what no MQTT library would: lengths that lie,
 * strings that are not UTF-8, packets over any limit. Reading is just as plain: a fixed header and the bytes it
 * announces.
 */
final class FuzzMqttFrames {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBACK = 9;

    /** A packet as read: its type (the high nibble of the first byte) and what followed the fixed header. */
    record Packet(int type, int flags, byte[] body) {
    }

    private FuzzMqttFrames() {
    }

    static byte[] connect(String clientId, String userName, String password, int keepAliveSeconds) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        writeString(variable, "MQTT".getBytes(StandardCharsets.US_ASCII));
        variable.write(4);
        variable.write(0xC0); // user name and password, clean session false
        variable.write(keepAliveSeconds >> 8);
        variable.write(keepAliveSeconds & 0xFF);
        writeString(variable, clientId.getBytes(StandardCharsets.UTF_8));
        writeString(variable, userName.getBytes(StandardCharsets.UTF_8));
        writeString(variable, password.getBytes(StandardCharsets.UTF_8));
        return packet(0x10, variable.toByteArray());
    }

    /** @param topic raw bytes: the fuzzer sends topics that are not UTF-8 */
    static byte[] publish(byte[] topic, int qos, int packetId, byte[] payload) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        writeString(variable, topic);
        if (qos > 0) {
            variable.write(packetId >> 8);
            variable.write(packetId & 0xFF);
        }
        variable.writeBytes(payload);
        return packet(0x30 | (qos << 1), variable.toByteArray());
    }

    static byte[] publish(String topic, int qos, int packetId, byte[] payload) {
        return publish(topic.getBytes(StandardCharsets.UTF_8), qos, packetId, payload);
    }

    static byte[] subscribe(int packetId, byte[]... filters) {
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        variable.write(packetId >> 8);
        variable.write(packetId & 0xFF);
        for (byte[] filter : filters) {
            writeString(variable, filter);
            variable.write(1);
        }
        return packet(0x82, variable.toByteArray());
    }

    static byte[] subscribe(int packetId, String filter) {
        return subscribe(packetId, filter.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] puback(int packetId) {
        return new byte[] {0x40, 2, (byte) (packetId >> 8), (byte) packetId};
    }

    static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    /** A fixed header announcing {@code remainingLength} bytes, whatever follows it. */
    static byte[] header(int firstByte, int remainingLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        writeRemainingLength(out, remainingLength);
        return out.toByteArray();
    }

    static byte[] packet(int firstByte, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 5);
        out.writeBytes(header(firstByte, rest.length));
        out.writeBytes(rest);
        return out.toByteArray();
    }

    /**
     * Reads one packet.
     *
     * @throws EOFException when the connection ends first
     * @throws IOException  on a read time-out (the socket's) or a malformed header
     */
    static Packet read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException();
        }
        int length = 0;
        int multiplier = 1;
        for (int i = 0; ; i++) {
            int digit = in.read();
            if (digit < 0) {
                throw new EOFException();
            }
            length += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                break;
            }
            if (i == 3) {
                throw new IOException("remaining length over four bytes");
            }
            multiplier *= 128;
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException();
        }
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** The topic of a PUBLISH body. */
    static String topicOf(Packet publish) {
        int length = ((publish.body()[0] & 0xFF) << 8) | (publish.body()[1] & 0xFF);
        return new String(publish.body(), 2, length, StandardCharsets.UTF_8);
    }

    private static void writeString(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >> 8);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }

    private static void writeRemainingLength(ByteArrayOutputStream out, int length) {
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }
}
