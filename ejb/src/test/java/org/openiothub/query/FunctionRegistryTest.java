package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.query.Documents.json;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;

import jakarta.json.JsonValue;

class FunctionRegistryTest {

    @Test
    void twinQueriesOfferWhatIotHubAllowsThere() {
        assertEquals(List.of("ENDSWITH", "IS_DEFINED", "STARTSWITH"), FunctionRegistry.twinQueries().names());
        TwinQuery.compile("SELECT * FROM devices WHERE is_defined(tags.x) AND StartsWith(deviceId, 'a') AND ENDSWITH(deviceId, 'z')");
    }

    @Test
    void aRoutingFunctionInATwinQueryIsRefusedWithItsPosition() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT * FROM devices WHERE ABS(properties.reported.t) > 1"));
        assertEquals("The function ABS is not supported here (supported: ENDSWITH, IS_DEFINED, STARTSWITH) at position 29",
                e.getMessage());
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
    }

    @Test
    void routeConditionsOfferTheMathTypeAndStringFunctions() {
        List<String> names = FunctionRegistry.routeConditions().names();
        for (String name : List.of("ABS", "CEILING", "FLOOR", "ROUND", "SQUARE", "SQRT", "POWER", "SIGN", "TRUNC", "EXP",
                "LOG", "LOG10", "SIN", "IS_DEFINED", "IS_NULL", "IS_BOOL", "IS_NUMBER", "IS_STRING", "IS_OBJECT",
                "IS_ARRAY", "IS_PRIMITIVE", "AS_NUMBER", "STARTSWITH", "ENDSWITH", "CONTAINS", "LOWER", "UPPER",
                "LENGTH", "CONCAT", "SUBSTRING", "INDEX_OF")) {
            assertTrue(names.contains(name), name);
        }
        ExpressionCompiler.compileCondition("ABS($body.t) > 1 AND lower($contentType) = 'x'", FunctionRegistry.routeConditions());
    }

    @Test
    void unknownFunctionsAreRefusedEverywhere() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> ExpressionCompiler.compileCondition("STARTS_WITH(a, 'b')", FunctionRegistry.routeConditions()));
        assertTrue(e.getMessage().startsWith("The function STARTS_WITH is not supported here"), e.getMessage());
        assertTrue(e.getMessage().endsWith("at position 1"), e.getMessage());
    }

    @Test
    void callsWithTheWrongNumberOfArgumentsAreRefused() {
        assertEquals("The function LOWER takes 1 argument(s) but was given 2 at position 1",
                assertThrows(InvalidQueryException.class, () -> ExpressionCompiler.compileCondition("LOWER(a, b)",
                        FunctionRegistry.routeConditions())).getMessage());
        assertEquals("The function SUBSTRING takes 2 or 3 argument(s) but was given 1 at position 1",
                assertThrows(InvalidQueryException.class, () -> ExpressionCompiler.compileCondition("SUBSTRING(a)",
                        FunctionRegistry.routeConditions())).getMessage());
        assertEquals("The function CONCAT takes at least 2 argument(s) but was given 1 at position 1",
                assertThrows(InvalidQueryException.class, () -> ExpressionCompiler.compileCondition("CONCAT(a)",
                        FunctionRegistry.routeConditions())).getMessage());
        assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT * FROM devices WHERE IS_DEFINED()"));
    }

    @Test
    void aContextCanAddOrReplaceFunctions() {
        FunctionRegistry routing = FunctionRegistry.twinQueries()
                .with(QueryFunction.of("is_even", 1, args -> JsonValues.isNumber(args.get(0))
                        ? JsonValues.bool(JsonValues.doubleOf(args.get(0)) % 2 == 0) : null));
        assertEquals(List.of("ENDSWITH", "IS_DEFINED", "IS_EVEN", "STARTSWITH"), routing.names());
        assertTrue(ExpressionCompiler.compileCondition("IS_EVEN(n)", routing).test(PropertySource.of(json("{'n':4}"))));

        FunctionRegistry replaced = routing.with(QueryFunction.of("IS_DEFINED", 1, args -> JsonValue.FALSE));
        assertEquals(false, ExpressionCompiler.compileCondition("IS_DEFINED(n)", replaced)
                .test(PropertySource.of(json("{'n':4}"))));
        assertEquals(3, FunctionRegistry.twinQueries().names().size(), "registries are immutable");
    }

    @Test
    void aggregatesAreRefusedOutsideTheSelectList() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT COUNT() AS n FROM devices WHERE COUNT() > 1"));
        assertEquals("The aggregate COUNT() is allowed only as an item of the SELECT list at position 40", e.getMessage());
        assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT COUNT() + 1 AS n FROM devices"));
        assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT SUM(MAX(x)) AS n FROM devices"));
        assertThrows(InvalidQueryException.class,
                () -> ExpressionCompiler.compileCondition("SUM(a) > 1", FunctionRegistry.routeConditions()));
    }
}
