package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClassHistogramTest {

    private static final String BEFORE = """
            27739:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        270892       45511504  [B (java.base@17.0.15)
               2:        260547        8337504  java.util.HashMap$Node (java.base@17.0.15)
               3:           300          24000  org.openiothub.gateway.mqtt.MqttDeviceLink
               4:            10            640  org.example.Shrinking
            Total       531749       53873648
            """;

    private static final String AFTER = """
            27739:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        270000       45000000  [B (java.base@17.0.15)
               2:        262547        8401504  java.util.HashMap$Node (java.base@17.0.15)
               3:          3900         312000  org.openiothub.gateway.mqtt.MqttDeviceLink
               4:             5            320  org.example.Shrinking
               5:            20           1280  org.example.New
               6:            20           1280  org.example.New
            Total       536492       53715104
            """;

    @Test
    void namesTheClassesThatGainedMostBytesFirst() {
        List<ClassHistogram.Growth> grown = ClassHistogram.parse(AFTER).grownSince(ClassHistogram.parse(BEFORE), 10);

        assertEquals(List.of("org.openiothub.gateway.mqtt.MqttDeviceLink", "java.util.HashMap$Node",
                "org.example.New"), grown.stream().map(ClassHistogram.Growth::className).toList());
        assertEquals(3600, grown.get(0).instances());
        assertEquals(288000, grown.get(0).bytes());
        assertEquals(3900, grown.get(0).instancesAfter());
    }

    @Test
    void rowsOfOneClassNameFromSeveralLoadersAreAddedUp() {
        ClassHistogram histogram = ClassHistogram.parse(AFTER);

        assertEquals(new ClassHistogram.Count(40, 2560), histogram.classes().get("org.example.New"));
    }

    @Test
    void theLimitKeepsTheLargest() {
        List<ClassHistogram.Growth> grown = ClassHistogram.parse(AFTER).grownSince(ClassHistogram.parse(BEFORE), 1);

        assertEquals(1, grown.size());
        assertTrue(grown.get(0).describe().contains("MqttDeviceLink"));
    }

    @Test
    void outputWithoutRowsIsEmpty() {
        assertTrue(ClassHistogram.parse("27739:\nCould not attach\n").classes().isEmpty());
    }
}
