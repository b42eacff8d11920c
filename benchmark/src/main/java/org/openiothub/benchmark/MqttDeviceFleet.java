package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;

/**
 * All simulated devices' MQTT connections on one small Netty event loop group ({@link ClientEventLoops}), which
 * other connections of the process may share ({@link #bootstrap}).
 */
final class MqttDeviceFleet implements TelemetryFleet {

    private final ClientEventLoops loops;
    private final SslContext tls;
    private final String host;
    private final int port;
    private final List<MqttDeviceClient> clients = new ArrayList<>();

    MqttDeviceFleet(int ioThreads, SslContext tls, String host, int port) {
        this.loops = new ClientEventLoops(ioThreads, "mqtt-io");
        this.tls = tls;
        this.host = host;
        this.port = port;
    }

    @Override
    public String transport() {
        return loops.transport();
    }

    /** A bootstrap on the fleet's event loops, channel type and options, for the process's other connections. */
    Bootstrap bootstrap() {
        return loops.bootstrap();
    }

    @Override
    public long ioCpuNanos() {
        return loops.ioCpuNanos();
    }

    /** Connects a telemetry client for each device; see {@link #connectAll(List, int, Duration)}. */
    @Override
    public void connectAll(List<DeviceCredentials> devices, TelemetryDevices telemetry, int perSecond,
            Duration timeout) throws InterruptedException {
        List<MqttDeviceClient> telemetryClients = new ArrayList<>(devices.size());
        for (DeviceCredentials device : devices) {
            telemetryClients.add(new MqttDeviceClient(telemetry.hubHostName(), device.deviceId(),
                    telemetry.token(device), telemetry.window(), telemetry.maxWindow(), telemetry.payloadBytes(),
                    telemetry.stats()));
        }
        connectAll(telemetryClients, perSecond, timeout);
    }

    /**
     * Connects every client, starting at most {@code perSecond} connections a second with at most a quarter
     * second's worth outstanding, and waits until each has connected or failed. A hub slower than 250 ms per
     * CONNACK therefore lowers the achieved rate instead of piling up handshakes, which would also inflate every
     * connection's measured time with the client's own queueing.
     *
     * @param timeout per connection, from TCP SYN to CONNACK
     */
    void connectAll(List<MqttDeviceClient> devices, int perSecond, Duration timeout) throws InterruptedException {
        PacedStarts.run(devices.size(), perSecond, timeout, i -> {
            MqttDeviceClient device = devices.get(i);
            clients.add(device);
            return device.connect(loops.bootstrap(), tls, host, port, timeout.toMillis());
        });
    }

    /**
     * Connects one client, e.g. a device reconnecting; unlike {@link #connectAll}, {@link #disconnectAll} does not
     * know it.
     */
    CompletableFuture<Void> connect(MqttDeviceClient device, Duration timeout) {
        return device.connect(loops.bootstrap(), tls, host, port, timeout.toMillis());
    }

    @Override
    public void startPublishing() {
        clients.forEach(MqttDeviceClient::startPublishing);
    }

    /** Sets every device's window of unacknowledged messages; see {@link MqttDeviceClient#window(int)}. */
    @Override
    public void window(int window) {
        clients.forEach(client -> client.window(window));
    }

    @Override
    public void stopPublishing() {
        clients.forEach(MqttDeviceClient::stopPublishing);
    }

    /** Sends DISCONNECT on every connection and waits up to {@code timeout} for them to close. */
    @Override
    public void disconnectAll(Duration timeout) throws InterruptedException {
        ClientEventLoops.closeAll(clients, MqttDeviceClient::disconnect, timeout);
    }

    @Override
    public void close() {
        loops.close();
    }
}
