package org.openiothub.query;

/** The aggregates a SELECT may use; COUNT takes no argument, the others one. */
public enum AggregateFunction {
    COUNT, SUM, AVG, MIN, MAX;

    public boolean takesArgument() {
        return this != COUNT;
    }
}
