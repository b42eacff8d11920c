package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.query.Documents.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.openiothub.query.IndexPredicate.Bound;
import org.openiothub.query.IndexPredicate.Equals;
import org.openiothub.query.IndexPredicate.In;
import org.openiothub.query.IndexPredicate.Prefix;
import org.openiothub.query.IndexPredicate.Range;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

class QueryPlannerTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    private static QueryPlan plan(String where) {
        return TwinQuery.compile("SELECT * FROM devices WHERE " + where).plan();
    }

    private static PropertyPath path(String dotted) {
        return PropertyPath.of(dotted.split("\\."));
    }

    private static String residual(QueryPlan plan) {
        return plan.residual().map(ExpressionPrinter::print).orElse("");
    }

    @Test
    void theSelectiveQueryOfTheArchitectureIsFullyIndexed() {
        QueryPlan plan = plan("tags.building = 'b42' AND properties.reported.fw = '2.1'");
        assertEquals(List.of(new Equals(path("tags.building"), value("'b42'")),
                new Equals(path("properties.reported.fw"), value("'2.1'"))), plan.indexPredicates());
        assertTrue(plan.isExact());
        assertTrue(plan.usesIndex());
    }

    @Test
    void noWhereMeansNoRestriction() {
        QueryPlan plan = TwinQuery.compile("SELECT * FROM devices").plan();
        assertFalse(plan.usesIndex());
        assertTrue(plan.isExact());
    }

    @Test
    void equalitiesOfEveryPrimitiveTypeOnEitherSide() {
        assertEquals(List.of(new Equals(path("a"), value("5")), new Equals(path("b"), JsonValue.TRUE),
                new Equals(path("c"), JsonValue.NULL), new Equals(path("d"), value("'x'"))),
                plan("a = 5 AND b = true AND c = null AND 'x' = d").indexPredicates());
    }

    @Test
    void rangesOnNumbersAndStringsMergePerPath() {
        assertEquals(List.of(new Range(path("t"), Optional.of(new Bound(value("2"), false)),
                Optional.of(new Bound(value("5"), false)))),
                plan("t >= 1 AND t < 5 AND t > 2 AND t <= 9").indexPredicates());
        assertEquals(List.of(new Range(path("t"), Optional.of(new Bound(value("1"), true)),
                Optional.of(new Bound(value("1"), true)))),
                plan("t >= 1 AND 1 >= t").indexPredicates());
        assertEquals(List.of(new Range(path("tags.installed"), Optional.of(new Bound(value("'2024-01-01'"), false)),
                Optional.empty())), plan("'2024-01-01' < tags.installed").indexPredicates());
        assertEquals(2, plan("t > 1 AND t < 'z'").indexPredicates().size(), "bounds of different types stay apart");
        assertEquals(List.of(new Range(path("t"), Optional.of(new Bound(value("-3"), false)), Optional.empty())),
                plan("t > -3").indexPredicates(), "a signed number is a literal");
    }

    @Test
    void inListsAndOrsOfEqualitiesOnOnePath() {
        assertEquals(List.of(new In(path("fw"), List.of(value("'a'"), value("'b'"), value("1")))),
                plan("fw IN ['a', 'b', 'a', undefined, 1]").indexPredicates());
        assertEquals(List.of(new Equals(path("fw"), value("'a'"))), plan("fw IN ['a']").indexPredicates());
        assertEquals(List.of(new In(path("fw"), List.of(value("1"), value("2"), value("3")))),
                plan("fw = 1 OR fw = 2 OR fw IN [3, 1]").indexPredicates());
        assertEquals(List.of(new In(path("fw"), List.of(value("1"), value("2")))),
                plan("(fw = 1 OR 2 = fw) AND x != 3").indexPredicates());
    }

    @Test
    void prefixesFromStartsWith() {
        assertEquals(List.of(new Prefix(path("deviceId"), "bld-")), plan("STARTSWITH(deviceId, 'bld-')").indexPredicates());
        assertEquals("STARTSWITH(\"bld-\", deviceId)", residual(plan("STARTSWITH('bld-', deviceId)")));
        FunctionRegistry replaced = FunctionRegistry.twinQueries()
                .with(QueryFunction.of("STARTSWITH", 2, args -> JsonValue.TRUE));
        assertFalse(TwinQuery.compile("SELECT * FROM devices WHERE STARTSWITH(deviceId, 'x')", replaced).plan().usesIndex(),
                "a replaced STARTSWITH may mean something else");
    }

    @Test
    void whatAnIndexCannotDecideStaysResidual() {
        for (String condition : List.of("a != 1", "a <> 'x'", "NOT a = 1", "a NIN [1]", "a IN []", "a IN [b]", "a = b",
                "a = 1 + 1", "a = 1 OR b = 2", "a = 1 OR a > 2", "a > true", "a < null", "IS_DEFINED(a)",
                "ENDSWITH(a, 'x')", "properties.reported.$metadata.$lastUpdated > '2024'", "a = undefined", "true",
                "a.b.c = tags")) {
            QueryPlan plan = plan(condition);
            assertFalse(plan.usesIndex(), condition);
            assertFalse(plan.isExact(), condition);
        }
    }

    @Test
    void residualKeepsTheOtherConjunctsInOrder() {
        QueryPlan plan = plan("(a = 1 AND (x != 2 AND b > 3)) AND (d = 4 OR e = 5) AND STARTSWITH(c, 'p') AND IS_DEFINED(f)");
        assertEquals(List.of(new Equals(path("a"), value("1")),
                new Range(path("b"), Optional.of(new Bound(value("3"), false)), Optional.empty()),
                new Prefix(path("c"), "p")), plan.indexPredicates());
        assertEquals("(((x != 2) AND ((d = 4) OR (e = 5))) AND IS_DEFINED(f))", residual(plan));
        assertFalse(plan.isExact());
    }

    @Test
    void predicatesTestValuesLikeTheEvaluator() {
        assertTrue(new Equals(path("a"), value("2")).test(value("2.0")));
        assertFalse(new Equals(path("a"), value("2")).test(value("'2'")));
        assertFalse(new Equals(path("a"), value("2")).test(null));
        assertTrue(new Equals(path("a"), JsonValue.NULL).test(JsonValue.NULL));
        assertTrue(new In(path("a"), List.of(value("1"), value("'x'"))).test(value("'x'")));
        Range range = new Range(path("a"), Optional.of(new Bound(value("1"), true)), Optional.of(new Bound(value("3"), false)));
        assertTrue(range.test(value("1")));
        assertTrue(range.test(value("2.9")));
        assertFalse(range.test(value("3")));
        assertFalse(range.test(value("'2'")));
        assertFalse(range.test(null));
        assertTrue(new Prefix(path("a"), "ab").test(value("'abc'")));
        assertFalse(new Prefix(path("a"), "ab").test(value("'Abc'")));
    }

    /** For any document: WHERE holds exactly when every index predicate and the residual hold. */
    @Test
    void planIsEquivalentToTheConditionOnRandomTwins() {
        Random random = new Random(42);
        List<JsonObject> twins = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            twins.add(randomTwin(random));
        }
        for (int q = 0; q < 300; q++) {
            String where = randomCondition(random, 1 + random.nextInt(4));
            TwinQuery query = TwinQuery.compile("SELECT * FROM devices WHERE " + where);
            QueryPlan plan = query.plan();
            CompiledExpression residual = plan.residual()
                    .map(expression -> new ExpressionCompiler(FunctionRegistry.twinQueries(), where).compile(expression))
                    .orElse(properties -> JsonValue.TRUE);
            for (JsonObject twin : twins) {
                boolean indexed = plan.indexPredicates().stream().allMatch(p -> p.test(p.path().valueIn(twin)));
                boolean expected = query.matches(twin);
                assertEquals(expected, indexed && residual.test(PropertySource.of(twin)), where + " on " + twin);
            }
        }
    }

    private static final String[] PATHS = {"tags.a", "tags.b", "properties.reported.c"};
    private static final String[] LITERALS = {"1", "2", "2.0", "-1", "'x'", "'y'", "'X'", "true", "false", "null", "undefined"};

    private static JsonObject randomTwin(Random random) {
        JsonObjectBuilder tags = JSON.createObjectBuilder();
        JsonObjectBuilder reported = JSON.createObjectBuilder();
        for (String path : PATHS) {
            JsonObjectBuilder target = path.startsWith("tags") ? tags : reported;
            String name = path.substring(path.lastIndexOf('.') + 1);
            switch (random.nextInt(8)) {
                case 0 -> { } // undefined
                case 1 -> target.add(name, random.nextInt(4) - 1);
                case 2 -> target.add(name, random.nextInt(4) + 0.5);
                case 3 -> target.add(name, List.of("x", "y", "X", "xy").get(random.nextInt(4)));
                case 4 -> target.add(name, random.nextBoolean());
                case 5 -> target.addNull(name);
                case 6 -> target.add(name, JSON.createObjectBuilder().add("k", 1));
                default -> target.add(name, 2);
            }
        }
        return JSON.createObjectBuilder().add("deviceId", "d").add("tags", tags)
                .add("properties", JSON.createObjectBuilder().add("reported", reported)).build();
    }

    private static String randomCondition(Random random, int conjuncts) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < conjuncts; i++) {
            parts.add(randomPredicate(random));
        }
        return String.join(" AND ", parts);
    }

    private static String randomPredicate(Random random) {
        String path = PATHS[random.nextInt(PATHS.length)];
        String literal = LITERALS[random.nextInt(LITERALS.length)];
        String other = LITERALS[random.nextInt(LITERALS.length)];
        return switch (random.nextInt(12)) {
            case 0 -> path + " = " + literal;
            case 1 -> literal + " = " + path;
            case 2 -> path + " " + List.of("<", "<=", ">", ">=").get(random.nextInt(4)) + " " + literal;
            case 3 -> literal + " " + List.of("<", "<=", ">", ">=").get(random.nextInt(4)) + " " + path;
            case 4 -> path + " IN [" + literal + ", " + other + "]";
            case 5 -> path + " NIN [" + literal + "]";
            case 6 -> path + " != " + literal;
            case 7 -> "(" + path + " = " + literal + " OR " + path + " = " + other + ")";
            case 8 -> "STARTSWITH(" + path + ", " + (random.nextBoolean() ? "'x'" : literal) + ")";
            case 9 -> "NOT " + path + " = " + literal;
            case 10 -> "(" + path + " = " + literal + " OR " + PATHS[random.nextInt(PATHS.length)] + " > " + other + ")";
            default -> "(" + randomPredicate(random) + " AND " + randomPredicate(random) + ")";
        };
    }
}
