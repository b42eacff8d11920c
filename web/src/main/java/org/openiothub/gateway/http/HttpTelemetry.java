package org.openiothub.gateway.http;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.telemetry.TelemetryMessage;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.web.rest.RequestBodies;

/**
 * Device-to-cloud messages posted over HTTPS, one per request or a batch: handed to the telemetry sink the MQTT and
 * AMQP gateways use, and answered {@code 204} only once every message of the request is stored. A request is stored
 * whole or answered with an error, after which the device sends it again (a batch may then be stored twice, as IoT
 * Hub's at-least-once delivery allows).
 */
@ApplicationScoped
public class HttpTelemetry {

    /** IoT Hub's limit for one device-to-cloud message, and for a batch's request body. */
    static final int MAX_BYTES = 256 * 1024;

    private static final Logger LOG = Logger.getLogger(HttpTelemetry.class);

    @Inject
    TelemetrySink telemetrySink;

    private TelemetrySink sink;
    private final Clock clock = Clock.systemUTC();

    @PostConstruct
    void resolve() {
        sink = telemetrySink.direct();
    }

    /**
     * Reads the request, stores its messages and resumes {@code response}: {@code 204} once stored, else IoT Hub's
     * error ({@code MessageTooLarge} over 256 KB, {@code IotHubFormatError} for a malformed batch, {@code ServerError}
     * when the hub could not store it).
     *
     * @param path the request path, the value the SDKs put in {@code iothub-to}
     */
    public void store(DeviceIdentity device, String path, HttpHeaders headers, InputStream body, AsyncResponse response) {
        List<TelemetryMessage> messages = messages(device, path, headers, RequestBodies.read(body, MAX_BYTES));
        List<CompletableFuture<Void>> stored = new ArrayList<>(messages.size());
        for (TelemetryMessage message : messages) {
            try {
                stored.add(sink.send(message).toCompletableFuture());
            } catch (RuntimeException e) {
                stored.add(CompletableFuture.failedFuture(e));
            }
        }
        CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure == null) {
                response.resume(Response.noContent().build());
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                LOG.warnf("[device-id: %s] telemetry over HTTPS not stored, the device is told to send it again: %s",
                        device.deviceId(), cause);
                response.resume(new HubException(ErrorCode.SERVER_ERROR, "The message could not be stored; send it again."));
            }
        });
    }

    private List<TelemetryMessage> messages(DeviceIdentity device, String path, HttpHeaders headers, byte[] body) {
        if (!HttpTelemetryBatch.isBatch(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            return List.of(new TelemetryMessage(device, null, body,
                    HttpMessageProperties.of(firstValues(headers), path), clock.instant()));
        }
        List<TelemetryMessage> messages = new ArrayList<>();
        for (HttpTelemetryBatch.Entry entry : HttpTelemetryBatch.parse(body)) {
            messages.add(new TelemetryMessage(device, null, entry.body(),
                    HttpMessageProperties.of(entry.properties(), path), clock.instant()));
        }
        return messages;
    }

    private static Map<String, String> firstValues(HttpHeaders headers) {
        Map<String, String> first = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                first.putIfAbsent(name, values.get(0));
            }
        });
        return first;
    }
}
