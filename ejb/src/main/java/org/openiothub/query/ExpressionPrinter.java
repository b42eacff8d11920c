package org.openiothub.query;

import java.util.stream.Collectors;

import org.openiothub.query.Expression.AggregateCall;
import org.openiothub.query.Expression.Binary;
import org.openiothub.query.Expression.FunctionCall;
import org.openiothub.query.Expression.InList;
import org.openiothub.query.Expression.Literal;
import org.openiothub.query.Expression.PropertyRef;
import org.openiothub.query.Expression.Unary;

/**
 * Renders a parsed query or expression back to query text with every operation parenthesized, so that logs and tests
 * show exactly how the parser grouped it: {@code a + b * c} prints as {@code (a + (b * c))}. The output parses back
 * to the same tree.
 */
public final class ExpressionPrinter {

    private ExpressionPrinter() {
    }

    public static String print(Expression expression) {
        if (expression instanceof Literal literal) {
            return literal.isUndefined() ? "undefined" : literal.value().toString();
        }
        if (expression instanceof PropertyRef ref) {
            return ref.path().toString();
        }
        if (expression instanceof FunctionCall call) {
            return call.name() + call.arguments().stream().map(ExpressionPrinter::print)
                    .collect(Collectors.joining(", ", "(", ")"));
        }
        if (expression instanceof AggregateCall call) {
            return call.function().name() + "(" + call.argument().map(ExpressionPrinter::print).orElse("") + ")";
        }
        if (expression instanceof Unary unary) {
            return "(" + unary.operator().text() + print(unary.operand()) + ")";
        }
        if (expression instanceof Binary binary) {
            return "(" + print(binary.left()) + " " + binary.operator().text() + " " + print(binary.right()) + ")";
        }
        InList in = (InList) expression;
        return "(" + print(in.operand()) + (in.negated() ? " NIN " : " IN ")
                + in.values().stream().map(ExpressionPrinter::print).collect(Collectors.joining(", ", "[", "]")) + ")";
    }

    public static String print(Query query) {
        StringBuilder text = new StringBuilder("SELECT ");
        query.top().ifPresent(top -> text.append("TOP ").append(top).append(' '));
        if (query.selectsAll()) {
            text.append('*');
        } else {
            text.append(query.projections().stream()
                    .map(p -> print(p.expression()) + p.alias().map(alias -> " AS " + alias).orElse(""))
                    .collect(Collectors.joining(", ")));
        }
        text.append(" FROM ").append(query.source().text());
        query.where().ifPresent(where -> text.append(" WHERE ").append(print(where)));
        if (!query.groupBy().isEmpty()) {
            text.append(" GROUP BY ").append(query.groupBy().stream().map(ExpressionPrinter::print)
                    .collect(Collectors.joining(", ")));
        }
        return text.toString();
    }
}
