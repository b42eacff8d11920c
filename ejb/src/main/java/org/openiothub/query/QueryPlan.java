package org.openiothub.query;

import java.util.List;
import java.util.Optional;

/**
 * How a WHERE condition splits for storage: the document must pass every {@link IndexPredicate} (an index can find
 * those documents exactly) and the {@code residual}, the conjuncts that must be evaluated in memory. No predicates
 * means the index cannot narrow the query and every document is a candidate.
 */
public record QueryPlan(List<IndexPredicate> indexPredicates, Optional<Expression> residual) {

    public QueryPlan {
        indexPredicates = List.copyOf(indexPredicates);
    }

    public static QueryPlan unrestricted() {
        return new QueryPlan(List.of(), Optional.empty());
    }

    /** Whether an index can narrow the candidates. */
    public boolean usesIndex() {
        return !indexPredicates.isEmpty();
    }

    /** Whether the index predicates are the whole condition, so candidates need no further filtering. */
    public boolean isExact() {
        return residual.isEmpty();
    }
}
