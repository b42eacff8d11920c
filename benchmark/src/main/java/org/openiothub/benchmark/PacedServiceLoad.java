package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Back-end requests at a fixed rate (open loop), round robin over the connected devices, at most
 * {@code maxOutstanding} in flight: a request due while that many are outstanding is skipped and tallied, so the
 * client never queues work the hub has not taken.
 */
abstract class PacedServiceLoad implements HubWorkload {

    private static final Pattern ERROR_CODE = Pattern.compile("ErrorCode:(\\w+)");

    final HubLoadOptions options;
    final ServiceApiClient api;
    final TelemetryStats stats;
    private final OpenLoopPacer pacer;
    private final Semaphore outstanding;
    private List<String> deviceIds = List.of();
    private volatile boolean stopped;

    PacedServiceLoad(HubLoadOptions options, ServiceApiClient api, TelemetryStats stats) {
        this.options = options;
        this.api = api;
        this.stats = stats;
        this.pacer = new OpenLoopPacer(options.rate());
        this.outstanding = new Semaphore(options.maxOutstanding());
    }

    /**
     * Starts request {@code seq} to {@code deviceId}; must not block.
     *
     * @return completes when the service API has answered (the device may see its effect before or after)
     */
    abstract CompletableFuture<?> issue(long seq, String deviceId);

    @Override
    public String load() {
        return String.format(Locale.ROOT, "%d requests/s open loop over %s, round robin over the devices, "
                        + "at most %d outstanding", options.rate(),
                options.httpVersion() == java.net.http.HttpClient.Version.HTTP_2 ? "HTTP/2"
                        : options.connections() + " HTTP/1.1 connections",
                options.maxOutstanding());
    }

    @Override
    public void start(List<MqttDeviceClient> devices) {
        List<String> ids = new ArrayList<>(devices.size());
        devices.forEach(device -> ids.add(device.deviceId()));
        deviceIds = List.copyOf(ids);
    }

    @Override
    public void run(Duration phase) throws InterruptedException {
        if (deviceIds.isEmpty()) {
            throw new IllegalStateException("no device is connected");
        }
        pacer.run(phase, seq -> {
            if (stopped) {
                return;
            }
            if (!outstanding.tryAcquire()) {
                stats.error("client: request skipped, " + options.maxOutstanding() + " outstanding");
                return;
            }
            CompletableFuture<?> answered;
            try {
                answered = issue(seq, deviceIds.get((int) (seq % deviceIds.size())));
            } catch (RuntimeException e) {
                outstanding.release();
                throw e;
            }
            answered.whenComplete((response, failure) -> outstanding.release());
        });
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public LatencyRecorder.Percentiles pacerLag() {
        return pacer.lag();
    }

    /** Tallies a failed request as lost, by kind: {@code HTTP 404 DeviceNotOnline} or the exception. */
    void failed(ServiceReply response, Throwable failure) {
        stats.lost.increment();
        if (failure != null) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            stats.error("service API: " + root.getClass().getSimpleName());
            return;
        }
        Matcher matcher = ERROR_CODE.matcher(response.body());
        stats.error("HTTP " + response.status() + (matcher.find() ? " " + matcher.group(1) : ""));
    }
}
