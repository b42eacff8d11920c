package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.query.Documents.json;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TwinPropertySqlTest {

    private static SqlQuery candidates(String where) {
        return TwinPropertySql.candidateIds(TwinQuery.compile("SELECT * FROM devices WHERE " + where).plan()).orElseThrow();
    }

    @Test
    void oneIndexScanPerPredicateIntersected() {
        SqlQuery sql = candidates("tags.building = 'b42' AND properties.reported.fw = '2.1'");
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND str_value = ?"
                + " INTERSECT SELECT device_id FROM twin_property WHERE path = ? AND str_value = ?", sql.sql());
        assertEquals(List.of("tags.building", "b42", "properties.reported.fw", "2.1"), sql.parameters());
    }

    @Test
    void eachValueTypeUsesItsColumn() {
        assertEquals(List.of("properties.reported.temp", 21.5), candidates("properties.reported.temp = 21.5").parameters());
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND num_value = ?",
                candidates("properties.reported.temp = 21.5").sql());
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND bool_value = ?", candidates("tags.ok = false").sql());
        assertEquals(List.of("tags.ok", false), candidates("tags.ok = false").parameters());
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND (str_value IS NULL AND num_value IS NULL AND bool_value IS NULL)",
                candidates("tags.x = null").sql());
    }

    @Test
    void inListsMayMixTypes() {
        SqlQuery sql = candidates("tags.x IN ['a', 2, true, null, 'b']");
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND (str_value = ? OR num_value = ? OR bool_value = ?"
                + " OR (str_value IS NULL AND num_value IS NULL AND bool_value IS NULL) OR str_value = ?)", sql.sql());
        assertEquals(List.of("tags.x", "a", 2.0, true, "b"), sql.parameters());
    }

    @Test
    void rangesAndPrefixes() {
        SqlQuery range = candidates("properties.reported.temp > 10 AND properties.reported.temp <= 20");
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND num_value > ? AND num_value <= ?", range.sql());
        assertEquals(List.of("properties.reported.temp", 10.0, 20.0), range.parameters());
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND str_value >= ?",
                candidates("lastActivityTime >= '2024-01-01'").sql());
        SqlQuery prefix = candidates("STARTSWITH(deviceId, 'bld_1%!')");
        assertEquals("SELECT device_id FROM twin_property WHERE path = ? AND str_value LIKE ? ESCAPE '!'", prefix.sql());
        assertEquals(List.of("deviceId", "bld!_1!%!!%"), prefix.parameters());
    }

    @Test
    void pathsWithSpecialCharactersUseTheCanonicalKey() {
        assertEquals(List.of("properties.reported['my-key']", "x"), candidates("properties.reported['my-key'] = 'x'").parameters());
    }

    @Test
    void noIndexPredicatesMeansNoSql() {
        assertEquals(Optional.empty(), TwinPropertySql.candidateIds(TwinQuery.compile("SELECT * FROM devices").plan()));
        assertEquals(Optional.empty(), TwinPropertySql.candidateIds(
                TwinQuery.compile("SELECT * FROM devices WHERE tags.x != 1").plan()));
    }

    @Test
    void jpaNativeQueriesGetNumberedMarkers() {
        assertEquals("SELECT device_id FROM twin_property WHERE path = ?1 AND str_value = ?2",
                candidates("tags.x = 'y'").numberedSql());
    }

    @Test
    void groupByCountsRunInTheDatabase() {
        TwinPropertySql.AggregateSql sql = TwinPropertySql.aggregates(TwinQuery.compile(
                "SELECT properties.reported.fw AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw")).orElseThrow();
        assertEquals("SELECT g0.str_value, g0.num_value, g0.bool_value, CASE WHEN g0.device_id IS NULL THEN 0 ELSE 1 END, COUNT(*)"
                + " FROM twin_property d LEFT JOIN twin_property g0 ON g0.device_id = d.device_id AND g0.path = ?"
                + " WHERE d.path = ?"
                + " GROUP BY g0.str_value, g0.num_value, g0.bool_value, CASE WHEN g0.device_id IS NULL THEN 0 ELSE 1 END",
                sql.query().sql());
        assertEquals(List.of("properties.reported.fw", "deviceId"), sql.query().parameters());
        assertEquals(json("{'fw':'2.1','n':42}"), sql.row(new Object[] {"2.1", null, null, 1, 42L}));
        assertEquals(json("{'fw':2,'n':1}"), sql.row(new Object[] {null, 2.0, null, 1, 1L}));
        assertEquals(json("{'fw':true,'n':1}"), sql.row(new Object[] {null, null, true, 1, 1L}));
        assertEquals(json("{'fw':null,'n':3}"), sql.row(new Object[] {null, null, null, 1, 3}));
        assertEquals(json("{'n':7}"), sql.row(new Object[] {null, null, null, 0, 7L}));
    }

    @Test
    void aggregatesOverAnIndexedWhereWithSumAndAverage() {
        TwinPropertySql.AggregateSql sql = TwinPropertySql.aggregates(TwinQuery.compile(
                "SELECT COUNT() AS n, SUM(properties.reported.temp) AS total, AVG(properties.reported.temp) AS mean "
                        + "FROM devices WHERE tags.building = 'b42'")).orElseThrow();
        assertEquals("SELECT COUNT(*), SUM(a1.num_value), COUNT(a1.num_value), COUNT(a1.device_id),"
                + " SUM(a2.num_value), COUNT(a2.num_value), COUNT(a2.device_id)"
                + " FROM twin_property d LEFT JOIN twin_property a1 ON a1.device_id = d.device_id AND a1.path = ?"
                + " LEFT JOIN twin_property a2 ON a2.device_id = d.device_id AND a2.path = ?"
                + " WHERE d.path = ? AND d.device_id IN (SELECT device_id FROM twin_property WHERE path = ? AND str_value = ?)",
                sql.query().sql());
        assertEquals(List.of("properties.reported.temp", "properties.reported.temp", "deviceId", "tags.building", "b42"),
                sql.query().parameters());
        assertEquals(json("{'n':3,'total':40.5,'mean':20.25}"), sql.row(new Object[] {3L, 40.5, 2L, 2L, 40.5, 2L, 2L}));
        assertEquals(json("{'n':3}"), sql.row(new Object[] {3L, 40.5, 2L, 3L, 40.5, 2L, 3L}),
                "a non-number among the values makes SUM and AVG undefined");
        assertEquals(json("{'n':0,'total':0}"), sql.row(new Object[] {0L, null, 0L, 0L, null, 0L, 0L}));
    }

    @Test
    void aggregatesStayInMemoryWhenSqlCannotMatchTheSemantics() {
        for (String query : List.of(
                "SELECT * FROM devices",
                "SELECT deviceId FROM devices WHERE tags.x = 1",
                "SELECT COUNT() AS n FROM devices WHERE tags.x != 1",
                "SELECT MIN(tags.x) AS n FROM devices",
                "SELECT SUM(tags.x + 1) AS n FROM devices",
                "SELECT properties.reported.$metadata.fw AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.$metadata.fw")) {
            assertFalse(TwinPropertySql.aggregates(TwinQuery.compile(query)).isPresent(), query);
        }
        assertTrue(TwinPropertySql.aggregates(TwinQuery.compile("SELECT COUNT() AS n FROM devices")).isPresent());
    }

    @Test
    void indexRowsAreThePrimitiveLeavesOutsideMetadata() {
        List<TwinPropertyRow> rows = TwinPropertyRows.of(json("{'deviceId':'d1','version':4,'tags':{'building':'b42','a':[1,2]},"
                + "'properties':{'desired':{'$version':3,'$metadata':{'$lastUpdated':'2024'}},"
                + "'reported':{'fw':'2.1','ok':true,'temp':null,'my-key':1.5}}}"));
        assertEquals(List.of(
                new TwinPropertyRow("deviceId", "d1", null, null),
                new TwinPropertyRow("version", null, 4.0, null),
                new TwinPropertyRow("tags.building", "b42", null, null),
                new TwinPropertyRow("properties.desired.$version", null, 3.0, null),
                new TwinPropertyRow("properties.reported.fw", "2.1", null, null),
                new TwinPropertyRow("properties.reported.ok", null, null, true),
                new TwinPropertyRow("properties.reported.temp", null, null, null),
                new TwinPropertyRow("properties.reported['my-key']", null, 1.5, null)), rows);
        assertTrue(TwinPropertyRows.covers(PropertyPath.of("properties", "reported", "fw")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("properties", "reported", "$metadata", "fw", "$lastUpdated")));
    }
}
