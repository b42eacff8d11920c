package org.openiothub.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

/**
 * A small Netty event loop group for a load generator's client connections (epoll when the native transport
 * loads, NIO otherwise), with a bootstrap on it and the CPU time its threads used.
 */
final class ClientEventLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String transport;
    private List<Long> threadIds;

    /** @param threadName prefix of the I/O threads' names, e.g. {@code mqtt-io} */
    ClientEventLoops(int threads, String threadName) {
        Class<? extends Channel> channelType;
        if (Epoll.isAvailable()) {
            group = new EpollEventLoopGroup(threads, new DefaultThreadFactory(threadName, true));
            channelType = EpollSocketChannel.class;
            transport = "epoll";
        } else {
            group = new NioEventLoopGroup(threads, new DefaultThreadFactory(threadName, true));
            channelType = NioSocketChannel.class;
            transport = "nio";
        }
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /** {@code epoll} or {@code nio}. */
    String transport() {
        return transport;
    }

    /** A bootstrap on these event loops, with their channel type and options; set its handler before connecting. */
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
        for (long id : threadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private List<Long> threadIds() {
        if (threadIds == null) {
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
            threadIds = ids;
        }
        return threadIds;
    }

    /**
     * Asks each connection to close, waits up to {@code timeout} in all for their channels to close, then closes
     * those still open.
     *
     * @param close starts closing a connection; returns its close future, {@code null} when it was never opened
     */
    static <T> void closeAll(List<T> connections, Function<T, ChannelFuture> close, Duration timeout)
            throws InterruptedException {
        List<ChannelFuture> closing = new ArrayList<>(connections.size());
        for (T connection : connections) {
            ChannelFuture closed = close.apply(connection);
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
