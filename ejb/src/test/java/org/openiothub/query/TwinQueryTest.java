package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.query.Documents.fleet;
import static org.openiothub.query.Documents.json;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import jakarta.json.JsonObject;

class TwinQueryTest {

    private static List<JsonObject> run(String query) {
        return TwinQuery.compile(query).execute(fleet());
    }

    private static String ids(List<JsonObject> twins) {
        return twins.stream().map(twin -> twin.getString("deviceId")).collect(Collectors.joining(","));
    }

    private static List<JsonObject> rows(String... singleQuotedJson) {
        return java.util.Arrays.stream(singleQuotedJson).map(Documents::json).toList();
    }

    @Test
    void selectStarReturnsTheWholeTwins() {
        List<JsonObject> result = run("SELECT * FROM devices");
        assertEquals(fleet(), result);
        assertSame(fleet().get(0).getClass(), result.get(0).getClass());
    }

    @Test
    void whereFiltersOnTagsAndReportedProperties() {
        assertEquals("d1,d2", ids(run("SELECT * FROM devices WHERE tags.building = 'b42'")));
        assertEquals("d1", ids(run("SELECT * FROM devices WHERE tags.building = 'b42' AND properties.reported.fw = '2.1'")));
        assertEquals("d1,d3", ids(run("SELECT * FROM devices WHERE properties.reported.fw IN ['2.1', '3.0']")));
        assertEquals("d2", ids(run("SELECT * FROM devices WHERE properties.reported.fw NIN ['2.1']")),
                "NIN skips twins without the property");
        assertEquals("d1,d2", ids(run("SELECT * FROM devices WHERE properties.reported.temp >= 19")),
                "'hot' and null are not numbers");
        assertEquals("d4", ids(run("SELECT * FROM devices WHERE properties.reported.temp = null")));
        assertEquals("d3", ids(run("SELECT * FROM devices WHERE properties.reported['my-key'] = 'x'")));
        assertEquals("d1,d2,d3", ids(run("SELECT * FROM devices WHERE is_defined(properties.reported.fw) OR tags.building = 'b7'")));
        assertEquals("d4", ids(run("SELECT * FROM devices WHERE NOT IS_DEFINED(properties.reported.fw)")));
        assertEquals("d1", ids(run("SELECT * FROM devices WHERE properties.desired.$version = 3")));
        assertEquals("d2", ids(run("SELECT * FROM devices WHERE tags.location.region = 'EU' OR cloudToDeviceMessageCount > 2")));
        assertEquals("d1,d2", ids(run("SELECT * FROM devices WHERE STARTSWITH(tags.building, 'b4')")));
        assertEquals("", ids(run("SELECT * FROM devices WHERE tags.building = 'B42'")), "case-sensitive values");
    }

    @Test
    void topLevelFieldsMatchAnyCaseAndComeBackInTheirOwn() {
        assertEquals(rows("{'deviceId':'d1'}"),
                run("SELECT DeviceId, LastActivityTime FROM devices WHERE Status = 'enabled' AND ConnectionState = 'Connected' AND Tags.building = 'b42'"));
        assertEquals("d1", ids(run("SELECT * FROM devices WHERE PROPERTIES.REPORTED.fw = '2.1' AND tags.building = 'b42'")));
        assertEquals("", ids(run("SELECT * FROM devices WHERE properties.reported.FW = '2.1'")),
                "names inside properties are case-sensitive");
    }

    @Test
    void projectionsAreKeyedByTheLastNameOrTheAlias() {
        assertEquals(rows("{'deviceId':'d1','fw':'2.1','region':'US'}", "{'deviceId':'d2','fw':'2.0','region':'EU'}"),
                run("SELECT deviceId, properties.reported.fw, tags.location.region FROM devices WHERE tags.building = 'b42'"));
        assertEquals(rows("{'id':'d3','firmware':'2.1'}"),
                run("SELECT deviceId AS id, properties.reported.fw AS firmware FROM devices WHERE tags.building = 'b7'"));
        assertEquals(rows("{'deviceId':'d4'}"), run("SELECT deviceId, properties.reported.fw FROM devices WHERE deviceId = 'd4'"),
                "undefined values are left out");
        assertEquals(rows("{'deviceId':'d1','location':{'region':'US'}}"),
                run("SELECT deviceId, tags.location FROM devices WHERE deviceId = 'd1'"));
        assertEquals(rows("{'$1':2,'twice':38}"),
                run("SELECT cloudToDeviceMessageCount - 1, properties.reported.temp * 2 AS twice FROM devices WHERE deviceId = 'd2' OR deviceId = 'd1' AND false"));
    }

    @Test
    void topLimitsResults() {
        assertEquals("d1,d2", ids(run("SELECT TOP 2 * FROM devices")));
        assertEquals("d3", ids(run("SELECT TOP 1 * FROM devices WHERE properties.reported.fw = '2.1' AND status = 'disabled'")));
        assertEquals("", ids(run("SELECT TOP 0 * FROM devices")));
        assertEquals(1, run("SELECT TOP 1 properties.reported.fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw").size());
    }

