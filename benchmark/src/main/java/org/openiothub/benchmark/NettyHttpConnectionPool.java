package org.openiothub.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.ssl.SslContext;

/**
 * A fixed number of keep-alive HTTP/1.1 connections, each carrying one request at a time, as a back end's connection
 * pool keeps them: a request that finds every connection busy waits for the first one free, in arrival order, and
 * that wait is part of its latency. A request that gets no whole response within the time-out fails with an
 * {@link java.net.http.HttpTimeoutException}, and its connection is closed; the next request on that connection
 * opens a new one.
 * <p>
 * Connections are spread over the bootstrap's event loops and opened on first use.
 */
final class NettyHttpConnectionPool implements ServiceTransport {

    private final List<NettyHttpConnection> connections;
    private final Deque<NettyHttpConnection> idle = new ArrayDeque<>();
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param bootstrap   group, channel type and options of the connections; not changed
     * @param tls         checks the hub's certificate against {@code host}; {@code null} for plain TCP
     * @param headers     sent with every request (besides {@code Host}, {@code Content-Type} and
     *                    {@code Content-Length})
     * @param connections how many, at least 1
     * @param timeout     per request, from taking a connection (so including a connect) to the whole response
     */
    NettyHttpConnectionPool(Bootstrap bootstrap, SslContext tls, String host, int port, Map<String, String> headers,
            int connections, Duration timeout) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1");
        }
        Http1RequestWriter writer = new Http1RequestWriter(
                (host.contains(":") ? "[" + host + "]" : host) + ":" + port, headers);
        List<NettyHttpConnection> all = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            all.add(new NettyHttpConnection(bootstrap.config().group().next(), bootstrap, tls, host, port, writer,
                    timeout.toNanos(), this::release));
        }
        this.connections = List.copyOf(all);
        idle.addAll(all);
    }

    /** Sends on the first free connection, now or once one is free; never blocks. */
    @Override
    public CompletableFuture<ServiceReply> send(ServiceRequest request) {
        CompletableFuture<ServiceReply> reply = new CompletableFuture<>();
        NettyHttpConnection free;
        synchronized (this) {
            if (closed) {
                reply.completeExceptionally(new IOException("connection pool closed"));
                return reply;
            }
            free = idle.poll();
            if (free == null) {
                waiting.add(new Waiting(request, reply));
                return reply;
            }
        }
        free.send(request, reply);
        return reply;
    }

    /** Hands the connection to the request waiting longest, or back to the idle ones. */
    private void release(NettyHttpConnection connection) {
        Waiting next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                idle.add(connection);
                return;
            }
        }
        connection.send(next.request, next.reply);
    }

    /** Fails the requests still waiting and closes every connection, failing the requests on them. */
    @Override
    public void close() {
        List<Waiting> abandoned;
        synchronized (this) {
            closed = true;
            abandoned = new ArrayList<>(waiting);
            waiting.clear();
        }
        abandoned.forEach(w -> w.reply.completeExceptionally(new IOException("connection pool closed")));
        connections.forEach(NettyHttpConnection::close);
    }

    private record Waiting(ServiceRequest request, CompletableFuture<ServiceReply> reply) {
    }
}
