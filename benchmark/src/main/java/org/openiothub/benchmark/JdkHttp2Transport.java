package org.openiothub.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

/**
 * One JDK client over one multiplexed HTTP/2 connection, every request on it at once. A request that gets no
 * whole response within the time-out fails with an {@link java.net.http.HttpTimeoutException}.
 */
final class JdkHttp2Transport implements ServiceTransport {

    private final HttpClient client;
    private final String baseUri;
    private final Map<String, String> headers;
    private final Duration timeout;

    /** @param headers sent with every request; {@code Host} is the client's own and not allowed here */
    JdkHttp2Transport(SSLContext tls, String host, int port, Map<String, String> headers, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.baseUri = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<ServiceReply> send(ServiceRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUri + request.target()))
                .timeout(timeout)
                .header("Content-Type", request.contentType())
                .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        headers.forEach(builder::header);
        request.headers().forEach(builder::header);
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new ServiceReply(response.statusCode(), response.body()));
    }

    /** The JDK client closes its connection when it is no longer referenced; requests in flight go on. */
    @Override
    public void close() {
    }
}
