package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class TwinUpdateTest {

    /** What TwinClient.patch of iot-service-client 2.1.9 sends: explicit nulls for everything but tags and desired. */
    private static final String JAVA_SDK_PATCH = "{'deviceId':null,'moduleId':null,'generationId':null,'etag':null,"
            + "'version':null,'status':null,'statusReason':null,'statusUpdatedTime':null,'connectionState':null,"
            + "'connectionStateUpdatedTime':null,'cloudToDeviceMessageCount':null,'lastActivityTime':null,"
            + "'capabilities':null,'modelId':null,'tags':{'site':'a'},'properties':{'desired':{'fan':1}},'configurations':null}";

    @Test
    void explicitNullsOfReadOnlyFieldsAreIgnored() {
        TwinUpdate update = TwinUpdate.fromServiceJson("dev", Json.of(JAVA_SDK_PATCH), false);
        assertEquals(Json.of("{'site':'a'}"), update.tags());
        assertEquals(Json.of("{'fan':1}"), update.desired());
    }

    @Test
    void aTwinReadWithGetMayBeSentBackWhole() {
        TwinUpdate update = TwinUpdate.fromServiceJson("dev", Json.of("{'deviceId':'dev','etag':'AAAAAAAAAAE=','version':1,"
                + "'status':'enabled','tags':{},'properties':{'desired':{'a':1,'$metadata':{'$lastUpdated':'2024-05-01T10:00:00Z'},"
                + "'$version':4},'reported':{'b':2,'$version':3}}}"), true);
        assertEquals(Json.of("{'a':1}"), update.desired());
        assertEquals(Json.of("{}"), update.tags());
    }

    @Test
    void missingPartsAreLeftAlone() {
        TwinUpdate update = TwinUpdate.fromServiceJson("dev", Json.of("{'properties':{'desired':null}}"), false);
        assertNull(update.tags());
        assertNull(update.desired());
        assertTrue(update.isEmpty());
    }

    @Test
    void aPatchMayNotWriteReportedProperties() {
        HubException e = assertThrows(HubException.class,
                () -> TwinUpdate.fromServiceJson("dev", Json.of("{'properties':{'reported':{'b':2}}}"), false));
        assertEquals(ErrorCode.ARGUMENT_INVALID, e.errorCode());
    }

    @Test
    void wrongTypesAndAForeignDeviceIdAreRefused() {
        assertThrows(HubException.class, () -> TwinUpdate.fromServiceJson("dev", Json.of("{'tags':[1]}"), false));
        assertThrows(HubException.class, () -> TwinUpdate.fromServiceJson("dev", Json.of("{'properties':{'desired':5}}"), false));
        assertThrows(HubException.class, () -> TwinUpdate.fromServiceJson("dev", Json.of("{'deviceId':'other','tags':{}}"), false));
    }
}
