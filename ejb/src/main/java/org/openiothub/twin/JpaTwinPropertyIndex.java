package org.openiothub.twin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.openiothub.query.TwinPropertyDiff;
import org.openiothub.query.TwinPropertyRow;
import org.openiothub.query.TwinPropertyRows;

/**
 * Keeps the {@code twin_property} rows of a device in step with its query document ({@link DeviceTwin#toJson()}),
 * in the caller's transaction. Rows are rewritten by difference, so a patch costs writes only for what it changed.
 *
 * <p>The twin and the registry entry are written by different transactions that do not lock each other, so each
 * writer touches only the rows of the fields it owns ({@link Part}): a twin save never rewrites {@code status} from a
 * registry entry it read before a concurrent replace committed, and a replace never rewrites tags.
 */
@ApplicationScoped
class JpaTwinPropertyIndex {

    /** Which fields of the query document a write brings up to date. */
    enum Part {
        /** {@code etag}, {@code version}, {@code tags}, {@code properties}: what {@link JpaTwinRepository} stores. */
        TWIN(path -> TWIN_FIELDS.contains(topLevelName(path))),
        /** Everything else: the registry entry's fields ({@code deviceId}, {@code status}, ...). */
        DEVICE(path -> !TWIN_FIELDS.contains(topLevelName(path))),
        BOTH(path -> true);

        private final Predicate<String> covers;

        Part(Predicate<String> covers) {
            this.covers = covers;
        }
    }

    private static final Set<String> TWIN_FIELDS = Set.of("etag", "version", "tags", "properties");

    @PersistenceContext
    EntityManager em;

    @Inject
    BatchedTwinIndexWrites batched;

    /**
     * Brings the rows of {@code part} of the document's fields in step with {@code document}.
     *
     * @param document the device's query document, as {@link DeviceTwin#toJson()} gives it; in a transaction that
     *                 batches its index writes ({@link BatchedTwinIndexWrites}) the device is only noted
     */
    void write(String deviceId, JsonObject document, Part part) {
        if (batched.note(deviceId, part == Part.DEVICE ? null : document)) {
            return;
        }
        Map<String, TwinProperty> stored = new HashMap<>();
        for (TwinProperty property : em.createQuery("select p from TwinProperty p where p.deviceId = :device",
                TwinProperty.class).setParameter("device", deviceId).getResultList()) {
            if (part.covers.test(property.path())) {
                stored.put(property.path(), property);
            }
        }
        List<TwinPropertyRow> wanted = TwinPropertyRows.of(document).stream()
                .filter(row -> part.covers.test(row.path())).toList();
        TwinPropertyDiff diff = TwinPropertyDiff.between(stored.values().stream().map(TwinProperty::row).toList(), wanted);
        diff.removedPaths().forEach(path -> em.remove(stored.get(path)));
        diff.changed().forEach(row -> stored.get(row.path()).set(row));
        diff.added().forEach(row -> em.persist(new TwinProperty(deviceId, row)));
    }

    void delete(String deviceId) {
        em.createQuery("delete from TwinProperty p where p.deviceId = :device")
                .setParameter("device", deviceId)
                .executeUpdate();
    }

    private static String topLevelName(String path) {
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        return path.substring(0, end);
    }
}
