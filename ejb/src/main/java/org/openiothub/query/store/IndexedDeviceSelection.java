package org.openiothub.query.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.openiothub.query.TwinQuery;

/**
 * Selects devices through the property index: when the index answers the whole condition the ids come from it alone;
 * otherwise its candidates (or every device) are loaded a chunk at a time and tested with the whole condition.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class IndexedDeviceSelection implements DeviceSelection {

    private static final int CHUNK = 1000;

    @Inject
    JpaDeviceDocuments store;

    @Override
    public List<String> deviceIdsWhere(String condition) {
        TwinQuery query = TwinQuery.compile("SELECT * FROM devices WHERE " + condition);
        List<String> selected = new ArrayList<>();
        String cursor = null;
        for (List<String> ids = store.candidateIds(query.plan(), null, CHUNK); !ids.isEmpty();
                ids = store.candidateIds(query.plan(), cursor, CHUNK)) {
            if (query.plan().isExact()) {
                selected.addAll(ids);
            } else {
                for (JsonObject document : store.documents(ids)) {
                    if (query.matches(document)) {
                        selected.add(document.getString("deviceId"));
                    }
                }
            }
            cursor = ids.get(ids.size() - 1);
        }
        return selected;
    }
}
