package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.handler.ssl.SslContext;

import org.apache.qpid.protonj2.client.exceptions.ClientException;
import org.openiothub.server.HubSettings;
import org.openiothub.server.HubSettings.Port;
import org.openiothub.server.RunningHub;

/**
 * The crash test's connections to one run of the hub: the back end's HTTP/2 connection, the fleet's MQTT connections
 * and the events reader. A restarted hub gets new ones, as real clients would reconnect.
 *
 * @param connectSeconds how long the fleet took to connect and subscribe
 * @param connected      the fleet's devices that did
 */
record Clients(ServiceApiClient api, ServiceTransport transport, SslContext tls, MqttDeviceFleet mqtt,
        EventsDrain drain, double connectSeconds, int connected) implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final int CONNECTS_PER_SECOND = 100;

    /**
     * Connects the back end, the events reader (handing the id of each event to the journal of the moment) and the
     * fleet.
     *
     * @throws ClientException when the events endpoint refuses the reader
     */
    static Clients connect(RunningHub hub, HubSettings settings, List<CrashTestDevice> fleet,
            Supplier<AcknowledgementJournal> journal, long tokenExpiry) throws Exception {
        HubConnectionString owner = HubConnectionString.parse(hub.ownerConnectionString());
        String ownerToken = SasTokens.forPolicy(owner.hostName(), owner.keyName(), owner.key(), tokenExpiry);
        TrustedCa ca = TrustedCa.fromPem(hub.caCertificate());
        ServiceTransport transport = new JdkHttp2Transport(ca.jdkContext(), HOST, settings.port(Port.HTTPS),
                ServiceApiClient.commonHeaders(ownerToken), REQUEST_TIMEOUT);
        EventsDrain drain = EventsDrain.start(HOST, settings.port(Port.AMQP), owner.keyName(), ownerToken, false,
                EventsDrain.DEFAULT_CREDIT, message -> journal.get().telemetryRead(String.valueOf(message.messageId())));
        SslContext tls = ca.nettyClientContext();
        MqttDeviceFleet mqtt = new MqttDeviceFleet(1, tls, HOST, settings.port(Port.MQTT));
        TelemetryStats stats = new TelemetryStats();
        List<MqttDeviceClient> clients = new ArrayList<>(fleet.size());
        for (CrashTestDevice device : fleet) {
            clients.add(device.newConnection(owner.hostName(), tokenExpiry, stats));
        }
        long started = System.nanoTime();
        mqtt.connectAll(clients, CONNECTS_PER_SECOND, CONNECT_TIMEOUT);
        double seconds = (System.nanoTime() - started) / 1e9;
        int connected = (int) clients.stream().filter(MqttDeviceClient::isConnected).count();
        return new Clients(new ServiceApiClient(transport), transport, tls, mqtt, drain, seconds, connected);
    }

    /** Drops every connection; after a kill they are dead already. */
    @Override
    public void close() {
        try {
            mqtt.disconnectAll(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mqtt.close();
        try {
            drain.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The connection of a killed hub may fail to close cleanly; it is gone either way.
        }
        transport.close();
    }
}
