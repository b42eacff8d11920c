package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.openiothub.query.Expression.AggregateCall;
import org.openiothub.query.Expression.Literal;
import org.openiothub.query.Expression.PropertyRef;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;

class QueryParserTest {

    private static String where(String condition) {
        return ExpressionPrinter.print(QueryParser.parseQuery("SELECT * FROM devices WHERE " + condition).where().orElseThrow());
    }

    private static String condition(String text) {
        return ExpressionPrinter.print(QueryParser.parseCondition(text));
    }

    @Test
    void selectStarFromEachSource() {
        for (QuerySource source : QuerySource.values()) {
            Query query = QueryParser.parseQuery("SELECT * FROM " + source.text());
            assertTrue(query.selectsAll());
            assertEquals(source, query.source());
            assertEquals(OptionalInt.empty(), query.top());
            assertEquals(Optional.empty(), query.where());
            assertTrue(query.groupBy().isEmpty());
        }
    }

    @Test
    void keywordsAndSourceNamesIgnoreCase() {
        Query query = QueryParser.parseQuery("select top 3 * from Devices.Modules where tags.a = 1 and not tags.b in [2] group by tags.a");
        assertEquals(QuerySource.MODULES, query.source());
        assertEquals(OptionalInt.of(3), query.top());
        assertEquals("((tags.a = 1) AND (NOT (tags.b IN [2])))", ExpressionPrinter.print(query.where().orElseThrow()));
        assertEquals(List.of(PropertyPath.of("tags", "a")), query.groupBy().stream().map(PropertyRef::path).toList());
    }

    @Test
    void projectionsWithAliasesAndAggregates() {
        Query query = QueryParser.parseQuery(
                "SELECT deviceId, properties.reported.fw AS firmware, COUNT() AS n, SUM(properties.reported.temp), "
                        + "avg(x), MIN(x) AS lo, max(x) FROM devices GROUP BY deviceId, properties.reported.fw");
        List<Query.Projection> items = query.projections();
        assertEquals(7, items.size());
        assertEquals(new PropertyPath(List.of("deviceId")), ((PropertyRef) items.get(0).expression()).path());
        assertEquals(Optional.empty(), items.get(0).alias());
        assertEquals(Optional.of("firmware"), items.get(1).alias());
        AggregateCall count = (AggregateCall) items.get(2).expression();
        assertEquals(AggregateFunction.COUNT, count.function());
        assertEquals(Optional.empty(), count.argument());
        assertEquals(Optional.of("n"), items.get(2).alias());
        assertEquals("SUM(properties.reported.temp)", ExpressionPrinter.print(items.get(3).expression()));
        assertEquals("AVG(x)", ExpressionPrinter.print(items.get(4).expression()));
        assertEquals("MIN(x)", ExpressionPrinter.print(items.get(5).expression()));
        assertEquals("MAX(x)", ExpressionPrinter.print(items.get(6).expression()));
        assertEquals(2, query.groupBy().size());
        assertEquals(7, items.get(0).position());
    }

    @Test
    void precedenceFollowsSql() {
        assertEquals("((a = 1) OR ((b = 2) AND (c = 3)))", where("a = 1 OR b = 2 AND c = 3"));
        assertEquals("(((a = 1) OR (b = 2)) AND (c = 3))", where("(a = 1 OR b = 2) AND c = 3"));
        assertEquals("((NOT (a = 1)) AND (b = 2))", where("NOT a = 1 AND b = 2"));
        assertEquals("((a + (b * c)) > ((d - e) % 2))", where("a + b * c > (d - e) % 2"));
        assertEquals("(((a - b) - c) = ((d / e) * f))", where("a - b - c = d / e * f"));
        assertEquals("((-a) < (+b))", where("-a < +b"));
        assertEquals("(NOT (NOT a))", where("NOT NOT a"));
    }

    @Test
    void everyComparisonOperator() {
        assertEquals("(a = 1)", where("a = 1"));
        assertEquals("(a != 1)", where("a != 1"));
        assertEquals("(a != 1)", where("a <> 1"));
        assertEquals("(a < 1)", where("a < 1"));
        assertEquals("(a <= 1)", where("a<=1"));
        assertEquals("(a > 1)", where("a >1"));
        assertEquals("(a >= 1)", where("a>= 1"));
        assertEquals("(a IN [\"x\", 2, true, null])", where("a IN ['x', 2, true, null]"));
        assertEquals("(a NIN [])", where("a nin []"));
    }

    @Test
    void literals() {
        assertEquals(JsonValue.TRUE, literal("TRUE"));
        assertEquals(JsonValue.FALSE, literal("false"));
        assertEquals(JsonValue.NULL, literal("Null"));
        assertTrue(((Literal) QueryParser.parseCondition("undefined")).isUndefined());
        assertEquals(new BigDecimal("42"), number("42"));
        assertEquals(new BigDecimal("-4.5"), number("-4.5"));
        assertEquals(new BigDecimal("4.5"), number("+4.5"));
        assertEquals(new BigDecimal("1.5E+3"), number("1.5e3"));
        assertEquals(new BigDecimal("2E-2"), number("2E-2"));
        assertEquals(new BigDecimal("255"), number("0xFF"));
        assertEquals(new BigDecimal("7"), number("- -7"));
        assertEquals("it's", string("'it\\'s'"));
        assertEquals("say \"hi\"", string("\"say \\\"hi\\\"\""));
        assertEquals("a\\b/c\n\t\u00e9", string("'a\\\\b\\/c\\n\\t\\u00E9'"));
        assertEquals("double \" inside single", string("'double \" inside single'"));
        assertEquals("", string("''"));
    }

