package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkOptionsTest {

    private static final String OWNER = "HostName=hub.local;SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5a2V5=";

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheDocumentedScenario() throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca()));

        assertEquals("hub.local", options.host());
        assertEquals("hub.local", options.hubHostName());
        assertEquals("a2V5a2V5=", options.connectionString().key());
        assertEquals(8883, options.mqttPort());
        assertEquals(443, options.httpsPort());
        assertEquals(5672, options.amqpPort());
        assertEquals(1000, options.devices());
        assertEquals(10, options.window());
        assertEquals(List.of(10), options.windows());
        assertEquals(120, options.warmupSeconds());
        assertEquals(30, options.durationSeconds());
        assertEquals(256, options.payloadBytes());
        assertEquals(200, options.connectRate());
        assertTrue(options.drain());
        assertEquals(BenchmarkOptions.DrainKind.AMQP, options.drainKind());
        assertFalse(options.drainPresettled());
        assertEquals(1000, options.drainCredit());
        assertTrue(options.provision());
        assertEquals("bench-0001", options.deviceId(0));
        assertEquals("bench-1000", options.deviceId(999));
    }

    @Test
    void devicesUseMqttUnlessAmqpIsChosenWithDevicesPerConnection() throws IOException {
        BenchmarkOptions mqtt = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca()));
        assertEquals(BenchmarkOptions.Protocol.MQTT, mqtt.protocol());
        assertEquals(8883, mqtt.devicePort());
        assertEquals(1, mqtt.multiplex());

        BenchmarkOptions amqp = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca(),
                "--protocol", "AMQP", "--multiplex", "1000"));
        assertEquals(BenchmarkOptions.Protocol.AMQP, amqp.protocol());
        assertEquals(5671, amqp.devicePort());
        assertEquals(1000, amqp.multiplex());

        String file = ca();
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER,
                "--ca", file, "--multiplex", "10")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER,
                "--ca", file, "--protocol", "amqp", "--multiplex", "1001")));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER,
                "--ca", file, "--protocol", "http")));
    }

    @Test
    void acceptsSpaceAndEqualsFormsAndOverridesTheTarget() throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--connection-string=" + OWNER, "--ca=" + ca(),
                "--host", "127.0.0.1", "--devices=5",
                "--window", "8", "--drain", "false", "--device-prefix", "load-"));

        assertEquals("127.0.0.1", options.host());
        assertEquals("hub.local", options.hubHostName());
        assertEquals(5, options.devices());
        assertEquals(8, options.window());
        assertFalse(options.drain());
        assertEquals("load-0005", options.deviceId(4));
    }

    @Test
    void theDrainGoesToTheDevicesHostUnlessAnotherIsGiven() throws IOException {
        BenchmarkOptions same = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca(),
                "--host", "127.0.0.2"));
        assertEquals("127.0.0.2", same.drainHost());
        assertEquals("hub.local", same.drainTokenHost());
        assertEquals("127.0.0.2", same.target());

        BenchmarkOptions other = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca(),
                "--host", "127.0.0.2", "--drain-host", "127.0.0.3"));
        assertEquals("127.0.0.3", other.drainHost());
        assertEquals("127.0.0.3", other.drainTokenHost());
        assertEquals("hub.local", other.hubHostName());
        assertEquals("127.0.0.2, drain 127.0.0.3", other.target());
    }

    @Test
    void aWindowListMeasuresEachInTurnAndSizesTheDevicesForTheLargest() throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca(),
                "--window", "4,1,20,10", "--step-settle", "5"));

        assertEquals(List.of(4, 1, 20, 10), options.windows());
        assertEquals(4, options.window());
        assertEquals(20, options.maxWindow());
        assertEquals(5, options.stepSettleSeconds());
    }

    @Test
    void rejectsWindowListsWithEmptyZeroOrTooManyEntries() throws IOException {
        String ca = ca();
        for (String windows : List.of("4,,10", "4,", "0", "1,1001", "1,2,3,4,5,6,7,8,9,10,11", "four")) {
            assertThrows(IllegalArgumentException.class,
                    () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca, "--window", windows)),
                    windows);
        }
    }

    @Test
    void theDrainEitherAcceptsEachDeliveryOrReceivesThemPresettled() throws IOException {
        String ca = ca();
        BenchmarkOptions presettled = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca,
                "--drain-settle", "presettled", "--drain-credit", "5000"));
        assertTrue(presettled.drainPresettled());
        assertEquals(5000, presettled.drainCredit());
        assertFalse(BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca,
                "--drain-settle", "accept")).drainPresettled());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER,
                "--ca", ca, "--drain-settle", "settled")));
    }

    @Test
    void brokerOnlyRunNeedsNoConnectionString() throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--ca", ca(), "--mqtt-port", "28883",
                "--provision", "false", "--drain", "false"));

        assertNull(options.connectionString());
        assertEquals("127.0.0.1", options.hubHostName());
        assertEquals(28883, options.mqttPort());
    }

    @Test
    void eventHubDrainReadsEachPartitionWithTheSdkPrefetchFromTheLatestEvent() throws IOException {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca(),
                "--drain", "eventhub"));
        assertEquals(BenchmarkOptions.DrainKind.EVENTHUB, options.drainKind());
        assertTrue(options.drain());
        assertEquals(500, options.drainCredit());
        assertEquals("hub", options.eventHub());
        assertEquals(4, options.partitions());
        assertFalse(options.drainEarliest());
        assertEquals(5671, options.amqpsPort());

        BenchmarkOptions chosen = BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca(),
                "--drain=eventhub", "--drain-credit", "300", "--event-hub", "events", "--partitions", "8",
                "--drain-start", "earliest"));
        assertEquals(300, chosen.drainCredit());
        assertEquals("events", chosen.eventHub());
        assertEquals(8, chosen.partitions());
        assertTrue(chosen.drainEarliest());
    }

    @Test
    void drainKindsAndTheDefaultEventHubNameFollowTheHub() throws IOException {
        assertEquals(BenchmarkOptions.DrainKind.AMQP, BenchmarkOptions.drainKind("amqp"));
        assertEquals(BenchmarkOptions.DrainKind.AMQP, BenchmarkOptions.drainKind("true"));
        assertEquals(BenchmarkOptions.DrainKind.NONE, BenchmarkOptions.drainKind("false"));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.drainKind("kafka"));
        assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.drainStart("middle"));
        assertEquals("hub", BenchmarkOptions.defaultEventHub("127.0.0.1"));
        assertEquals("hub", BenchmarkOptions.defaultEventHub("::1"));
        assertEquals("myhub", BenchmarkOptions.defaultEventHub("myhub.example.com"));
        assertEquals("localhost", BenchmarkOptions.defaultEventHub("localhost"));
    }

    @Test
    void rejectsUnboundedOrUnknownInput() throws IOException {
        String ca = ca();
        assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca, "--devices", "100001")));
        assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca, "--duration", "0")));
        assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse(List.of("--connection-string", OWNER, "--ca", ca, "--windw", "4")));
        assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse(List.of("--ca", ca)));
        assertThrows(IllegalArgumentException.class,
                () -> BenchmarkOptions.parse(List.of("--connection-string", "HostName=hub.local", "--ca", ca)));
    }

    private String ca() throws IOException {
        return Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n").toString();
    }
}
