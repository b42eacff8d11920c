package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.ssl.SslContext;

/**
 * The telemetry benchmark's devices over AMQP 1.0/TLS: {@code multiplex} devices share each connection (1: a
 * connection per device; 1,000: the Java SDK's MultiplexingClient at its limit), all connections on one small
 * Netty event loop group, each driving its own Proton-J engine.
 */
final class AmqpDeviceFleet implements TelemetryFleet {

    private final ClientEventLoops loops;
    private final SslContext tls;
    private final String host;
    private final int port;
    private final int multiplex;
    private final List<AmqpClientConnection<AmqpTelemetryDevice>> connections = new ArrayList<>();

    /** @param multiplex devices per connection */
    AmqpDeviceFleet(int ioThreads, SslContext tls, String host, int port, int multiplex) {
        this.loops = new ClientEventLoops(ioThreads, "amqp-io");
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.multiplex = multiplex;
    }

    /**
     * Starts the devices at the given rate: a connection opens with its first device, the next ones put their
     * tokens on it as they are due.
     */
    @Override
    public void connectAll(List<DeviceCredentials> devices, TelemetryDevices telemetry, int perSecond,
            Duration timeout) throws InterruptedException {
        PacedStarts.run(devices.size(), perSecond, timeout, i -> {
            if (i % multiplex == 0) {
                AmqpClientConnection<AmqpTelemetryDevice> connection =
                        new AmqpClientConnection<>(telemetry.hubHostName());
                connection.connect(loops.bootstrap(), tls, host, port, timeout.toMillis());
                connections.add(connection);
            }
            AmqpTelemetryDevice device = new AmqpTelemetryDevice(devices.get(i), telemetry);
            connections.get(connections.size() - 1).add(device, timeout.toMillis());
            return device.ready();
        });
    }

    @Override
    public String transport() {
        return loops.transport() + ", " + multiplex + " device" + (multiplex == 1 ? "" : "s") + " per connection";
    }

    @Override
    public long ioCpuNanos() {
        return loops.ioCpuNanos();
    }

    @Override
    public void startPublishing() {
        forEachDevice(device -> {
            device.publishing(true);
            device.fillWindow();
        });
    }

    @Override
    public void window(int window) {
        forEachDevice(device -> {
            device.window(window);
            device.fillWindow();
        });
    }

    @Override
    public void stopPublishing() {
        forEachDevice(device -> device.publishing(false));
    }

    @Override
    public void disconnectAll(Duration timeout) throws InterruptedException {
        ClientEventLoops.closeAll(connections, AmqpClientConnection::disconnect, timeout);
    }

    private void forEachDevice(java.util.function.Consumer<AmqpTelemetryDevice> task) {
        connections.forEach(connection -> connection.forEachClient(task));
    }

    @Override
    public void close() {
        loops.close();
    }
}
