package org.openiothub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.openiothub.query.Expression.AggregateCall;
import org.openiothub.query.Expression.Binary;
import org.openiothub.query.Expression.FunctionCall;
import org.openiothub.query.Expression.InList;
import org.openiothub.query.Expression.Literal;
import org.openiothub.query.Expression.PropertyRef;
import org.openiothub.query.Expression.Unary;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

/**
 * Recursive-descent parser for the IoT Hub query language. Keywords and function names are case-insensitive; property
 * names are kept as written. Precedence, loosest first: OR, AND, NOT, comparisons and IN/NIN (not chained),
 * {@code + -}, {@code * / %}, unary {@code - +}.
 *
 * <pre>
 * query      = SELECT [TOP integer] ( '*' | projection {',' projection} ) FROM source
 *              [WHERE expression] [GROUP BY path {',' path}]
 * projection = expression [AS word]
 * source     = devices | devices.modules | devices.jobs
 * primary    = number | string | TRUE | FALSE | NULL | UNDEFINED | '(' expression ')'
 *            | word '(' [expression {',' expression}] ')' | path
 * path       = word { '.' word | '[' string ']' }
 * </pre>
 *
 * Pure and thread-safe; every refusal is an {@link InvalidQueryException}, a {@link QuerySyntaxException} when it is
 * about the grammar.
 */
public final class QueryParser {

    /** IoT Hub refuses query text longer than this many characters. */
    public static final int MAX_LENGTH = 8192;

    /** Deeper nesting of parentheses, lists, calls, NOT and signs is refused rather than risking the stack. */
    static final int MAX_NESTING = 100;

    /**
     * Operators on one path from the root of the expression tree down, chains included ({@code a + b + c} is two
     * deep): compiling, planning and evaluating walk the tree recursively, so a longer chain is refused rather than
     * risking the stack.
     */
    static final int MAX_DEPTH = 1000;

    private static final Set<String> RESERVED = Set.of("SELECT", "TOP", "FROM", "WHERE", "GROUP", "BY", "AS", "AND",
            "OR", "NOT", "IN", "NIN");

    private final String text;
    private final List<Token> tokens;
    private int index;
    /** Recursive constructs the parser is inside of, at most {@link #MAX_NESTING}. */
    private int depth;
    /** Operators above the expression being parsed, at most {@link #MAX_DEPTH}. */
    private int treeDepth;

    private QueryParser(String text) {
        this.text = text;
        this.tokens = QueryLexer.tokenize(text);
    }

    /**
     * Parses a whole query. Checks the grammar only: which functions exist and whether projections fit the GROUP BY
     * is decided when the query is compiled ({@link TwinQuery#compile}).
     *
     * @throws InvalidQueryException when {@code text} is null, blank or longer than {@link #MAX_LENGTH}
     * @throws QuerySyntaxException when it breaks the grammar
     */
    public static Query parseQuery(String text) {
        return new QueryParser(checked(text)).query();
    }

    /**
     * Parses a lone condition, as a message route or a job's {@code queryCondition} has it (the WHERE part of a
     * query, e.g. {@code $body.temperature > 30 AND $twin.tags.floor = 2}).
     *
     * @throws InvalidQueryException when {@code text} is null, blank or longer than {@link #MAX_LENGTH}
     * @throws QuerySyntaxException when it breaks the grammar
     */
    public static Expression parseCondition(String text) {
        QueryParser parser = new QueryParser(checked(text));
        Expression condition = parser.expression();
        parser.expectEnd("an operator or end of condition");
        return condition;
    }

