package org.openiothub.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.openiothub.errors.HubException;
import org.openiothub.registry.ModuleKey;
import org.openiothub.registry.ModuleRecord;
import org.openiothub.registry.ModuleRegistry;

/**
 * Module twins: the same document, limits and etag rules as device twins ({@link Twins}), one per module. A desired
 * change reaches the connected module once committed.
 */
@Stateless
public class ModuleTwins {

    private final TwinWriteRules rules = new TwinWriteRules(TwinLimits.IOT_HUB);

    @Inject
    ModuleRegistry modules;

    @Inject
    JpaModuleTwinRepository repository;

    @Inject
    Event<DesiredPropertiesChanged> desiredChanged;

    // --- back ends ----------------------------------------------------------------------------------------------

    /** @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound} */
    public ModuleTwin get(String deviceId, String moduleId) {
        ModuleRecord module = modules.get(deviceId, moduleId);
        return new ModuleTwin(module, repository.find(deviceId, moduleId)
                .orElseGet(() -> Twin.empty(deviceId, Instant.now())));
    }

    /**
     * Merges tags and desired properties into the module twin.
     *
     * @param ifMatch the twin's etag (quoted or not), {@code *} or {@code null} for any
     * @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound}, {@code PreconditionFailed} on an etag
     *                      mismatch, {@code ArgumentInvalid} for an empty update or one breaking a limit
     */
    public ModuleTwin patch(String deviceId, String moduleId, TwinUpdate update, String ifMatch) {
        rules.checkContent(update);
        ModuleRecord module = modules.get(deviceId, moduleId);
        Instant now = Instant.now();
        Twin current = lockedForChange(deviceId, moduleId, ifMatch, now);
        return saved(module, current.patchedBy(update, now), update, update.desired());
    }

    /**
     * Replaces the module twin's tags and desired properties (each only when given).
     *
     * @throws HubException as {@link #patch}
     */
    public ModuleTwin replace(String deviceId, String moduleId, TwinUpdate update, String ifMatch) {
        rules.checkContent(update);
        ModuleRecord module = modules.get(deviceId, moduleId);
        Instant now = Instant.now();
        Twin current = lockedForChange(deviceId, moduleId, ifMatch, now);
        Twin next = current.replacedBy(update, now);
        JsonObject desiredChange = update.desired() == null ? null
                : JsonMergePatch.diff(current.desired().properties(), next.desired().properties());
        return saved(module, next, update, desiredChange);
    }

    /** Every module twin as a query reads it, in (device id, module id) order. */
    public List<JsonObject> documents() {
        Map<String, Twin> stored = repository.all();
        Instant now = Instant.now();
        List<JsonObject> documents = new ArrayList<>();
        for (ModuleRecord module : modules.all()) {
            Twin twin = stored.get(ModuleKey.of(module.deviceId(), module.moduleId()));
            documents.add(new ModuleTwin(module, twin != null ? twin : Twin.empty(module.deviceId(), now)).toJson());
        }
        return documents;
    }

    private ModuleTwin saved(ModuleRecord module, Twin next, TwinUpdate update, JsonObject desiredChange) {
        rules.checkSize(update, next);
        repository.save(module.moduleId(), next);
        if (desiredChange != null) {
            desiredChanged.fire(new DesiredPropertiesChanged(module.deviceId(), module.moduleId(),
                    next.desired().version(), desiredChange));
        }
        return new ModuleTwin(module, next);
    }

    private Twin lockedForChange(String deviceId, String moduleId, String ifMatch, Instant now) {
        return TwinWriteRules.matching(repository.lockForChange(deviceId, moduleId, now), ifMatch);
    }

    // --- modules ------------------------------------------------------------------------------------------------

    /**
     * The twin a connected module reads.
     *
     * @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound} when it was deleted
     */
    public Twin getForModule(String deviceId, String moduleId) {
        return repository.find(deviceId, moduleId).orElseGet(() -> {
            modules.get(deviceId, moduleId);
            return Twin.empty(deviceId, Instant.now());
        });
    }

    /**
     * Merges a module's reported-properties patch (already checked for content) and commits.
     *
     * @param expectedVersion the reported {@code $version} the module based its patch on, {@code null} for any
     * @return the reported properties' new {@code $version}
     * @throws HubException {@code DeviceNotFound}, {@code ModuleNotFound}, {@code PreconditionFailed} on a
     *                      {@code $version} mismatch, {@code ArgumentInvalid} when the result is over the size limit
     */
    public long patchReported(String deviceId, String moduleId, JsonObject patch, Long expectedVersion) {
        modules.get(deviceId, moduleId);
        Instant now = Instant.now();
        Twin current = repository.lockForChange(deviceId, moduleId, now);
        TwinWriteRules.checkReportedVersion(current, expectedVersion);
        Twin next = current.reportedPatchedBy(patch, now);
        rules.checkReportedSize(next);
        repository.save(moduleId, next);
        return next.reported().version();
    }
}
