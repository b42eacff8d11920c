package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubLoadOptionsTest {

    private static final String OWNER = "HostName=hub.local;SharedAccessKeyName=iothubowner;SharedAccessKey=a2V5a2V5=";

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheTargetScenario() throws IOException {
        HubLoadOptions options = HubLoadOptions.parse("methods", List.of("--connection-string", OWNER, "--ca", ca()));

        assertEquals("methods", options.benchmark());
        assertEquals("hub.local", options.host());
        assertEquals(1000, options.devices());
        assertEquals(1000, options.rate());
        assertEquals(4, options.window());
        assertEquals(120, options.warmupSeconds());
        assertEquals(30, options.durationSeconds());
        assertEquals(HttpClient.Version.HTTP_1_1, options.httpVersion());
        assertEquals("bench-0001", options.deviceId(0));
    }

    @Test
    void acceptsTheOptionsRunAgainstHubPasses() throws IOException {
        HubLoadOptions options = HubLoadOptions.parse("c2d", List.of("--connection-string=" + OWNER, "--ca=" + ca(),
                "--devices", "200", "--rate", "50", "--http-version", "2", "--timeout", "3"));

        assertEquals(200, options.devices());
        assertEquals(50, options.rate());
        assertEquals(HttpClient.Version.HTTP_2, options.httpVersion());
        assertEquals(3, options.timeoutSeconds());
    }

    @Test
    void theBackEndCallsTheDevicesHostUnlessAnotherIsGiven() throws IOException {
        HubLoadOptions same = HubLoadOptions.parse("methods", List.of("--connection-string", OWNER, "--ca", ca(),
                "--host", "127.0.0.2"));
        assertEquals("127.0.0.2", same.serviceHost());
        assertEquals("hub.local", same.serviceTokenHost());
        assertEquals("127.0.0.2", same.target());

        HubLoadOptions other = HubLoadOptions.parse("methods", List.of("--connection-string", OWNER, "--ca", ca(),
                "--host", "127.0.0.2", "--service-host", "127.0.0.3"));
        assertEquals("127.0.0.2", other.host());
        assertEquals("127.0.0.3", other.serviceHost());
        assertEquals("127.0.0.3", other.serviceTokenHost());
        assertEquals("127.0.0.2, back end 127.0.0.3", other.target());
    }

    @Test
    void cloudToDeviceMessagesMayGoOverAmqp() throws IOException {
        String ca = ca();
        assertFalse(HubLoadOptions.parse("c2d", List.of("--connection-string", OWNER, "--ca", ca)).serviceAmqp());
        HubLoadOptions amqp = HubLoadOptions.parse("c2d", List.of("--connection-string", OWNER, "--ca", ca,
                "--service-protocol", "amqp"));
        assertTrue(amqp.serviceAmqp());
        assertEquals(5671, amqp.amqpsPort());
        assertThrows(IllegalArgumentException.class, () -> HubLoadOptions.parse("methods",
                List.of("--connection-string", OWNER, "--ca", ca, "--service-protocol", "amqp")));
        assertThrows(IllegalArgumentException.class, () -> HubLoadOptions.parse("c2d",
                List.of("--connection-string", OWNER, "--ca", ca, "--service-protocol", "mqtt")));
    }

    @Test
    void refusesTelemetryOnlyOptionsAndUnboundedNumbers() throws IOException {
        String ca = ca();
        IllegalArgumentException drain = assertThrows(IllegalArgumentException.class,
                () -> HubLoadOptions.parse("methods", List.of("--connection-string", OWNER, "--ca", ca, "--drain", "false")));
        assertTrue(drain.getMessage().contains("--drain"));
        assertThrows(IllegalArgumentException.class,
                () -> HubLoadOptions.parse("methods", List.of("--connection-string", OWNER, "--ca", ca, "--rate", "0")));
        assertThrows(IllegalArgumentException.class,
                () -> HubLoadOptions.parse("methods", List.of("--connection-string", OWNER, "--ca", ca, "--http-version", "3")));
        assertThrows(IllegalArgumentException.class, () -> HubLoadOptions.parse("methods", List.of("--ca", ca)));
    }

    private String ca() throws IOException {
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, "not checked by the parser");
        return file.toString();
    }
}
