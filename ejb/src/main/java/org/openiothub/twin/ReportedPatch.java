package org.openiothub.twin;

import java.util.concurrent.CompletableFuture;

import jakarta.json.JsonObject;

/**
 * A device's reported-properties patch waiting to be written, already parsed and checked for content.
 *
 * @param patch           the JSON merge patch, without {@code $version} and {@code $metadata}
 * @param expectedVersion the reported {@code $version} the device based its patch on, {@code null} for any
 * @param committed       completed with the reported properties' new {@code $version} once the write committed, or
 *                        exceptionally with the {@link org.openiothub.errors.HubException} that refused the patch
 */
public record ReportedPatch(String deviceId, JsonObject patch, Long expectedVersion, CompletableFuture<Long> committed) {

    /** What became of one patch of a batch: the new {@code $version}, or the refusal. */
    public record Outcome(long version, RuntimeException refusal) {

        static Outcome written(long version) {
            return new Outcome(version, null);
        }

        static Outcome refused(RuntimeException refusal) {
            return new Outcome(0, refusal);
        }
    }
}
