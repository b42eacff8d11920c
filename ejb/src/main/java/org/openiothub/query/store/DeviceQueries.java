package org.openiothub.query.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import org.openiothub.errors.HubException;
import org.openiothub.query.Aggregation;
import org.openiothub.query.TwinPropertySql;
import org.openiothub.query.TwinQuery;
import org.openiothub.twin.ModuleTwins;

/**
 * Runs IoT Hub queries ({@code POST /devices/query}) over the stored documents, a page at a time.
 *
 * <p>{@code FROM devices}: candidates come from the property index when the WHERE has indexable conjuncts, else from
 * the registry in id order; their documents are loaded a chunk at a time, filtered with the whole WHERE (which also
 * evaluates what the index does not hold, such as {@code connectionState}) and projected. Results are in device id
 * order, so a page continues after the last id it returned. Aggregates run in SQL when the index answers the whole
 * WHERE and the aggregates are counts, sums or averages, else over the loaded documents; their rows, like job
 * records, are paged by offset. {@code FROM devices.modules} reads every module twin (they are not in the property
 * index) and pages its results by offset; {@code FROM devices.jobs} reads {@link DeviceJobDocuments} when a bean
 * provides them, else it is empty.
 *
 * <p>Not transactional: each chunk is read in its own short transaction, so a query over the whole registry holds
 * neither a long transaction nor every document at once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeviceQueries {

    /** Results per page when the caller names no {@code x-ms-max-item-count}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page IoT Hub serves. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** Candidates loaded at once when the WHERE has a part the index cannot answer, so most may not match. */
    private static final int FILTERED_CHUNK = 500;

    @Inject
    JpaDeviceDocuments store;

    @Inject
    Instance<DeviceJobDocuments> jobs;

    @Inject
    ModuleTwins moduleTwins;

    /**
     * @param text the query, at most 8 KB
     * @param pageSize {@code null} for {@link #DEFAULT_PAGE_SIZE}
     * @param continuation the token of the page before, {@code null} or empty for the first page
     * @throws HubException {@code ArgumentInvalid} for a page size outside 1 to {@link #MAX_PAGE_SIZE} or a token this
     *         hub did not issue; {@link org.openiothub.query.QuerySyntaxException} and
     *         {@link org.openiothub.query.InvalidQueryException} (both 400, naming the position) for a bad query
     */
    public QueryPage query(String text, Integer pageSize, String continuation) {
        int size = pageSize(pageSize);
        ContinuationToken from = ContinuationToken.decode(continuation);
        if (text == null || text.isBlank()) {
            throw HubException.invalid("The query is empty.");
        }
        TwinQuery query = TwinQuery.compile(text);
        String itemType = query.selectsAll() && !query.isAggregate() ? "twin" : "raw";
        return switch (query.source()) {
            case DEVICES -> query.isAggregate() ? byOffset(aggregateRows(query), itemType, size, from)
                    : devices(query, size, from);
            case MODULES -> byOffset(query.execute(moduleTwins.documents()), itemType, size, from);
            case JOBS -> byOffset(query.execute(jobs.isResolvable() ? jobs.get().all() : List.of()), "deviceJob", size,
                    from);
        };
    }

    private static int pageSize(Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (requested < 1 || requested > MAX_PAGE_SIZE) {
            throw HubException.invalid("x-ms-max-item-count must be between 1 and " + MAX_PAGE_SIZE + ", not "
                    + requested + ".");
        }
        return requested;
    }

    private QueryPage devices(TwinQuery query, int size, ContinuationToken from) {
        int top = query.top().orElse(Integer.MAX_VALUE);
        int limit = Math.min(size, top - from.returned());
        List<JsonObject> results = new ArrayList<>();
        String lastReturned = from.afterId();
        boolean more = false;
        if (limit > 0) {
            // One more than the page, to know whether another page follows without promising an empty one.
            int chunk = query.plan().isExact() ? limit + 1 : Math.max(limit + 1, FILTERED_CHUNK);
            String cursor = from.afterId();
            chunks:
            while (true) {
                List<String> ids = store.candidateIds(query.plan(), cursor, chunk);
                for (JsonObject document : ids.isEmpty() ? List.<JsonObject>of() : store.documents(ids)) {
                    if (!query.matches(document)) {
                        continue;
                    }
                    if (results.size() == limit) {
                        more = true;
                        break chunks;
                    }
                    results.add(query.project(document));
                    lastReturned = document.getString("deviceId");
                }
                if (ids.size() < chunk) {
                    break;
                }
                cursor = ids.get(ids.size() - 1);
            }
        }
        int returned = from.returned() + results.size();
        Optional<ContinuationToken> next = more && returned < top
                ? Optional.of(new ContinuationToken(lastReturned, returned)) : Optional.empty();
        return new QueryPage(results, query.selectsAll() ? "twin" : "raw", next);
    }

    private List<JsonObject> aggregateRows(TwinQuery query) {
        Optional<TwinPropertySql.AggregateSql> sql = TwinPropertySql.aggregates(query);
        List<JsonObject> rows;
        if (sql.isPresent()) {
            rows = new ArrayList<>(store.aggregateRows(sql.get()));
            // SQL groups come in no promised order; pages by offset need the same order on every request.
            rows.sort(Comparator.comparing(JsonObject::toString));
        } else {
            Aggregation aggregation = query.newAggregation();
            String cursor = null;
            for (List<String> ids = store.candidateIds(query.plan(), null, MAX_PAGE_SIZE); !ids.isEmpty();
                    ids = store.candidateIds(query.plan(), cursor, MAX_PAGE_SIZE)) {
                for (JsonObject document : store.documents(ids)) {
                    if (query.matches(document)) {
                        aggregation.add(document);
                    }
                }
                cursor = ids.get(ids.size() - 1);
            }
            rows = aggregation.rows();
        }
        int top = query.top().orElse(Integer.MAX_VALUE);
        return rows.size() > top ? rows.subList(0, top) : rows;
    }

    private static QueryPage byOffset(List<JsonObject> rows, String itemType, int size, ContinuationToken from) {
        int start = Math.min(from.returned(), rows.size());
        int end = Math.min(start + size, rows.size());
        Optional<ContinuationToken> next = end < rows.size() ? Optional.of(new ContinuationToken(null, end))
                : Optional.empty();
        return new QueryPage(rows.subList(start, end), itemType, next);
    }
}