    private static JsonValue literal(String text) {
        return ((Literal) QueryParser.parseCondition(text)).value();
    }

    private static BigDecimal number(String text) {
        return ((JsonNumber) literal(text)).bigDecimalValue();
    }

    private static String string(String text) {
        return ((jakarta.json.JsonString) literal(text)).getString();
    }

    @Test
    void propertyPaths() {
        assertEquals(PropertyPath.of("tags", "location", "region"), path("tags.location.region"));
        assertEquals(PropertyPath.of("properties", "reported", "my-key"), path("properties.reported['my-key']"));
        assertEquals(PropertyPath.of("properties", "reported", "a.b", "c"), path("properties.reported[\"a.b\"].c"));
        assertEquals(PropertyPath.of("properties", "desired", "$version"), path("properties.desired.$version"));
        assertEquals(PropertyPath.of("tags", "from", "select", "where"), path("tags.from.select.where"));
        assertEquals(PropertyPath.of("$body", "Weather", "Temperature"), path("$body.Weather.Temperature"));
        assertEquals(PropertyPath.of("$twin", "tags", "floor"), path("$twin . tags . floor"));
        assertEquals(PropertyPath.of("_x1", "y_2"), path("_x1.y_2"));
        assertEquals("properties.reported['my-key']", PropertyPath.of("properties", "reported", "my-key").toString());
        assertEquals("a['it\\'s']", PropertyPath.of("a", "it's").toString());
    }

    private static PropertyPath path(String text) {
        return ((PropertyRef) QueryParser.parseCondition(text)).path();
    }

    @Test
    void functionCalls() {
        assertEquals("IS_DEFINED(properties.reported.x)", condition("is_defined(properties.reported.x)"));
        assertEquals("STARTSWITH(deviceId, \"bld\")", condition("StartsWith(deviceId, 'bld')"));
        assertEquals("CONCAT(a, \"-\", LOWER(b))", condition("CONCAT(a, '-', lower(b))"));
        assertEquals("PI()", condition("PI()"));
        assertEquals("(ABS((a - 10)) <= 2)", condition("ABS(a - 10) <= 2"));
        assertEquals("UNKNOWN_BUT_PARSED(1)", condition("unknown_but_parsed(1)"));
    }

    @Test
    void routeConditionsWithSystemPropertiesBodyAndTwin() {
        assertEquals("((($contentType = \"application/json\") AND ($body.temperature > 30)) OR ($twin.tags.floor IN [1, 2]))",
                condition("$contentType = 'application/json' AND $body.temperature > 30 OR $twin.tags.floor IN [1, 2]"));
        assertEquals("(level = \"critical\")", condition("level = \"critical\""));
    }

    @Test
    void multiLineQueriesWithAnyWhitespace() {
        Query query = QueryParser.parseQuery("SELECT *\r\n  FROM devices\n\tWHERE tags.location.region = 'US'\n"
                + "    AND properties.reported.telemetryConfig.sendFrequencyInSecs >= 60\n");
        assertEquals("((tags.location.region = \"US\") AND (properties.reported.telemetryConfig.sendFrequencyInSecs >= 60))",
                ExpressionPrinter.print(query.where().orElseThrow()));
    }

    @Test
    void printedQueriesParseBackToTheSameTree() {
        String[] queries = {
                "SELECT * FROM devices",
                "SELECT TOP 10 deviceId, properties.reported.fw AS fw FROM devices.modules WHERE (a = 'x' OR b <> 2) AND NOT c NIN [1, 'two']",
                "SELECT properties.reported.fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw",
                "SELECT * FROM devices.jobs WHERE devices.jobs.jobId = 'j1' AND -x * (y + 2) % 3 >= -1.5e2",
                "SELECT * FROM devices WHERE STARTSWITH(deviceId, 'a\\'b') AND IS_DEFINED(tags.x) AND t = undefined"};
        for (String text : queries) {
            String printed = ExpressionPrinter.print(QueryParser.parseQuery(text));
            assertEquals(printed, ExpressionPrinter.print(QueryParser.parseQuery(printed)), text);
        }
    }

    @Test
    void positionsPointAtTheFirstCharacter() {
        Query query = QueryParser.parseQuery("SELECT * FROM devices WHERE  IS_DEFINED(tags.x) AND COUNT() = 1");
        Expression.Binary and = (Expression.Binary) query.where().orElseThrow();
        assertEquals(29, ((Expression.FunctionCall) and.left()).position());
        assertEquals(40, ((PropertyRef) ((Expression.FunctionCall) and.left()).arguments().get(0)).position());
        assertEquals(52, ((AggregateCall) ((Expression.Binary) and.right()).left()).position());
    }

    @Test
    void queriesUpToTheLimitAreAccepted() {
        String prefix = "SELECT * FROM devices WHERE tags.x = '";
        String text = prefix + "a".repeat(QueryParser.MAX_LENGTH - prefix.length() - 1) + "'";
        assertEquals(QueryParser.MAX_LENGTH, text.length());
        assertInstanceOf(Expression.Binary.class, QueryParser.parseQuery(text).where().orElseThrow());
        assertFalse(QueryParser.parseQuery("SELECT * FROM devices").where().isPresent());
    }
}
