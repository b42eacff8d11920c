package org.openiothub.query.store;

import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;

/**
 * One page of a query's results.
 *
 * @param items the results: documents for {@code SELECT *}, otherwise projected or aggregated rows
 * @param itemType what the items are, as IoT Hub names it in {@code x-ms-item-type}: {@code twin}, {@code deviceJob}
 *        or {@code raw}
 * @param continuation where the next page starts; empty when this page is the last
 */
public record QueryPage(List<JsonObject> items, String itemType, Optional<ContinuationToken> continuation) {

    public QueryPage {
        items = List.copyOf(items);
    }
}
