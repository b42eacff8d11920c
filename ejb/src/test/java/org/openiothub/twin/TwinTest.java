package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

class TwinTest {

    private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-01T11:00:00.1234567Z");
    private static final Instant T2 = Instant.parse("2024-05-01T12:00:00Z");

    private static TwinUpdate desired(String json) {
        return new TwinUpdate(null, Json.of(json));
    }

    private static TwinUpdate tags(String json) {
        return new TwinUpdate(Json.of(json), null);
    }

    @Test
    void aNewTwinIsEmptyAtVersionOne() {
        Twin twin = Twin.empty("dev", CREATED);
        assertEquals(1, twin.version());
        assertEquals("AAAAAAAAAAE=", twin.etag());
        assertEquals(1, twin.desired().version());
        assertEquals(1, twin.reported().version());
        assertTrue(twin.tags().isEmpty());
        assertEquals(Json.of("{'desired':{'$version':1},'reported':{'$version':1}}"), twin.toDeviceJson());
        assertEquals(Json.of("{'$metadata':{'$lastUpdated':'2024-05-01T10:00:00.0000000Z','$lastUpdatedVersion':1},'$version':1}"),
                twin.desired().toJson());
        assertEquals(Json.of("{'$metadata':{'$lastUpdated':'2024-05-01T10:00:00.0000000Z'},'$version':1}"),
                twin.reported().toJson());
    }

    @Test
    void aDesiredPatchMergesAndMovesTheDesiredAndTwinVersions() {
        Twin twin = Twin.empty("dev", CREATED)
                .patchedBy(desired("{'fan':{'speed':3,'mode':'auto'},'led':true}"), T1)
                .patchedBy(desired("{'fan':{'speed':5,'mode':null},'led':null,'new':1}"), T2);
        assertEquals(Json.of("{'fan':{'speed':5},'new':1}"), twin.desired().properties());
        assertEquals(3, twin.desired().version());
        assertEquals(1, twin.reported().version(), "reported properties are untouched");
        assertEquals(3, twin.version());
        assertEquals("AAAAAAAAAAM=", twin.etag());
    }

    @Test
    void desiredMetadataIsStampedAtEveryLevelTheChangeTouched() {
        Twin first = Twin.empty("dev", CREATED)
                .patchedBy(desired("{'fan':{'speed':3,'mode':'auto'},'led':true}"), T1);
        Twin twin = first.patchedBy(desired("{'fan':{'speed':5}}"), T2);
        TwinMetadata root = twin.desired().metadata();
        assertEquals(T2, root.lastUpdated());
        assertEquals(3L, root.lastUpdatedVersion());
        assertEquals(T2, root.child("fan").lastUpdated());
        assertEquals(3L, root.child("fan").lastUpdatedVersion());
        assertEquals(T2, root.child("fan").child("speed").lastUpdated());
        assertEquals(T1, root.child("fan").child("mode").lastUpdated(), "an untouched member keeps its time");
        assertEquals(2L, root.child("fan").child("mode").lastUpdatedVersion());
        assertEquals(T1, root.child("led").lastUpdated());
    }

    @Test
    void metadataFollowsRemovedAndReplacedMembers() {
        Twin twin = Twin.empty("dev", CREATED)
                .patchedBy(desired("{'a':{'b':1},'c':{'d':1}}"), T1)
                .patchedBy(desired("{'a':null,'c':7}"), T2);
        TwinMetadata root = twin.desired().metadata();
        assertNull(root.child("a"), "a removed member loses its metadata");
        assertEquals(T2, root.child("c").lastUpdated());
        assertNull(root.child("c").child("d"), "a member replaced by a value has no children any more");
    }

    @Test
    void metadataSerializesAsIotHubWritesIt() {
        Twin twin = Twin.empty("dev", CREATED).patchedBy(desired("{'fan':{'speed':3}}"), T1);
        JsonObject json = twin.desired().toJson();
        assertEquals(Json.of("{'fan':{'speed':3},'$metadata':{'$lastUpdated':'2024-05-01T11:00:00.1234567Z','$lastUpdatedVersion':2,"
                + "'fan':{'$lastUpdated':'2024-05-01T11:00:00.1234567Z','$lastUpdatedVersion':2,"
                + "'speed':{'$lastUpdated':'2024-05-01T11:00:00.1234567Z','$lastUpdatedVersion':2}}},'$version':2}"), json);
        assertEquals(twin.desired(), TwinCollection.fromJson(json, true), "what is written reads back the same");
    }

    @Test
    void reportedPatchesMoveOnlyTheReportedVersionAndRecordNoLastUpdatedVersion() {
        Twin twin = Twin.empty("dev", CREATED).reportedPatchedBy(Json.of("{'battery':{'level':80}}"), T1);
        assertEquals(2, twin.reported().version());
        assertEquals(1, twin.desired().version());
        assertEquals(2, twin.version());
        assertEquals(Json.of("{'battery':{'level':80}}"), twin.reported().properties());
        assertNull(twin.reported().metadata().child("battery").child("level").lastUpdatedVersion());
        assertEquals(T1, twin.reported().metadata().child("battery").child("level").lastUpdated());
        assertEquals(twin.reported(), TwinCollection.fromJson(twin.reported().toJson(), false));
    }

    @Test
    void tagsMergeWithoutTouchingProperties() {
        Twin twin = Twin.empty("dev", CREATED)
                .patchedBy(tags("{'site':{'building':'43','floor':1}}"), T1)
                .patchedBy(tags("{'site':{'floor':null}}"), T2);
        assertEquals(Json.of("{'site':{'building':'43'}}"), twin.tags());
        assertEquals(1, twin.desired().version());
        assertEquals(3, twin.version());
    }

    @Test
    void aReplacementReplacesOnlyWhatItGives() {
        Twin twin = Twin.empty("dev", CREATED)
                .patchedBy(new TwinUpdate(Json.of("{'a':1}"), Json.of("{'x':1,'y':2}")), T1)
                .replacedBy(new TwinUpdate(null, Json.of("{'z':3}")), T2);
        assertEquals(Json.of("{'a':1}"), twin.tags());
        assertEquals(Json.of("{'z':3}"), twin.desired().properties());
        assertEquals(3, twin.desired().version());
        assertNull(twin.desired().metadata().child("x"));
        assertEquals(T2, twin.desired().metadata().child("z").lastUpdated());
    }

    @Test
    void theEtagMatchesOnlyItselfOrAWildcard() {
        Twin twin = Twin.empty("dev", CREATED).patchedBy(tags("{'a':1}"), T1);
        assertTrue(twin.matches(null));
        assertTrue(twin.matches("*"));
        assertTrue(twin.matches(twin.etag()));
        assertFalse(twin.matches(Twin.empty("dev", CREATED).etag()));
        assertNotEquals(Twin.empty("dev", CREATED).etag(), twin.etag());
    }

    @Test
    void changesLeaveTheOriginalUntouched() {
        Twin original = Twin.empty("dev", CREATED);
        Twin changed = original.patchedBy(desired("{'a':1}"), T1);
        assertEquals(1, original.version());
        assertTrue(original.desired().properties().isEmpty());
        assertSame(original.reported(), changed.reported());
    }
}
