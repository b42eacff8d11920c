package org.openiothub.query;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed query: {@code SELECT [TOP n] selection FROM source [WHERE condition] [GROUP BY paths]}. Immutable; the
 * {@code text} is kept for error messages.
 */
public record Query(String text, OptionalInt top, Selection selection, QuerySource source,
        Optional<Expression> where, List<Expression.PropertyRef> groupBy) {

    public Query {
        groupBy = List.copyOf(groupBy);
    }

    /** What SELECT returns: whole documents, or one object per document or group built from projections. */
    public sealed interface Selection {
    }

    /** {@code SELECT *}. */
    public record All() implements Selection {
    }

    public record Projections(List<Projection> items) implements Selection {

        public Projections {
            items = List.copyOf(items);
        }
    }

    /**
     * One item of the select list, {@code expression [AS alias]}; {@code position} is where it starts in the text.
     */
    public record Projection(Expression expression, Optional<String> alias, int position) {
    }

    public boolean selectsAll() {
        return selection instanceof All;
    }

    public List<Projection> projections() {
        return selection instanceof Projections p ? p.items() : List.of();
    }
}
