package org.openiothub.benchmark;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A fixed number of keep-alive HTTP/1.1 connections, each carrying one request at a time, as a back end's connection
 * pool keeps them: a request that finds every connection busy waits for the first one free, in arrival order, and
 * that wait is part of its latency. Each connection is a JDK client of its own, used by one request at a time, so it
 * keeps one TLS connection open for the whole run instead of opening one per request in flight.
 */
final class HttpConnectionPool {

    private final Deque<HttpClient> idle = new ArrayDeque<>();
    private final Deque<Consumer<HttpClient>> waiting = new ArrayDeque<>();

    /** @param connections how many; each built by {@code client} */
    HttpConnectionPool(int connections, Supplier<HttpClient> client) {
        for (int i = 0; i < connections; i++) {
            idle.add(client.get());
        }
    }

    /** Sends on the first free connection, now or once one is free; never blocks. */
    <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> response = new CompletableFuture<>();
        Consumer<HttpClient> send = client -> sendOn(client, request, handler, response);
        HttpClient free;
        synchronized (this) {
            free = idle.poll();
            if (free == null) {
                waiting.add(send);
                return response;
            }
        }
        send.accept(free);
        return response;
    }

    private <T> void sendOn(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
            CompletableFuture<HttpResponse<T>> response) {
        client.sendAsync(request, handler).whenComplete((answer, failure) -> {
            release(client);
            if (failure != null) {
                response.completeExceptionally(failure);
            } else {
                response.complete(answer);
            }
        });
    }

    /** Hands the connection to the request waiting longest, or back to the idle ones. */
    private void release(HttpClient client) {
        Consumer<HttpClient> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                idle.add(client);
            }
        }
        if (next != null) {
            next.accept(client);
        }
    }
}
