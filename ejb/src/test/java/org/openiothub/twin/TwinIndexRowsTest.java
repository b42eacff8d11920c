package org.openiothub.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openiothub.query.TwinPropertyDiff;
import org.openiothub.query.TwinPropertyRow;
import org.openiothub.query.TwinPropertyRows;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.DeviceRecord;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.twin.JpaTwinPropertyIndex.Part;

/** The index rows a twin write maintains by difference are the rows of the twin's part of its query document. */
class TwinIndexRowsTest {

    private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-01T11:00:00.1234567Z");

    private static final DeviceRecord DEVICE = new DeviceRecord("dev", "gen", "etag", DeviceStatus.ENABLED, "why",
            CREATED, AuthenticationType.SAS, "pk", "sk", null, null, false, true, T1, T1, 3);

    private static Twin sample() {
        return Twin.empty("dev", CREATED)
                .patchedBy(new TwinUpdate(Json.of("{'building':'b42','floor':{'n':3,'open':true}}"),
                        Json.of("{'fan':{'speed':3,'mode':null},'list':[1,2]}")), T1)
                .reportedPatchedBy(Json.of("{'fw':'2.1','temp':21.5,'ok':false,'nothing':null}"), T1);
    }

    @Test
    void twinRowsAreTheTwinPartOfTheQueryDocumentsRows() {
        Twin twin = sample();
        List<TwinPropertyRow> fromDocument = TwinPropertyRows.of(new DeviceTwin(DEVICE, twin).toJson()).stream()
                .filter(row -> Part.TWIN.covers(row.path())).toList();

        assertEquals(Set.copyOf(fromDocument), Set.copyOf(JpaTwinPropertyIndex.twinRows(twin)));
        assertTrue(fromDocument.stream().anyMatch(row -> row.path().equals("properties.reported.fw")), "sanity");
    }

    @Test
    void aReportedPatchChangesOnlyTheRowsItTouched() {
        Twin before = sample();
        Twin after = before.reportedPatchedBy(Json.of("{'temp':22,'fw':null,'new':'x'}"), T1);

        TwinPropertyDiff diff = TwinPropertyDiff.between(JpaTwinPropertyIndex.twinRows(before),
                JpaTwinPropertyIndex.twinRows(after));

        assertEquals(List.of("properties.reported.fw"), diff.removedPaths());
        assertEquals(Set.of("properties.reported.temp"), diff.changed().stream().map(TwinPropertyRow::path).collect(Collectors.toSet()));
        assertEquals(List.of(new TwinPropertyRow("properties.reported.new", "x", null, null)), diff.added());
    }
}
