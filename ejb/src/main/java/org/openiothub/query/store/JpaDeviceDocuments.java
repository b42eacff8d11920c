package org.openiothub.query.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import org.openiothub.query.QueryPlan;
import org.openiothub.query.SqlQuery;
import org.openiothub.query.TwinPropertySql;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.twin.DeviceTwin;
import org.openiothub.twin.JpaTwinRepository;
import org.openiothub.twin.Twin;

/**
 * The devices' query documents as stored: candidate ids from the property index (or the registry, in id order, when
 * the index cannot narrow a query), and documents loaded a page of ids at a time with one query per table. Each call
 * is its own transaction, so a query that reads the whole registry never holds it all in one persistence context.
 */
@Stateless
public class JpaDeviceDocuments {

    @PersistenceContext
    EntityManager em;

    @Inject
    DeviceRegistry registry;

    @Inject
    JpaTwinRepository twins;

    /**
     * Up to {@code limit} ids of documents that may pass the plan's WHERE, after {@code afterId} in id order: those
     * passing its index predicates, or every device when it has none.
     *
     * @param afterId {@code null} to start with the first id
     */
    public List<String> candidateIds(QueryPlan plan, String afterId, int limit) {
        Optional<SqlQuery> sql = TwinPropertySql.candidateIdsAfter(plan, afterId);
        if (sql.isEmpty()) {
            return registry.idsAfter(afterId, limit);
        }
        List<String> ids = new ArrayList<>();
        for (Object id : nativeQuery(sql.get()).setMaxResults(limit).getResultList()) {
            ids.add((String) id);
        }
        return ids;
    }

    /**
     * The query documents ({@link DeviceTwin#toJson()}, with live connection state and queue counts) of the devices
     * among {@code ids} that still exist, in id order.
     */
    public List<JsonObject> documents(List<String> ids) {
        List<DeviceRecord> devices = registry.records(ids);
        Map<String, Twin> stored = twins.findAll(ids);
        Instant now = Instant.now();
        List<JsonObject> documents = new ArrayList<>(devices.size());
        for (DeviceRecord device : devices) {
            Twin twin = stored.get(device.deviceId());
            documents.add(new DeviceTwin(device, twin != null ? twin : Twin.empty(device.deviceId(), now)).toJson());
        }
        return documents;
    }

    /** Runs aggregate SQL from {@link TwinPropertySql#aggregates} and reads its rows. */
    public List<JsonObject> aggregateRows(TwinPropertySql.AggregateSql aggregates) {
        return aggregates.rows(nativeQuery(aggregates.query()).getResultList());
    }

    private Query nativeQuery(SqlQuery sql) {
        Query query = em.createNativeQuery(sql.numberedSql());
        for (int i = 0; i < sql.parameters().size(); i++) {
            query.setParameter(i + 1, sql.parameters().get(i));
        }
        return query;
    }
}
