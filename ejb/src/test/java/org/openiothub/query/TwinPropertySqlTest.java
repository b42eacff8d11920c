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
    void theFirstPredicateScansAndTheOthersProbe() {
        SqlQuery sql = candidates("tags.building = 'b42' AND properties.reported.fw = '2.1'");
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.str_value = ?"
                + " AND EXISTS (SELECT 1 FROM twin_property p1 WHERE p1.device_id = p0.device_id"
                + " AND p1.path = ? AND p1.str_value = ?)", sql.sql());
        assertEquals(List.of("tags.building", "b42", "properties.reported.fw", "2.1"), sql.parameters());
    }

    @Test
    void theMostSelectiveLookingPredicateDrives() {
        SqlQuery sql = candidates("properties.reported.temp > 3 AND tags.ok = true AND tags.floor IN [1, 2] AND tags.building = 'b42'");
        assertEquals(List.of("tags.building", "b42", "tags.floor", 1.0, 2.0, "tags.ok", true, "properties.reported.temp", 3.0),
                sql.parameters());
        List<IndexPredicate> asGiven = TwinQuery.compile("SELECT * FROM devices WHERE tags.ok = true AND tags.building = 'b42'")
                .plan().indexPredicates();
        assertEquals(List.of("tags.ok", true, "tags.building", "b42"),
                TwinPropertySql.candidateIds(asGiven).orElseThrow().parameters());
    }

    @Test
    void eachValueTypeUsesItsColumn() {
        assertEquals(List.of("properties.reported.temp", 21.5), candidates("properties.reported.temp = 21.5").parameters());
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.num_value = ?",
                candidates("properties.reported.temp = 21.5").sql());
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.bool_value = ?",
                candidates("tags.ok = false").sql());
        assertEquals(List.of("tags.ok", false), candidates("tags.ok = false").parameters());
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ?"
                + " AND (p0.str_value IS NULL AND p0.num_value IS NULL AND p0.bool_value IS NULL)",
                candidates("tags.x = null").sql());
    }

    @Test
    void inListsMayMixTypes() {
        SqlQuery sql = candidates("tags.x IN ['a', 2, true, null, 'b']");
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND (p0.str_value = ? OR p0.num_value = ?"
                + " OR p0.bool_value = ? OR (p0.str_value IS NULL AND p0.num_value IS NULL AND p0.bool_value IS NULL)"
                + " OR p0.str_value = ?)", sql.sql());
        assertEquals(List.of("tags.x", "a", 2.0, true, "b"), sql.parameters());
    }

    @Test
    void candidatesComeInKeyOrderAfterTheLastPage() {
        QueryPlan plan = TwinQuery.compile("SELECT * FROM devices WHERE tags.building = 'b42' AND properties.reported.fw = '2.1'")
                .plan();
        SqlQuery first = TwinPropertySql.candidateIdsAfter(plan, null).orElseThrow();
        assertEquals(candidates("tags.building = 'b42' AND properties.reported.fw = '2.1'").sql() + " ORDER BY p0.device_id",
                first.sql());
        SqlQuery next = TwinPropertySql.candidateIdsAfter(plan, "dev-9").orElseThrow();
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.str_value = ? AND p0.device_id > ?"
                + " AND EXISTS (SELECT 1 FROM twin_property p1 WHERE p1.device_id = p0.device_id"
                + " AND p1.path = ? AND p1.str_value = ?) ORDER BY p0.device_id", next.sql());
        assertEquals(List.of("tags.building", "b42", "dev-9", "properties.reported.fw", "2.1"), next.parameters());
        assertTrue(TwinPropertySql.candidateIdsAfter(QueryPlan.unrestricted(), "dev-9").isEmpty());
    }

    @Test
    void rangesAndPrefixes() {
        SqlQuery range = candidates("properties.reported.temp > 10 AND properties.reported.temp <= 20");
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.num_value > ? AND p0.num_value <= ?",
                range.sql());
        assertEquals(List.of("properties.reported.temp", 10.0, 20.0), range.parameters());
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.str_value >= ?",
                candidates("tags.installed >= '2024-01-01'").sql());
        SqlQuery prefix = candidates("STARTSWITH(deviceId, 'bld_1%!')");
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.str_value LIKE ? ESCAPE '!'",
                prefix.sql());
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
        assertEquals("SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ?1 AND p0.str_value = ?2",
                candidates("tags.x = 'y'").numberedSql());
    }

    @Test
    void countsByOneKeyComeFromTheValueIndex() {
        TwinPropertySql.AggregateSql sql = TwinPropertySql.aggregates(TwinQuery.compile(
                "SELECT properties.reported.fw AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw")).orElseThrow();
        assertEquals("SELECT str_value, num_value, bool_value, 1, COUNT(*) FROM twin_property WHERE path = ?"
                + " GROUP BY str_value, num_value, bool_value"
                + " UNION ALL SELECT NULL, NULL, NULL, 0, (SELECT COUNT(*) FROM twin_property WHERE path = ?)"
                + " - (SELECT COUNT(*) FROM twin_property WHERE path = ?)", sql.query().sql());
        assertEquals(List.of("properties.reported.fw", "deviceId", "properties.reported.fw"), sql.query().parameters());
        assertEquals(List.of(json("{'fw':'2.1','n':42}"), json("{'fw':2,'n':1}"), json("{'fw':true,'n':1}"),
                json("{'fw':null,'n':3}"), json("{'n':7}")), sql.rows(List.of(
                        new Object[] {"2.1", null, null, 1, 42L}, new Object[] {null, 2.0, null, 1, 1L},
                        new Object[] {null, null, true, 1, 1L}, new Object[] {null, null, null, 1, 3},
                        new Object[] {null, null, null, 0, 7L})));
        assertEquals(List.of(json("{'fw':'2.1','n':42}")), sql.rows(List.of(new Object[] {"2.1", null, null, 1, 42L},
                new Object[] {null, null, null, 0, 0L})), "no undefined group when every document has the key");
    }

    @Test
    void countsWithAnIndexedWhere() {
        TwinPropertySql.AggregateSql sql = TwinPropertySql.aggregates(TwinQuery.compile(
                "SELECT tags.floor, COUNT() AS n FROM devices WHERE tags.building = 'b42' GROUP BY tags.floor")).orElseThrow();
        String candidates = "SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.str_value = ?";
        assertEquals("SELECT str_value, num_value, bool_value, 1, COUNT(*) FROM twin_property WHERE path = ?"
                + " AND device_id IN (" + candidates + ") GROUP BY str_value, num_value, bool_value"
                + " UNION ALL SELECT NULL, NULL, NULL, 0,"
                + " (SELECT COUNT(*) FROM twin_property WHERE path = ? AND device_id IN (" + candidates + "))"
                + " - (SELECT COUNT(*) FROM twin_property WHERE path = ? AND device_id IN (" + candidates + "))",
                sql.query().sql());
        assertEquals(List.of("tags.floor", "tags.building", "b42", "deviceId", "tags.building", "b42", "tags.floor",
                "tags.building", "b42"), sql.query().parameters());

        TwinPropertySql.AggregateSql total = TwinPropertySql.aggregates(
                TwinQuery.compile("SELECT COUNT() AS n, COUNT() FROM devices")).orElseThrow();
        assertEquals("SELECT (SELECT COUNT(*) FROM twin_property WHERE path = ?)", total.query().sql());
        assertEquals(List.of(json("{'n':4,'$1':4}")), total.rows(List.of(4L)));
    }

    @Test
    void severalKeysAndSumsJoinPerDocument() {
        TwinPropertySql.AggregateSql sql = TwinPropertySql.aggregates(TwinQuery.compile(
                "SELECT tags.building, status, COUNT() AS n, SUM(properties.reported.temp) AS total, "
                        + "AVG(properties.reported.temp) AS mean FROM devices WHERE tags.floor = 2 GROUP BY tags.building, status"))
                .orElseThrow();
        assertEquals("SELECT g0.str_value, g0.num_value, g0.bool_value, CASE WHEN g0.device_id IS NULL THEN 0 ELSE 1 END,"
                + " g1.str_value, g1.num_value, g1.bool_value, CASE WHEN g1.device_id IS NULL THEN 0 ELSE 1 END,"
                + " COUNT(*), SUM(a3.num_value), COUNT(a3.num_value), COUNT(a3.device_id),"
                + " SUM(a4.num_value), COUNT(a4.num_value), COUNT(a4.device_id)"
                + " FROM twin_property d LEFT JOIN twin_property g0 ON g0.device_id = d.device_id AND g0.path = ?"
                + " LEFT JOIN twin_property g1 ON g1.device_id = d.device_id AND g1.path = ?"
                + " LEFT JOIN twin_property a3 ON a3.device_id = d.device_id AND a3.path = ?"
                + " LEFT JOIN twin_property a4 ON a4.device_id = d.device_id AND a4.path = ?"
                + " WHERE d.path = ? AND d.device_id IN (SELECT p0.device_id FROM twin_property p0 WHERE p0.path = ? AND p0.num_value = ?)"
                + " GROUP BY g0.str_value, g0.num_value, g0.bool_value, CASE WHEN g0.device_id IS NULL THEN 0 ELSE 1 END,"
                + " g1.str_value, g1.num_value, g1.bool_value, CASE WHEN g1.device_id IS NULL THEN 0 ELSE 1 END",
                sql.query().sql());
        assertEquals(List.of("tags.building", "status", "properties.reported.temp", "properties.reported.temp", "deviceId",
                "tags.floor", 2.0), sql.query().parameters());
        assertEquals(List.of(
                json("{'building':'b42','status':'enabled','n':3,'total':40.5,'mean':20.25}"),
                json("{'status':'disabled','n':3}"),
                json("{'building':'b7','status':'enabled','n':0,'total':0}")),
                sql.rows(List.of(
                        new Object[] {"b42", null, null, 1, "enabled", null, null, 1, 3L, 40.5, 2L, 2L, 40.5, 2L, 2L},
                        new Object[] {null, null, null, 0, "disabled", null, null, 1, 3L, 40.5, 2L, 3L, 40.5, 2L, 3L},
                        new Object[] {"b7", null, null, 1, "enabled", null, null, 1, 0L, null, 0L, 0L, null, 0L, 0L})));
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
    void indexRowsAreThePrimitiveLeavesOutsideMetadataAndVersions() {
        List<TwinPropertyRow> rows = TwinPropertyRows.of(json("{'deviceId':'d1','version':4,'tags':{'building':'b42','a':[1,2]},"
                + "'properties':{'desired':{'$version':3,'$metadata':{'$lastUpdated':'2024'}},"
                + "'reported':{'fw':'2.1','ok':true,'temp':null,'my-key':1.5}}}"));
        assertEquals(List.of(
                new TwinPropertyRow("deviceId", "d1", null, null),
                new TwinPropertyRow("tags.building", "b42", null, null),
                new TwinPropertyRow("properties.reported.fw", "2.1", null, null),
                new TwinPropertyRow("properties.reported.ok", null, null, true),
                new TwinPropertyRow("properties.reported.temp", null, null, null),
                new TwinPropertyRow("properties.reported['my-key']", null, 1.5, null)), rows);
        assertTrue(TwinPropertyRows.covers(PropertyPath.of("properties", "reported", "fw")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("properties", "reported", "$metadata", "fw", "$lastUpdated")));
    }
}
