package org.openiothub.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConsumerGroupNamesTest {

    private static final List<String> GROUPS = List.of("$Default", "Analytics", "analytics-2");

    @Test
    void aGroupIsFoundByItsNameInAnyCase() {
        assertEquals(Optional.of("$Default"), ConsumerGroupNames.find("$default", GROUPS),
                "as EventProcessorClient names it");
        assertEquals(Optional.of("Analytics"), ConsumerGroupNames.find("ANALYTICS", GROUPS));
        assertEquals(Optional.of("analytics-2"), ConsumerGroupNames.find("analytics-2", GROUPS));
    }

    @Test
    void theExactSpellingWinsOverAnotherCase() {
        assertEquals(Optional.of("cg"), ConsumerGroupNames.find("cg", List.of("CG", "cg")));
    }

    @Test
    void anotherNameIsNotFound() {
        assertEquals(Optional.empty(), ConsumerGroupNames.find("analytics-3", GROUPS));
        assertEquals(Optional.empty(), ConsumerGroupNames.find("analytic", GROUPS));
        assertEquals(Optional.empty(), ConsumerGroupNames.find(null, GROUPS));
    }
}