    private static String checked(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidQueryException("The query is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidQueryException("The query is " + text.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        return text;
    }

    private Query query() {
        expectWord("SELECT", "SELECT");
        OptionalInt top = OptionalInt.empty();
        if (peek().isWord("TOP")) {
            next();
            top = OptionalInt.of(topCount());
        }
        Query.Selection selection = selection();
        QuerySource source = source();
        Optional<Expression> where = Optional.empty();
        if (peek().isWord("WHERE")) {
            next();
            where = Optional.of(expression());
        }
        List<PropertyRef> groupBy = List.of();
        if (peek().isWord("GROUP")) {
            next();
            expectWord("BY", "BY");
            groupBy = groupBy();
        }
        expectEnd(groupBy.isEmpty()
                ? where.isEmpty() ? "WHERE, GROUP BY or end of query" : "AND, OR, GROUP BY or end of query"
                : "',' or end of query");
        return new Query(text, top, selection, source, where, groupBy);
    }

    private int topCount() {
        Token token = peek();
        if (token.kind() == Token.Kind.NUMBER) {
            try {
                int count = token.number().intValueExact();
                if (count >= 0) {
                    next();
                    return count;
                }
            } catch (ArithmeticException notAnInt) {
                // reported below
            }
        }
        throw fail("a whole number after TOP");
    }

    private Query.Selection selection() {
        if (peek().isSymbol("*")) {
            next();
            expectWord("FROM", "FROM");
            return new Query.All();
        }
        if (peek().isWord("FROM")) {
            throw fail("'*' or a projection");
        }
        List<Query.Projection> items = new ArrayList<>();
        while (true) {
            int position = peek().offset();
            Expression expression = expression();
            Optional<String> alias = Optional.empty();
            if (peek().isWord("AS")) {
                next();
                Token name = peek();
                if (name.kind() != Token.Kind.WORD || RESERVED.contains(name.upperText())) {
                    throw fail("an alias");
                }
                next();
                alias = Optional.of(name.text());
            }
            items.add(new Query.Projection(expression, alias, position));
            if (peek().isSymbol(",")) {
                next();
            } else if (peek().isWord("FROM")) {
                next();
                return new Query.Projections(items);
            } else {
                throw fail(alias.isEmpty() ? "AS, ',' or FROM" : "',' or FROM");
            }
        }
    }

    private QuerySource source() {
        Token start = peek();
        StringBuilder name = new StringBuilder();
        if (start.kind() == Token.Kind.WORD && !RESERVED.contains(start.upperText())) {
            name.append(next().text());
            if (peek().isSymbol(".") && peekAfter().kind() == Token.Kind.WORD) {
                next();
                name.append('.').append(next().text());
            }
        }
        return QuerySource.named(name.toString()).orElseThrow(() -> new QuerySyntaxException(text, start.offset(),
                "devices, devices.modules or devices.jobs",
                name.length() == 0 ? start.describe() : "'" + name + "'"));
    }

    private List<PropertyRef> groupBy() {
        List<PropertyRef> paths = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.kind() != Token.Kind.WORD || RESERVED.contains(token.upperText()) || isLiteralWord(token)
                    || peekAfter().isSymbol("(")) {
                throw fail("a property path");
            }
            paths.add(path());
            if (!peek().isSymbol(",")) {
                return paths;
            }
            next();
        }
    }

    private Expression expression() {
        return or();
    }

    private Expression or() {
        Expression left = and();
        int chained = 0;
        while (peek().isWord("OR")) {
            chain(next());
            chained++;
            left = new Binary(Binary.Operator.OR, left, and());
        }
        treeDepth -= chained;
        return left;
    }

    private Expression and() {
        Expression left = not();
        int chained = 0;
        while (peek().isWord("AND")) {
            chain(next());
            chained++;
            left = new Binary(Binary.Operator.AND, left, not());
        }
        treeDepth -= chained;
        return left;
    }

    private Expression not() {
        if (peek().isWord("NOT")) {
            enter(next());
            Expression operand = not();
            leave();
            return new Unary(Unary.Operator.NOT, operand);
        }
        return comparison();
    }

    private Expression comparison() {
        Expression left = additive();
        Token token = peek();
        Binary.Operator operator = comparisonOperator(token);
        if (operator != null) {
            next();
            return new Binary(operator, left, additive());
        }
        if (token.isWord("IN") || token.isWord("NIN")) {
            next();
            return new InList(left, list(), token.isWord("NIN"));
        }
        return left;
    }

    private static Binary.Operator comparisonOperator(Token token) {
        if (token.kind() != Token.Kind.SYMBOL) {
            return null;
        }
        return switch (token.text()) {
            case "=" -> Binary.Operator.EQUAL;
            case "!=", "<>" -> Binary.Operator.NOT_EQUAL;
            case "<" -> Binary.Operator.LESS;
            case "<=" -> Binary.Operator.LESS_OR_EQUAL;
            case ">" -> Binary.Operator.GREATER;
            case ">=" -> Binary.Operator.GREATER_OR_EQUAL;
            default -> null;
        };
    }

    private List<Expression> list() {
        if (!peek().isSymbol("[")) {
            throw fail("'['");
        }
        enter(next());
        List<Expression> values = new ArrayList<>();
        if (peek().isSymbol("]")) {
            next();
            leave();
            return values;
        }
        while (true) {
            values.add(expression());
            if (peek().isSymbol(",")) {
                next();
            } else {
                expectSymbol("]", "',' or ']'");
                leave();
                return values;
            }
        }
    }

    private Expression additive() {
        Expression left = multiplicative();
        int chained = 0;
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            Binary.Operator operator = chain(next()).text().equals("+") ? Binary.Operator.ADD : Binary.Operator.SUBTRACT;
            chained++;
            left = new Binary(operator, left, multiplicative());
        }
        treeDepth -= chained;
        return left;
    }

    private Expression multiplicative() {
        Expression left = unary();
        int chained = 0;
        while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%")) {
            chained++;
            Binary.Operator operator = switch (chain(next()).text()) {
                case "*" -> Binary.Operator.MULTIPLY;
                case "/" -> Binary.Operator.DIVIDE;
                default -> Binary.Operator.MODULO;
            };
            left = new Binary(operator, left, unary());
        }
        treeDepth -= chained;
        return left;
    }

    private Expression unary() {
        if (peek().isSymbol("-") || peek().isSymbol("+")) {
            boolean negate = enter(next()).text().equals("-");
            Expression operand = unary();
            leave();
            if (operand instanceof Literal literal && JsonValues.isNumber(literal.value())) {
                // A signed number is a constant, so that "x > -5" stays a comparison with a literal.
                return negate
                        ? new Literal(JsonValues.number(((JsonNumber) literal.value()).bigDecimalValue().negate()))
                        : literal;
            }
            return new Unary(negate ? Unary.Operator.NEGATE : Unary.Operator.PLUS, operand);
        }
        return primary();
    }

    private Expression primary() {
        Token token = peek();
        switch (token.kind()) {
            case NUMBER:
                next();
                return new Literal(JsonValues.number(token.number()));
            case STRING:
                next();
                return new Literal(JsonValues.string(token.string()));
            case SYMBOL:
                if (token.isSymbol("(")) {
                    enter(next());
                    Expression inner = expression();
                    expectSymbol(")", "')'");
                    leave();
                    return inner;
                }
                throw fail("an expression");
            case WORD:
                if (isLiteralWord(token)) {
                    next();
                    return literalWord(token);
                }
                if (RESERVED.contains(token.upperText())) {
                    throw fail("an expression");
                }
                if (peekAfter().isSymbol("(")) {
                    return call();
                }
                return path();
            default:
                throw fail("an expression");
        }
    }

    private static boolean isLiteralWord(Token token) {
        return token.isWord("TRUE") || token.isWord("FALSE") || token.isWord("NULL") || token.isWord("UNDEFINED");
    }

    private static Literal literalWord(Token token) {
        return switch (token.upperText()) {
            case "TRUE" -> new Literal(JsonValue.TRUE);
            case "FALSE" -> new Literal(JsonValue.FALSE);
            case "NULL" -> new Literal(JsonValue.NULL);
            default -> Literal.UNDEFINED;
        };
    }

    private Expression call() {
        Token name = next();
        enter(next());
        List<Expression> arguments = new ArrayList<>();
        AggregateFunction aggregate = aggregateNamed(name.upperText());
        if (aggregate == AggregateFunction.COUNT) {
            expectSymbol(")", "')'");
        } else if (aggregate != null) {
            arguments.add(expression());
            expectSymbol(")", "')'");
        } else if (peek().isSymbol(")")) {
            next();
        } else {
            while (true) {
                arguments.add(expression());
                if (peek().isSymbol(",")) {
                    next();
                } else {
                    expectSymbol(")", "',' or ')'");
                    break;
                }
            }
        }
        leave();
        if (aggregate != null) {
            return new AggregateCall(aggregate, arguments.stream().findFirst(), name.offset());
        }
        return new FunctionCall(name.upperText(), arguments, name.offset());
    }

    private static AggregateFunction aggregateNamed(String upperName) {
        for (AggregateFunction function : AggregateFunction.values()) {
            if (function.name().equals(upperName)) {
                return function;
            }
        }
        return null;
    }

    private PropertyRef path() {
        Token first = next();
        List<String> segments = new ArrayList<>();
        segments.add(first.text());
        while (true) {
            if (peek().isSymbol(".")) {
                next();
                if (peek().kind() != Token.Kind.WORD) {
                    throw fail("a property name");
                }
                segments.add(next().text());
            } else if (peek().isSymbol("[")) {
                next();
                if (peek().kind() != Token.Kind.STRING) {
                    throw fail("a quoted property name");
                }
                segments.add(next().string());
                expectSymbol("]", "']'");
            } else {
                return new PropertyRef(new PropertyPath(segments), first.offset());
            }
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAfter() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.END) {
            index++;
        }
        return token;
    }

    private Token enter(Token opening) {
        if (++depth > MAX_NESTING) {
            throw new QuerySyntaxException(text, opening.offset(),
                    "the expression is nested more than " + MAX_NESTING + " levels deep");
        }
        return chain(opening);
    }

    private void leave() {
        depth--;
        treeDepth--;
    }

    /** One more operator above what follows. */
    private Token chain(Token operator) {
        if (++treeDepth > MAX_DEPTH) {
            throw new QuerySyntaxException(text, operator.offset(),
                    "the expression has more than " + MAX_DEPTH + " operators on one path (nested or chained)");
        }
        return operator;
    }

    private void expectWord(String keyword, String expected) {
        if (!peek().isWord(keyword)) {
            throw fail(expected);
        }
        next();
    }

    private void expectSymbol(String symbol, String expected) {
        if (!peek().isSymbol(symbol)) {
            throw fail(expected);
        }
        next();
    }

    private void expectEnd(String expected) {
        if (peek().kind() != Token.Kind.END) {
            throw fail(expected);
        }
    }

    private QuerySyntaxException fail(String expected) {
        Token found = peek();
        return new QuerySyntaxException(text, found.offset(), expected, found.describe());
    }
}
