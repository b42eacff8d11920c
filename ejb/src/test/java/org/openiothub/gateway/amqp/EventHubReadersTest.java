package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

class EventHubReadersTest {

    private final EventHubReaders readers = new EventHubReaders();
    private final List<String> stolen = new ArrayList<>();

    private EventHubReaders.Registration join(String name, String group, String partition, Long epoch) {
        return readers.join(group, partition, epoch, description -> stolen.add(name));
    }

    @Test
    void aSixthReaderOfAPartitionAndConsumerGroupIsRefused() {
        for (int i = 0; i < EventHubReaders.MAX_READERS; i++) {
            join("r" + i, "$Default", "0", null);
        }
        LinkRefusedException refused = assertThrows(LinkRefusedException.class, () -> join("r5", "$Default", "0", null));
        assertEquals(AmqpConditions.RESOURCE_LIMIT_EXCEEDED, refused.condition());
        join("other-partition", "$Default", "1", null);
        join("other-group", "cg", "0", null);
        assertEquals(5, readers.count("$default", "0"), "consumer groups compare case-insensitively");
    }

    @Test
    void leavingMakesRoom() {
        List<EventHubReaders.Registration> joined = new ArrayList<>();
        for (int i = 0; i < EventHubReaders.MAX_READERS; i++) {
            joined.add(join("r" + i, "$Default", "0", null));
        }
        joined.get(0).leave();
        joined.get(0).leave();
        join("r5", "$Default", "0", null);
        assertEquals(5, readers.count("$Default", "0"));
    }

    @Test
    void aHigherOrEqualEpochStealsThePartitionFromLowerAndEpochlessReaders() {
        join("plain", "$Default", "0", null);
        join("e1", "$Default", "0", 1L);
        assertEquals(List.of("plain"), stolen);
        join("e2", "$Default", "0", 2L);
        join("e2-again", "$Default", "0", 2L);
        assertEquals(List.of("plain", "e1", "e2"), stolen);
        assertEquals(1, readers.count("$Default", "0"));
    }

    @Test
    void aLowerEpochOrNoneIsRefusedWhileAnOwnerHoldsThePartition() {
        join("e5", "$Default", "0", 5L);
        LinkRefusedException lower = assertThrows(LinkRefusedException.class, () -> join("e4", "$Default", "0", 4L));
        assertEquals(AmqpConditions.LINK_STOLEN, lower.condition());
        LinkRefusedException none = assertThrows(LinkRefusedException.class, () -> join("plain", "$Default", "0", null));
        assertEquals(AmqpConditions.LINK_STOLEN, none.condition());
        assertEquals(List.of(), stolen);
        join("other-group", "cg", "0", 1L);
    }

    @Test
    void aStolenReaderLeavingChangesNothing() {
        EventHubReaders.Registration first = join("e0", "$Default", "0", 0L);
        join("e0-new", "$Default", "0", 0L);
        first.leave();
        assertEquals(1, readers.count("$Default", "0"));
    }
}
