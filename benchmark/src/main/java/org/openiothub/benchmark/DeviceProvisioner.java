package org.openiothub.benchmark;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * Registers the simulated devices through the hub's service REST API and reads back their keys. Idempotent:
 * a device that already exists (409) is read with GET, so repeated runs reuse the same identities.
 */
final class DeviceProvisioner {

    static final String API_VERSION = "2021-04-12";

    private static final int CONCURRENT_REQUESTS = 16;
    private static final int ATTEMPTS = 4;
    // IoT Hub answers 429 when registry operations are throttled; 5xx may be a hub still starting.
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(429, 500, 503);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // The registry's JSON is flat enough that a pattern beats bundling a JSON library into the tool.
    private static final Pattern PRIMARY_KEY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http;
    private final String baseUri;
    private final String authorization;
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger existing = new AtomicInteger();

    /**
     * @param authorization a {@code SharedAccessSignature} of a policy with registry write rights
     */
    DeviceProvisioner(SSLContext tls, String host, int port, String authorization) {
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.baseUri = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        this.authorization = authorization;
    }

    /**
     * Creates or reads every device, at most {@value #CONCURRENT_REQUESTS} requests at a time.
     *
     * @return credentials in the order of {@code deviceIds}
     * @throws ProvisioningException on the first device that could not be created or read
     */
    List<DeviceCredentials> provision(List<String> deviceIds, Duration timeout)
            throws ProvisioningException, InterruptedException {
        Semaphore permits = new Semaphore(CONCURRENT_REQUESTS);
        List<CompletableFuture<DeviceCredentials>> pending = new ArrayList<>(deviceIds.size());
        // Watched while submitting so that a wrong key or port stops the run after one round trip.
        AtomicReference<CompletableFuture<DeviceCredentials>> firstFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String deviceId : deviceIds) {
            if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new ProvisioningException("Provisioning did not finish within " + timeout.toSeconds() + " s");
            }
            if (firstFailure.get() != null) {
                await(firstFailure.get(), deadline);
            }
            CompletableFuture<DeviceCredentials> device = createOrRead(deviceId);
            device.whenComplete((credentials, failure) -> {
                if (failure != null) {
                    firstFailure.compareAndSet(null, device);
                }
                permits.release();
            });
            pending.add(device);
        }
        List<DeviceCredentials> result = new ArrayList<>(deviceIds.size());
        for (CompletableFuture<DeviceCredentials> device : pending) {
            result.add(await(device, deadline));
        }
        return result;
    }

    int created() {
        return created.get();
    }

    int existing() {
        return existing.get();
    }

    private CompletableFuture<DeviceCredentials> createOrRead(String deviceId) {
        HttpRequest put = request(deviceId)
                .header("Content-Type", "application/json; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"" + deviceId + "\"}"))
                .build();
        return send(put, 1).thenCompose(response -> {
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                created.incrementAndGet();
                return CompletableFuture.completedFuture(credentials(deviceId, response));
            }
            if (status != 409) {
                throw failure(deviceId, response);
            }
            existing.incrementAndGet();
            return send(request(deviceId).GET().build(), 1).thenApply(existingDevice -> {
                if (existingDevice.statusCode() != 200) {
                    throw failure(deviceId, existingDevice);
                }
                return credentials(deviceId, existingDevice);
            });
        });
    }

    /** Sends, retrying I/O failures and throttling answers with a growing pause: 0.5 s, 1 s, 2 s. */
    private CompletableFuture<HttpResponse<String>> send(HttpRequest request, int attempt) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    boolean transientFailure = failure != null || TRANSIENT_STATUS.contains(response.statusCode());
                    if (!transientFailure || attempt >= ATTEMPTS) {
                        return failure == null ? CompletableFuture.completedFuture(response)
                                : CompletableFuture.<HttpResponse<String>>failedFuture(failure);
                    }
                    return CompletableFuture.supplyAsync(() -> request,
                                    CompletableFuture.delayedExecutor(250L << attempt, TimeUnit.MILLISECONDS))
                            .thenCompose(again -> send(again, attempt + 1));
                })
                .thenCompose(Function.identity());
    }

    private static CompletionException failure(String deviceId, HttpResponse<String> response) {
        return new CompletionException(new ProvisioningException("[device-id: " + deviceId + "] "
                + response.request().method() + " " + response.uri().getPath() + " answered "
                + response.statusCode() + ": " + abbreviate(response.body())));
    }

    private HttpRequest.Builder request(String deviceId) {
        return HttpRequest.newBuilder(URI.create(baseUri + "/devices/"
                        + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "?api-version=" + API_VERSION))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private static DeviceCredentials credentials(String deviceId, HttpResponse<String> response) {
        return new DeviceCredentials(deviceId, primaryKeyOf(response.body()).orElseThrow(() -> new CompletionException(
                new ProvisioningException("[device-id: " + deviceId
                        + "] the registry returned no authentication.symmetricKey.primaryKey: "
                        + abbreviate(response.body())))));
    }

    /** @return the {@code authentication.symmetricKey.primaryKey} of the registry's device JSON, if it has one */
    static Optional<String> primaryKeyOf(String deviceJson) {
        Matcher matcher = PRIMARY_KEY.matcher(deviceJson);
        if (!matcher.find() || matcher.group(1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(1).replace("\\/", "/"));
    }

    private DeviceCredentials await(CompletableFuture<DeviceCredentials> device, long deadline)
            throws ProvisioningException, InterruptedException {
        try {
            return device.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ProvisioningException("Provisioning did not finish in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (cause instanceof ProvisioningException provisioning) {
                throw provisioning;
            }
            throw new ProvisioningException("Registry request to " + baseUri + " failed: " + cause, cause);
        }
    }

    static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    /** A device could not be registered or read; the message names it and the hub's answer. */
    static final class ProvisioningException extends Exception {
        ProvisioningException(String message) {
            super(message);
        }

        ProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
