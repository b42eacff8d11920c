package org.openiothub.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

/**
 * Many registry changes in one call, device by device as IoT Hub does them: a refused entry is reported and the
 * others still apply. Entries are written in batches, each in one transaction; when a batch fails as a whole (a
 * database error rather than a refusal), its entries are applied again one per transaction, so that one bad
 * entry costs only itself.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BulkRegistry {

    /** IoT Hub's limit for {@code POST /devices}. */
    public static final int MAX_REQUEST_DEVICES = 100;

    private static final Logger LOG = Logger.getLogger(BulkRegistry.class);

    @Inject
    DeviceImportBatch batch;

    /**
     * A bulk registry request ({@code POST /devices}).
     *
     * @return the entries refused, in request order; empty when all applied
     * @throws HubException {@code TooManyDevices} for more than {@link #MAX_REQUEST_DEVICES} entries,
     *                      {@code DeviceDefinedMultipleTimes} when an id appears twice; nothing is applied then
     */
    public List<DeviceImportError> applyRequest(List<DeviceImport> entries) {
        if (entries.size() > MAX_REQUEST_DEVICES) {
            throw new HubException(ErrorCode.TOO_MANY_DEVICES, "A bulk registry request takes at most "
                    + MAX_REQUEST_DEVICES + " devices; this one has " + entries.size() + ".");
        }
        Set<String> ids = new HashSet<>();
        for (DeviceImport entry : entries) {
            if (!ids.add(entry.deviceId())) {
                throw new HubException(ErrorCode.DEVICE_DEFINED_MULTIPLE_TIMES,
                        "Device " + entry.deviceId() + " appears more than once in the request.");
            }
        }
        return apply(entries);
    }

    /**
     * Applies the entries in order as one batch (an import's chunk); see the class comment.
     *
     * @return the entries refused
     */
    public List<DeviceImportError> apply(List<DeviceImport> entries) {
        List<DeviceImportError> errors = new ArrayList<>();
        int start = 0;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!ids.add(entries.get(i).deviceId())) {
                // A device twice in a batch: what comes before is applied first, as the order says.
                errors.addAll(applyDistinct(entries.subList(start, i)));
                start = i;
                ids.clear();
                ids.add(entries.get(i).deviceId());
            }
        }
        errors.addAll(applyDistinct(entries.subList(start, entries.size())));
        return errors;
    }

    private List<DeviceImportError> applyDistinct(List<DeviceImport> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        try {
            return batch.apply(entries);
        } catch (EJBException e) {
            LOG.warnf("A batch of %d registry changes failed as a whole (%s); applying them one by one",
                    entries.size(), e.getMessage());
        }
        List<DeviceImportError> errors = new ArrayList<>();
        for (DeviceImport entry : entries) {
            try {
                errors.addAll(batch.apply(List.of(entry)));
            } catch (EJBException e) {
                errors.add(new DeviceImportError(entry.deviceId(), ErrorCode.SERVER_ERROR,
                        "The change could not be stored: " + rootMessage(e)));
            }
        }
        return errors;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
