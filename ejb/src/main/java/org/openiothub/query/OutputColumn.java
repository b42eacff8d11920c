package org.openiothub.query;

import java.util.Optional;

/**
 * One key of the objects a projecting query returns. Exactly one of the three shapes: a value computed per document
 * (queries without aggregates), a GROUP BY key, or an aggregate over a group.
 *
 * @param name the alias, else the last name of a property path, else {@code $1}, {@code $2}, ... in order
 * @param value per-document value; null for the other shapes
 * @param groupKey index into the GROUP BY list, or -1
 * @param aggregate the aggregate, or null
 * @param argument the aggregate's argument, empty for COUNT()
 */
record OutputColumn(String name, CompiledExpression value, int groupKey, AggregateFunction aggregate,
        Optional<CompiledExpression> argument) {

    static OutputColumn value(String name, CompiledExpression value) {
        return new OutputColumn(name, value, -1, null, Optional.empty());
    }

    static OutputColumn groupKey(String name, int index) {
        return new OutputColumn(name, null, index, null, Optional.empty());
    }

    static OutputColumn aggregate(String name, AggregateFunction function, Optional<CompiledExpression> argument) {
        return new OutputColumn(name, null, -1, function, argument);
    }

    boolean isAggregate() {
        return aggregate != null;
    }
}
