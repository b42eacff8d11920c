package org.openiothub.query;

import java.util.List;
import java.util.Optional;

import jakarta.json.JsonValue;

/**
 * A node of a parsed condition or projection. Immutable; {@link ExpressionPrinter} renders any node back to query
 * text. Nodes that a later check may refuse carry the zero-based {@code position} of their first character.
 */
public sealed interface Expression {

    /**
     * A constant: a string, number, boolean, {@code null} ({@link JsonValue#NULL}) or {@code undefined}, which is Java
     * {@code null} here as everywhere in this package.
     */
    record Literal(JsonValue value) implements Expression {

        public static final Literal UNDEFINED = new Literal(null);

        public boolean isUndefined() {
            return value == null;
        }
    }

    /** A property of the document (or, in routing, of a message, its body or its twin). */
    record PropertyRef(PropertyPath path, int position) implements Expression {
    }

    /** A scalar function call; {@code name} is upper case. Whether it exists is decided by a {@link FunctionRegistry}. */
    record FunctionCall(String name, List<Expression> arguments, int position) implements Expression {

        public FunctionCall {
            arguments = List.copyOf(arguments);
        }
    }

    /** COUNT(), SUM(x), AVG(x), MIN(x) or MAX(x); allowed only as a projection. COUNT has no argument. */
    record AggregateCall(AggregateFunction function, Optional<Expression> argument, int position) implements Expression {
    }

    record Unary(Operator operator, Expression operand) implements Expression {

        public enum Operator {
            NOT("NOT "), NEGATE("-"), PLUS("+");

            private final String text;

            Operator(String text) {
                this.text = text;
            }

            public String text() {
                return text;
            }
        }
    }

    record Binary(Operator operator, Expression left, Expression right) implements Expression {

        public enum Operator {
            OR("OR"), AND("AND"),
            EQUAL("="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
            ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

            private final String text;

            Operator(String text) {
                this.text = text;
            }

            public String text() {
                return text;
            }

            public boolean isComparison() {
                return compareTo(EQUAL) >= 0 && compareTo(GREATER_OR_EQUAL) <= 0;
            }

            public boolean isArithmetic() {
                return compareTo(ADD) >= 0;
            }

            /** The operator that gives the same answer with the operands swapped: {@code 5 < x} is {@code x > 5}. */
            public Operator mirrored() {
                return switch (this) {
                    case LESS -> GREATER;
                    case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
                    case GREATER -> LESS;
                    case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
                    case EQUAL, NOT_EQUAL -> this;
                    default -> throw new IllegalStateException(this + " is not a comparison");
                };
            }
        }
    }

    /** {@code operand IN [values]}, or NIN when {@code negated}. */
    record InList(Expression operand, List<Expression> values, boolean negated) implements Expression {

        public InList {
            values = List.copyOf(values);
        }
    }
}
