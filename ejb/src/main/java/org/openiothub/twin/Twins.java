package org.openiothub.twin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.openiothub.auth.DeviceIdentity;
import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceRegistry;

/**
 * Device twins: what back ends read and write (tags, desired properties) and what devices read and report; for
 * the twin of a connected module, {@link DeviceTwins} hands on to {@link ModuleTwins}.
 * Every change is checked against {@link TwinLimits}, moves the twin's version and etag, and a desired change
 * reaches the connected device once committed.
 */
@Stateless
@LocalBean
@Local(DeviceTwins.class)
public class Twins implements DeviceTwins {

    private final TwinWriteRules rules = new TwinWriteRules(TwinLimits.IOT_HUB);

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaTwinRepository repository;

    @Inject
    Event<DesiredPropertiesChanged> desiredChanged;

    @Inject
    ReportedPatchBatches reportedPatches;

    @Inject
    ModuleTwins moduleTwins;

    @Inject
    ModuleReportedPatches moduleReportedPatches;

    // --- back ends ----------------------------------------------------------------------------------------------

    /** @throws HubException {@code DeviceNotFound} */
    public DeviceTwin get(String deviceId) {
        DeviceRecord device = registry.get(deviceId);
        return new DeviceTwin(device, repository.find(deviceId).orElseGet(() -> Twin.empty(deviceId, Instant.now())));
    }

    /**
     * Merges tags and desired properties into the twin.
     *
     * @param ifMatch the twin's etag (quoted or not), {@code *} or {@code null} for any
     * @throws HubException {@code DeviceNotFound}, {@code PreconditionFailed} on an etag mismatch,
     *                      {@code ArgumentInvalid} for an empty update or one breaking a limit
     */
    public DeviceTwin patch(String deviceId, TwinUpdate update, String ifMatch) {
        rules.checkContent(update);
        DeviceRecord device = registry.get(deviceId);
        Instant now = Instant.now();
        Twin current = lockedForChange(deviceId, ifMatch, now);
        Twin next = current.patchedBy(update, now);
        return saved(device, current, next, update, update.desired());
    }

    /**
     * Replaces the twin's tags and desired properties (each only when given).
     *
     * @throws HubException as {@link #patch}
     */
    public DeviceTwin replace(String deviceId, TwinUpdate update, String ifMatch) {
        rules.checkContent(update);
        DeviceRecord device = registry.get(deviceId);
        Instant now = Instant.now();
        Twin current = lockedForChange(deviceId, ifMatch, now);
        Twin next = current.replacedBy(update, now);
        JsonObject desiredChange = update.desired() == null ? null
                : JsonMergePatch.diff(current.desired().properties(), next.desired().properties());
        return saved(device, current, next, update, desiredChange);
    }

    private DeviceTwin saved(DeviceRecord device, Twin current, Twin next, TwinUpdate update, JsonObject desiredChange) {
        rules.checkSize(update, next);
        repository.saveAll(Map.of(current.deviceId(), current), List.of(next));
        if (desiredChange != null) {
            desiredChanged.fire(new DesiredPropertiesChanged(next.deviceId(), next.desired().version(), desiredChange));
        }
        return new DeviceTwin(device, next);
    }

    private Twin lockedForChange(String deviceId, String ifMatch, Instant now) {
        return TwinWriteRules.matching(repository.lockForChange(deviceId, now), ifMatch);
    }

    // --- devices ------------------------------------------------------------------------------------------------

    /**
     * The twin a device reads: its desired and reported properties.
     *
     * @throws HubException {@code DeviceNotFound} when the device was deleted; {@code ModuleNotFound} when the module was
     */
    @Override
    public Twin getForDevice(DeviceIdentity device) {
        if (device.moduleId() != null) {
            return moduleTwins.getForModule(device.deviceId(), device.moduleId());
        }
        String deviceId = device.deviceId();
        return repository.find(deviceId).orElseGet(() -> {
            requireRegistered(deviceId);
            return Twin.empty(deviceId, Instant.now());
        });
    }

    /**
     * Checks a device's patch of its reported properties and queues it for {@link ReportedPatchBatches} (a module's
     * for {@link ModuleReportedPatches}); returns at once, without a transaction of its own.
     *
     * @param patchJson       the JSON merge patch as the device sent it (UTF-8)
     * @param expectedVersion the reported {@code $version} the device based its patch on, {@code null} for any
     * @return completed with the reported properties' new {@code $version} once committed
     * @throws HubException at once: {@code IotHubFormatError} when the patch is not a JSON object,
     *                      {@code ArgumentInvalid} when its content breaks a limit; the stage fails with
     *                      {@code DeviceNotFound}, {@code ModuleNotFound}, {@code PreconditionFailed},
     *                      {@code ArgumentInvalid} (size) or {@code Throttled}
     */
    @Override
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public CompletionStage<Long> patchReported(DeviceIdentity device, byte[] patchJson, Long expectedVersion) {
        JsonObject patch = rules.reportedPatch(patchJson);
        if (device.moduleId() != null) {
            return moduleReportedPatches.submit(device.deviceId(), device.moduleId(), patch, expectedVersion);
        }
        return reportedPatches.submit(device.deviceId(), patch, expectedVersion);
    }

    private void requireRegistered(String deviceId) {
        if (registry.find(deviceId).isEmpty()) {
            throw HubException.deviceNotFound(deviceId);
        }
    }
}
