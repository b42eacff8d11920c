package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class TwinValueTest {

    @Test
    void readsTheValueAndNotItsMetadataEntry() {
        String twin = "{\"properties\":{\"desired\":{\"$metadata\":{\"crashDesired\":{\"$lastUpdated\":\"x\"}},"
                + "\"crashDesired\": 12,\"$version\":13}}}";

        assertEquals(Optional.of(12L), TwinValue.DESIRED.readFrom(twin));
        assertEquals(Optional.empty(), TwinValue.REPORTED.readFrom(twin));
    }

    @Test
    void patchSetsTheValueUnderItsOwnName() {
        assertEquals("{\"crashTag\":3}", TwinValue.TAG.patch(3));
        assertEquals(Optional.of(3L), TwinValue.TAG.readFrom("{\"tags\":" + TwinValue.TAG.patch(3) + "}"));
    }
}
