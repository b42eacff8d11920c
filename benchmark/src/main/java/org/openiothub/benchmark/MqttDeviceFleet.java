package org.openiothub.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

/**
 * All simulated devices' MQTT connections on one small Netty event loop group (epoll when the native
 * transport loads, NIO otherwise), which other connections of the process may share ({@link #bootstrap}).
 */
final class MqttDeviceFleet implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String transport;
    private final SslContext tls;
    private final String host;
    private final int port;
    private final List<MqttDeviceClient> clients = new ArrayList<>();
    private List<Long> ioThreadIds;

    MqttDeviceFleet(int ioThreads, SslContext tls, String host, int port) {
        Class<? extends Channel> channelType;
        if (Epoll.isAvailable()) {
            group = new EpollEventLoopGroup(ioThreads, new DefaultThreadFactory("mqtt-io", true));
            channelType = EpollSocketChannel.class;
            transport = "epoll";
        } else {
            group = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("mqtt-io", true));
            channelType = NioSocketChannel.class;
            transport = "nio";
        }
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.tls = tls;
        this.host = host;
        this.port = port;
    }

    String transport() {
        return transport;
    }

    /** A bootstrap on the fleet's event loops, channel type and options, for the process's other connections. */
    Bootstrap bootstrap() {
        return bootstrap.clone();
    }

    /**
     * CPU time the I/O threads have used, in nanoseconds; compared with wall time it shows whether the load
     * generator, rather than the hub, limited the rate.
     *
     * @return -1 when the JVM does not measure thread CPU time
     */
    long ioCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return -1;
        }
        long total = 0;
        for (long id : ioThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private List<Long> ioThreadIds() {
        if (ioThreadIds == null) {
            List<Long> ids = new ArrayList<>();
            for (EventExecutor loop : group) {
                try {
                    ids.add(loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ids;
                } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                    // A loop that does not answer within seconds is not running: it used no CPU.
                    continue;
                }
            }
            ioThreadIds = ids;
        }
        return ioThreadIds;
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
        Semaphore outstanding = new Semaphore(Math.max(8, perSecond / 4));
        List<CompletableFuture<Void>> attempts = new ArrayList<>(devices.size());
        long start = System.nanoTime();
        long spacing = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (int i = 0; i < devices.size(); i++) {
            long due = start + i * spacing;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            outstanding.acquire();
            MqttDeviceClient device = devices.get(i);
            clients.add(device);
            attempts.add(device.connect(bootstrap, tls, host, port, timeout.toMillis())
                    .whenComplete((ok, failure) -> outstanding.release()));
        }
        try {
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Individual failures are tallied in TelemetryStats; only completion matters here.
        } catch (TimeoutException e) {
            throw new IllegalStateException("connection attempts did not settle within the connect timeout", e);
        }
    }

    /**
     * Connects one client, e.g. a device reconnecting; unlike {@link #connectAll}, {@link #disconnectAll} does not
     * know it.
     */
    CompletableFuture<Void> connect(MqttDeviceClient device, Duration timeout) {
        return device.connect(bootstrap, tls, host, port, timeout.toMillis());
    }

    void startPublishing() {
        clients.forEach(MqttDeviceClient::startPublishing);
    }

    /** Sets every device's window of unacknowledged messages; see {@link MqttDeviceClient#window(int)}. */
    void window(int window) {
        clients.forEach(client -> client.window(window));
    }

    void stopPublishing() {
        clients.forEach(MqttDeviceClient::stopPublishing);
    }

    /** Sends DISCONNECT on every connection and waits up to {@code timeout} for them to close. */
    void disconnectAll(Duration timeout) throws InterruptedException {
        List<ChannelFuture> closing = new ArrayList<>(clients.size());
        for (MqttDeviceClient client : clients) {
            ChannelFuture closed = client.disconnect();
            if (closed != null) {
                closing.add(closed);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ChannelFuture closed : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !closed.await(left, TimeUnit.NANOSECONDS)) {
                closed.channel().close();
            }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
