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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
            CompletableFuture<DeviceCredentials> device = createOrRead(deviceId, 1);
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

    private CompletableFuture<DeviceCredentials> createOrRead(String deviceId, int attempt) {
        String body = "{\"deviceId\":\"" + deviceId + "\"}";
        HttpRequest put = request(deviceId)
                .header("Content-Type", "application/json; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(put, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                created.incrementAndGet();
                return CompletableFuture.completedFuture(credentials(deviceId, response));
            }
            if (status == 409) {
                existing.incrementAndGet();
                return read(deviceId, 1);
            }
            return retryOrFail(deviceId, attempt, response, () -> createOrRead(deviceId, attempt + 1));
        });
    }

    private CompletableFuture<DeviceCredentials> read(String deviceId, int attempt) {
        HttpRequest get = request(deviceId).GET().build();
        return http.sendAsync(get, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() == 200) {
                return CompletableFuture.completedFuture(credentials(deviceId, response));
            }
            return retryOrFail(deviceId, attempt, response, () -> read(deviceId, attempt + 1));
        });
    }

    private CompletableFuture<DeviceCredentials> retryOrFail(String deviceId, int attempt,
            HttpResponse<String> response, Supplier<CompletableFuture<DeviceCredentials>> retry) {
        int status = response.statusCode();
        boolean transientFailure = status == 429 || status == 503 || status == 500;
        if (transientFailure && attempt < ATTEMPTS) {
            // Back off 0.5 s, 1 s, 2 s: the hub throttles registry operations with 429 like IoT Hub does.
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(250L << attempt, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> retry.get());
        }
        throw new CompletionException(new ProvisioningException("[device-id: " + deviceId + "] "
                + response.request().method() + " " + response.uri().getPath() + " answered " + status + ": "
                + abbreviate(response.body())));
    }

    private HttpRequest.Builder request(String deviceId) {
        return HttpRequest.newBuilder(URI.create(baseUri + "/devices/"
                        + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "?api-version=" + API_VERSION))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private static DeviceCredentials credentials(String deviceId, HttpResponse<String> response) {
        Matcher matcher = PRIMARY_KEY.matcher(response.body());
        if (!matcher.find() || matcher.group(1).isEmpty()) {
            throw new CompletionException(new ProvisioningException("[device-id: " + deviceId
                    + "] the registry returned no authentication.symmetricKey.primaryKey: "
                    + abbreviate(response.body())));
        }
        return new DeviceCredentials(deviceId, matcher.group(1).replace("\\/", "/"));
    }

    private static DeviceCredentials await(CompletableFuture<DeviceCredentials> device, long deadline)
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
            throw new ProvisioningException("Registry request failed: " + cause, cause);
        }
    }

    private static String abbreviate(String body) {
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
