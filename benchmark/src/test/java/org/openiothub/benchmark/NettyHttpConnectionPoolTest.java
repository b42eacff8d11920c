package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;

class NettyHttpConnectionPoolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private EventLoopGroup clientLoops;
    private Bootstrap bootstrap;
    private LocalHttpServer server;
    private NettyHttpConnectionPool pool;

    @BeforeEach
    void start() throws InterruptedException {
        clientLoops = new NioEventLoopGroup(2);
        bootstrap = new Bootstrap().group(clientLoops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000);
        server = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        server.close();
        clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private NettyHttpConnectionPool pool(int connections, Duration timeout, int port) {
        pool = new NettyHttpConnectionPool(bootstrap, null, "127.0.0.1", port,
                ServiceApiClient.commonHeaders("SharedAccessSignature sr=hub&sig=s&se=1&skn=owner"), connections,
                timeout);
        return pool;
    }

    private static ServiceRequest post(String target) {
        return new ServiceRequest("POST", target, "application/json; charset=utf-8", Map.of(),
                ("{\"to\":\"" + target + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static Throwable failureOf(CompletableFuture<ServiceReply> reply) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS));
        return failed.getCause();
    }

    @Test
    void requestsSentWhileTheOnlyConnectionIsBusyGoOutOneByOneInArrivalOrder() throws Exception {
        pool(1, TIMEOUT, server.port());
        List<CompletableFuture<ServiceReply>> replies = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            replies.add(pool.send(post("/r" + i)));
        }
        for (int i = 1; i <= 5; i++) {
            LocalHttpServer.Received request = server.next();
            assertEquals("/r" + i, request.uri());
            assertNull(server.poll(100), "a second request on a busy connection");
            for (int later = i; later < 5; later++) {
                assertFalse(replies.get(later).isDone());
            }
            request.answer(200, "{\"n\":" + i + "}");
            ServiceReply reply = replies.get(i - 1).get(5, TimeUnit.SECONDS);
            assertEquals(200, reply.status());
            assertEquals("{\"n\":" + i + "}", reply.body());
        }
        assertEquals(1, server.accepted());
    }

    @Test
    void aRequestWaitsOnlyUntilAConnectionIsFreeAndTakesTheOneFreed() throws Exception {
        pool(2, TIMEOUT, server.port());
        CompletableFuture<ServiceReply> first = pool.send(post("/a"));
        CompletableFuture<ServiceReply> second = pool.send(post("/b"));
        CompletableFuture<ServiceReply> third = pool.send(post("/c"));
        LocalHttpServer.Received a = server.next();
        LocalHttpServer.Received b = server.next();
        assertNotSame(a.channel(), b.channel());
        assertNull(server.poll(200), "a third request with two connections busy");

        LocalHttpServer.Received answeredFirst = a.uri().equals("/b") ? a : b;
        answeredFirst.answer(204, "");
        LocalHttpServer.Received c = server.next();
        assertEquals("/c", c.uri());
        assertSame(answeredFirst.channel(), c.channel());
        assertEquals(204, second.get(5, TimeUnit.SECONDS).status());
        assertEquals("", second.get().body());
        assertFalse(first.isDone());
        assertFalse(third.isDone());
        c.answer(200, "c");
        (answeredFirst == a ? b : a).answer(200, "a");
        assertEquals("a", first.get(5, TimeUnit.SECONDS).body());
        assertEquals("c", third.get(5, TimeUnit.SECONDS).body());
        assertEquals(2, server.accepted());
    }

    @Test
    void requestsCarryTheCommonHeadersTheirOwnHeadersAndTheirBody() throws Exception {
        pool(1, TIMEOUT, server.port());
        CompletableFuture<ServiceReply> reply = pool.send(new ServiceRequest("PATCH", "/twins/d%2B1?api-version=x",
                "application/octet-stream", Map.of("iothub-messageid", "bench-7"),
                "caf\u00e9".getBytes(StandardCharsets.UTF_8)));
        LocalHttpServer.Received request = server.next();
        assertEquals("PATCH", request.method());
        assertEquals("/twins/d%2B1?api-version=x", request.uri());
        assertEquals("127.0.0.1:" + server.port(), request.host());
        assertEquals("SharedAccessSignature sr=hub&sig=s&se=1&skn=owner", request.authorization());
        assertEquals("application/octet-stream", request.contentType());
        assertEquals("bench-7", request.messageId());
        assertEquals("caf\u00e9", request.body());
        request.answer(404, "{\"Message\":\"ErrorCode:DeviceNotFound;no such device\"}");
        assertEquals(new ServiceReply(404, "{\"Message\":\"ErrorCode:DeviceNotFound;no such device\"}"),
                reply.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aRequestUnansweredWithinTheTimeoutFailsAndTheNextOneGoesOverANewConnection() throws Exception {
        pool(1, Duration.ofSeconds(1), server.port());
        long sentAt = System.nanoTime();
        CompletableFuture<ServiceReply> unanswered = pool.send(post("/slow"));
        CompletableFuture<ServiceReply> queued = pool.send(post("/next"));
        LocalHttpServer.Received slow = server.next();

        assertInstanceOf(HttpTimeoutException.class, failureOf(unanswered));
        assertTrue(System.nanoTime() - sentAt >= TimeUnit.SECONDS.toNanos(1));
        assertTrue(slow.channel().closeFuture().await(2, TimeUnit.SECONDS), "the timed-out connection was closed");
        LocalHttpServer.Received next = server.next();
        assertEquals("/next", next.uri());
        assertNotSame(slow.channel(), next.channel());
        next.answer(200, "ok");
        assertEquals("ok", queued.get(5, TimeUnit.SECONDS).body());
        assertEquals(2, server.accepted());
    }

    @Test
    void aConnectionClosedUnderARequestFailsItAndTheNextRequestOpensANewOne() throws Exception {
        pool(1, TIMEOUT, server.port());
        CompletableFuture<ServiceReply> dropped = pool.send(post("/dropped"));
        server.next().channel().close();
        assertInstanceOf(IOException.class, failureOf(dropped));

        CompletableFuture<ServiceReply> last = pool.send(post("/last"));
        LocalHttpServer.Received request = server.next();
        request.answer(200, "bye", false);
        assertEquals("bye", last.get(5, TimeUnit.SECONDS).body());
        CompletableFuture<ServiceReply> after = pool.send(post("/after"));
        server.next().answer(200, "again");
        assertEquals("again", after.get(5, TimeUnit.SECONDS).body());
        assertEquals(3, server.accepted(), "one connection per close");
    }

    @Test
    void requestsFailWhileNoConnectionCanBeOpenedAndEveryWaitingOneIsAnswered() throws Exception {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = unused.getLocalPort();
        }
        pool(1, TIMEOUT, closedPort);
        List<CompletableFuture<ServiceReply>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            replies.add(pool.send(post("/refused")));
        }
        for (CompletableFuture<ServiceReply> reply : replies) {
            assertInstanceOf(java.net.ConnectException.class, failureOf(reply));
        }
    }

    @Test
    void closingFailsTheRequestsInFlightAndWaiting() throws Exception {
        pool(1, TIMEOUT, server.port());
        CompletableFuture<ServiceReply> inFlight = pool.send(post("/a"));
        CompletableFuture<ServiceReply> waiting = pool.send(post("/b"));
        server.next();
        pool.close();
        assertInstanceOf(IOException.class, failureOf(inFlight));
        assertInstanceOf(IOException.class, failureOf(waiting));
        assertInstanceOf(IOException.class, failureOf(pool.send(post("/c"))));
    }
}