    @Test
    void countWithoutGroupByIsOneRow() {
        assertEquals(rows("{'totalNumberOfDevices':4}"), run("SELECT COUNT() AS totalNumberOfDevices FROM devices"));
        assertEquals(rows("{'n':0}"), run("SELECT COUNT() AS n FROM devices WHERE tags.building = 'nowhere'"));
        assertEquals(rows("{'$1':2}"), run("SELECT COUNT() FROM devices WHERE tags.building = 'b42'"));
    }

    @Test
    void groupByCountsPerValueWithAnUndefinedGroup() {
        assertEquals(rows("{'fw':'2.1','n':2}", "{'fw':'2.0','n':1}", "{'n':1}"),
                run("SELECT properties.reported.fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw"));
        assertEquals(rows("{'status':'2.1','numberOfDevices':1}", "{'status':'2.0','numberOfDevices':1}", "{'numberOfDevices':1}"),
                run("SELECT properties.reported.fw AS status, COUNT() AS numberOfDevices FROM devices "
                        + "WHERE status = 'enabled' GROUP BY properties.reported.fw"));
    }

    @Test
    void groupByManyKeys() {
        assertEquals(rows("{'building':'b42','status':'enabled','n':2}", "{'building':'b7','status':'disabled','n':1}",
                "{'status':'enabled','n':1}"),
                run("SELECT tags.building, status, COUNT() AS n FROM devices GROUP BY tags.building, status"));
    }

    @Test
    void groupsByValueNotByTextOfNumbers() {
        List<JsonObject> twins = List.of(json("{'v':2}"), json("{'v':2.0}"), json("{'v':'2'}"), json("{'v':true}"),
                json("{'v':null}"), json("{}"));
        assertEquals(rows("{'v':2,'n':2}", "{'v':'2','n':1}", "{'v':true,'n':1}", "{'v':null,'n':1}", "{'n':1}"),
                TwinQuery.compile("SELECT v, COUNT() AS n FROM devices GROUP BY v").execute(twins));
    }

    @Test
    void sumAvgMinMax() {
        List<JsonObject> twins = List.of(json("{'g':'a','t':10,'s':'x'}"), json("{'g':'a','t':20,'s':'y'}"),
                json("{'g':'a'}"), json("{'g':'b','t':'hot','s':1}"), json("{'g':'b','t':5,'s':null}"),
                json("{'g':'c','s':{}}"));
        assertEquals(rows("{'g':'a','sum':30,'avg':15,'min':10,'max':20,'smin':'x','smax':'y','n':3}",
                "{'g':'b','min':5,'max':'hot','smin':null,'smax':1,'n':2}",
                "{'g':'c','sum':0,'n':1}"),
                TwinQuery.compile("SELECT g, SUM(t) AS sum, AVG(t) AS avg, MIN(t) AS min, MAX(t) AS max, "
                        + "MIN(s) AS smin, MAX(s) AS smax, COUNT() AS n FROM devices GROUP BY g").execute(twins));
        assertEquals(rows("{'avg':15,'sum':30}"),
                TwinQuery.compile("SELECT AVG(t) AS avg, SUM(t) AS sum FROM devices WHERE IS_NUMBER(t) AND g = 'a'",
                        FunctionRegistry.routeConditions()).execute(twins));
        assertEquals(rows("{'sum':0}"), TwinQuery.compile("SELECT SUM(t) AS sum, AVG(t) AS avg FROM devices")
                .execute(List.of()));
    }

    @Test
    void aggregationCanBeFedByStorage() {
        TwinQuery query = TwinQuery.compile("SELECT properties.reported.fw AS fw, COUNT() AS n FROM devices GROUP BY properties.reported.fw");
        Aggregation aggregation = query.newAggregation();
        for (JsonObject twin : fleet()) {
            if (query.matches(twin)) {
                aggregation.add(twin);
            }
        }
        assertEquals(rows("{'fw':'2.1','n':2}", "{'fw':'2.0','n':1}", "{'n':1}"), aggregation.rows());
        assertEquals(List.of("fw", "n"), query.columnNames());
        assertTrue(query.isAggregate());
        assertThrows(IllegalStateException.class, () -> query.project(fleet().get(0)));
        assertThrows(IllegalStateException.class, () -> TwinQuery.compile("SELECT * FROM devices").newAggregation());
    }

