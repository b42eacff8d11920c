package org.openiothub.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.openiothub.errors.HubException;
import org.openiothub.registry.DeviceRegistry;

/**
 * Writes a batch of reported-properties patches, of many devices, in one transaction: one query for the registered
 * devices, one locked read of their twins, the patches applied in memory in the order given (several of one device
 * each on the result of the one before), then the changed twins and their index rows written in JDBC batches.
 */
@Stateless
public class ReportedPatchWriter {

    private static final String REPORTED = "properties.reported";

    private final TwinLimits limits = TwinLimits.IOT_HUB;

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaTwinRepository repository;

    /**
     * Applies the patches in order and commits. A patch that IoT Hub would refuse ({@code DeviceNotFound},
     * {@code PreconditionFailed} on a {@code $version} mismatch, {@code ArgumentInvalid} when the result is over the
     * size limit) is refused alone: it changes nothing and the others are written.
     *
     * @return one outcome per patch, in the order of {@code batch}; valid only once this call returned (committed)
     * @throws RuntimeException when the database fails: nothing of the batch is written
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<ReportedPatch.Outcome> write(List<ReportedPatch> batch) {
        Set<String> deviceIds = new LinkedHashSet<>();
        batch.forEach(patch -> deviceIds.add(patch.deviceId()));
        Set<String> registered = registry.registeredAmong(deviceIds);
        Instant now = Instant.now();
        Map<String, Twin> before = repository.lockAllForChange(registered, now);
        Map<String, Twin> after = new LinkedHashMap<>();
        List<ReportedPatch.Outcome> outcomes = new ArrayList<>(batch.size());
        for (ReportedPatch patch : batch) {
            if (!registered.contains(patch.deviceId())) {
                outcomes.add(ReportedPatch.Outcome.refused(HubException.deviceNotFound(patch.deviceId())));
                continue;
            }
            Twin current = after.getOrDefault(patch.deviceId(), before.get(patch.deviceId()));
            try {
                Twin next = patched(current, patch, now);
                after.put(next.deviceId(), next);
                outcomes.add(ReportedPatch.Outcome.written(next.reported().version()));
            } catch (HubException refusal) {
                outcomes.add(ReportedPatch.Outcome.refused(refusal));
            }
        }
        repository.saveAll(before, after.values());
        return outcomes;
    }

    private Twin patched(Twin current, ReportedPatch patch, Instant now) {
        TwinWriteRules.checkReportedVersion(current, patch.expectedVersion());
        Twin next = current.reportedPatchedBy(patch.patch(), now);
        limits.checkSize(REPORTED, next.reported().properties());
        return next;
    }
}
