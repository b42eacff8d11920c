package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

class FuzzMqttFramesTest {

    @Test
    void validFramesAreWhatAnMqttDecoderReads() {
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1_000_000));
        decoder.writeInbound(Unpooled.wrappedBuffer(FuzzMqttFrames.connect("dev1", "hub/dev1/?api-version=2020-09-30", "sas", 60)));
        MqttConnectMessage connect = decoder.readInbound();
        assertEquals("dev1", connect.payload().clientIdentifier());
        assertEquals("sas", connect.payload().password());
        assertEquals(60, connect.variableHeader().keepAliveTimeSeconds());

        byte[] payload = new byte[300_000];
        decoder.writeInbound(Unpooled.wrappedBuffer(FuzzMqttFrames.publish("devices/dev1/messages/events/", 1, 7, payload)));
        MqttPublishMessage publish = decoder.readInbound();
        assertEquals("devices/dev1/messages/events/", publish.variableHeader().topicName());
        assertEquals(7, publish.variableHeader().packetId());
        assertEquals(300_000, publish.payload().readableBytes());
        publish.release();
    }

    @Test
    void aHeaderMayAnnounceAnyLength() {
        assertArrayEquals(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, FuzzMqttFrames.header(0x10, 268_435_455));
        assertArrayEquals(new byte[] {0x30, 3}, FuzzMqttFrames.header(0x30, 3));
    }

    @Test
    void packetsAreReadBack() throws Exception {
        byte[] publish = FuzzMqttFrames.publish("$iothub/twin/res/200/?$rid=1", 0, 0, "{}".getBytes(StandardCharsets.UTF_8));
        FuzzMqttFrames.Packet packet = FuzzMqttFrames.read(new ByteArrayInputStream(publish));
        assertEquals(FuzzMqttFrames.PUBLISH, packet.type());
        assertEquals("$iothub/twin/res/200/?$rid=1", FuzzMqttFrames.topicOf(packet));
        assertThrows(EOFException.class, () -> FuzzMqttFrames.read(new ByteArrayInputStream(new byte[] {0x20, 2, 0})));
    }
}
