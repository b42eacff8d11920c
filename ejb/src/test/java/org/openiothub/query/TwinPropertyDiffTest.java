package org.openiothub.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openiothub.query.Documents.json;

import java.util.List;

import org.junit.jupiter.api.Test;

class TwinPropertyDiffTest {

    private static TwinPropertyDiff diff(String before, String after) {
        return TwinPropertyDiff.between(TwinPropertyRows.of(json(before)), TwinPropertyRows.of(json(after)));
    }

    @Test
    void aReportedPatchWritesOnlyWhatItChanged() {
        TwinPropertyDiff diff = diff(
                "{'deviceId':'d1','version':4,'tags':{'building':'b42'},'properties':{'reported':{'fw':'2.0','temp':20,'$version':7}}}",
                "{'deviceId':'d1','version':5,'tags':{'building':'b42'},'properties':{'reported':{'fw':'2.1','temp':20,'$version':8}}}");
        assertEquals(List.of(), diff.removedPaths());
        assertEquals(List.of(new TwinPropertyRow("properties.reported.fw", "2.1", null, null)), diff.changed(),
                "versions are not indexed");
        assertEquals(List.of(), diff.added());
    }

    @Test
    void removedKeysAreDeletedAndNewOnesInserted() {
        TwinPropertyDiff diff = diff("{'deviceId':'d1','tags':{'a':1,'b':{'c':true}}}",
                "{'deviceId':'d1','tags':{'b':'now a string','d':null}}");
        assertEquals(List.of("tags.a", "tags.b.c"), diff.removedPaths());
        assertEquals(List.of(), diff.changed());
        assertEquals(List.of(new TwinPropertyRow("tags.b", "now a string", null, null),
                new TwinPropertyRow("tags.d", null, null, null)), diff.added());
    }

    @Test
    void aValueChangingTypeIsAChangeOfTheSameRow() {
        TwinPropertyDiff diff = diff("{'tags':{'x':'1'}}", "{'tags':{'x':1}}");
        assertEquals(List.of(new TwinPropertyRow("tags.x", null, 1.0, null)), diff.changed());
        assertTrue(diff.removedPaths().isEmpty() && diff.added().isEmpty());
    }

    @Test
    void theSameDocumentNeedsNoWrite() {
        String document = "{'deviceId':'d1','status':'enabled','tags':{'a':[1,2],'b':null},'properties':{'desired':{'$metadata':{'x':1}}}}";
        assertTrue(diff(document, document).isEmpty());
        assertFalse(diff(document, "{'deviceId':'d1'}").isEmpty());
    }

    @Test
    void liveFieldsHaveNoRowsSoConnectingChangesNothing() {
        assertTrue(diff("{'deviceId':'d1','connectionState':'Disconnected','lastActivityTime':'2024-01-01T00:00:00Z',"
                        + "'connectionStateUpdatedTime':'2024-01-01T00:00:00Z','cloudToDeviceMessageCount':0}",
                "{'deviceId':'d1','connectionState':'Connected','lastActivityTime':'2025-01-01T00:00:00Z',"
                        + "'connectionStateUpdatedTime':'2025-01-01T00:00:00Z','cloudToDeviceMessageCount':3}").isEmpty());
        assertEquals(List.of(new TwinPropertyRow("deviceId", "d1", null, null)),
                TwinPropertyRows.of(json("{'deviceId':'d1','connectionState':'Connected','cloudToDeviceMessageCount':3}")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("connectionState")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("lastActivityTime")));
        assertTrue(TwinPropertyRows.covers(PropertyPath.of("tags", "connectionState")), "only the top-level fields are live");
        assertTrue(TwinQuery.compile("SELECT * FROM devices WHERE connectionState = 'Connected'").plan().indexPredicates()
                .isEmpty(), "the planner leaves live fields to the evaluator");
    }

    @Test
    void bookkeepingFieldsAreNotIndexedAndSoNotPlannedOnTheIndex() {
        assertEquals(List.of(new TwinPropertyRow("deviceId", "d1", null, null),
                        new TwinPropertyRow("status", "enabled", null, null),
                        new TwinPropertyRow("capabilities.iotEdge", null, null, Boolean.FALSE),
                        new TwinPropertyRow("tags.building", "b42", null, null)),
                TwinPropertyRows.of(json("{'deviceId':'d1','etag':'AAAA','deviceEtag':'BBBB','version':3,"
                        + "'status':'enabled','statusReason':null,'statusUpdateTime':'2025-01-01T00:00:00Z',"
                        + "'authenticationType':'sas','x509Thumbprint':{'primaryThumbprint':null},'modelId':'',"
                        + "'capabilities':{'iotEdge':false},'tags':{'building':'b42'},"
                        + "'properties':{'desired':{'$version':1},'reported':{'$version':1}}}")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("version")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("x509Thumbprint", "primaryThumbprint")));
        assertFalse(TwinPropertyRows.covers(PropertyPath.of("properties", "reported", "$version")));
        assertTrue(TwinPropertyRows.covers(PropertyPath.of("tags", "version")), "only the top-level fields");
        assertTrue(TwinQuery.compile("SELECT * FROM devices WHERE authenticationType = 'sas'").plan().indexPredicates()
                .isEmpty(), "the planner leaves unindexed fields to the evaluator");
    }
}