    @Test
    void projectionsMustBeGroupedOrAggregated() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT deviceId, COUNT() AS n FROM devices GROUP BY properties.reported.fw"));
        assertEquals("'deviceId' must be an aggregate or a property listed in GROUP BY at position 8", e.getMessage());
        assertThrows(InvalidQueryException.class, () -> TwinQuery.compile("SELECT deviceId, COUNT() AS n FROM devices"));
        assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT * FROM devices GROUP BY properties.reported.fw"));
        TwinQuery.compile("SELECT Properties.Reported.fw AS fw FROM devices GROUP BY properties.reported.fw");
    }

    @Test
    void outputNamesMustBeUnique() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT tags.a.x, tags.b.x FROM devices"));
        assertEquals("The output name 'x' is used twice; give one of them an alias with AS at position 18", e.getMessage());
        TwinQuery.compile("SELECT tags.a.x, tags.b.x AS bx FROM devices");
    }

    @Test
    void modulesAreQueriedLikeDevices() {
        List<JsonObject> modules = List.of(
                json("{'deviceId':'d1','moduleId':'m1','properties':{'reported':{'status':'scanning'}}}"),
                json("{'deviceId':'d2','moduleId':'m1','properties':{'reported':{'status':'scanning'}}}"),
                json("{'deviceId':'d3','moduleId':'m2','properties':{'reported':{'status':'idle'}}}"));
        assertEquals(rows("{'deviceId':'d2','moduleId':'m1'}"),
                TwinQuery.compile("select deviceId, ModuleId from devices.modules where properties.reported.status = 'scanning' "
                        + "and deviceId IN ['d2', 'd3']").execute(modules));
        assertEquals(rows("{'moduleId':'m1','n':2}", "{'moduleId':'m2','n':1}"),
                TwinQuery.compile("SELECT moduleId, COUNT() AS n FROM devices.modules GROUP BY moduleId").execute(modules));
    }

    @Test
    void jobsAcceptPrefixedPathsAndOnlySelectStar() {
        List<JsonObject> jobs = List.of(
                json("{'deviceId':'myDeviceId','jobId':'j1','jobType':'scheduleTwinUpdate','status':'completed','createdDateTimeUtc':'2016-09-29T18:18:56.7787107Z'}"),
                json("{'deviceId':'myDeviceId','jobId':'j2','jobType':'scheduleDeviceMethod','status':'running','createdDateTimeUtc':'2016-08-01T00:00:00Z'}"),
                json("{'deviceId':'other','jobId':'j1','jobType':'scheduleTwinUpdate','status':'completed','createdDateTimeUtc':'2016-09-29T18:18:56Z'}"));
        TwinQuery query = TwinQuery.compile("SELECT * FROM devices.jobs WHERE devices.jobs.deviceId = 'myDeviceId' "
                + "AND devices.jobs.jobType = 'scheduleTwinUpdate' AND devices.jobs.status = 'completed' "
                + "AND devices.jobs.createdDateTimeUtc > '2016-09-01'");
        assertEquals(List.of(jobs.get(0)), query.execute(jobs));
        assertEquals("((((deviceId = \"myDeviceId\") AND (jobType = \"scheduleTwinUpdate\")) AND (status = \"completed\")) "
                + "AND (createdDateTimeUtc > \"2016-09-01\"))", ExpressionPrinter.print(query.query().where().orElseThrow()));
        assertEquals(List.of(jobs.get(0), jobs.get(2)), TwinQuery.compile("SELECT * FROM devices.jobs WHERE jobId = 'j1'").execute(jobs));

        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> TwinQuery.compile("SELECT jobId FROM devices.jobs"));
        assertEquals("Queries on devices.jobs support only SELECT * without GROUP BY at position 8", e.getMessage());
        assertThrows(InvalidQueryException.class, () -> TwinQuery.compile("SELECT COUNT() AS n FROM devices.jobs"));
        assertThrows(InvalidQueryException.class, () -> TwinQuery.compile("SELECT * FROM devices.jobs GROUP BY status"));
    }

    @Test
    void matchesAndProjectServeStorageOneDocumentAtATime() {
        TwinQuery query = TwinQuery.compile("SELECT deviceId FROM devices WHERE tags.building = 'b42'");
        assertTrue(query.matches(fleet().get(0)));
        assertFalse(query.matches(fleet().get(2)));
        assertEquals(json("{'deviceId':'d1'}"), query.project(fleet().get(0)));
        assertFalse(query.selectsAll());
        assertFalse(query.isAggregate());
        assertEquals(QuerySource.DEVICES, query.source());
        assertTrue(TwinQuery.compile("SELECT * FROM devices").matches(json("{}")));
        assertEquals("SELECT deviceId FROM devices WHERE (tags.building = \"b42\")", query.toString());
    }

    @Test
    void theSameCompiledQueryServesConcurrentRequests() throws Exception {
        TwinQuery query = TwinQuery.compile("SELECT properties.reported.fw, COUNT() AS n FROM devices WHERE status = 'enabled' GROUP BY properties.reported.fw");
        List<JsonObject> expected = query.execute(fleet());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<List<JsonObject>>>();
            for (int i = 0; i < 100; i++) {
                futures.add(pool.submit(() -> query.execute(fleet())));
            }
            for (var future : futures) {
                assertEquals(expected, future.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
