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

    @Test
    void epochsHoldAcrossNodes() {
        List<String> announced = new ArrayList<>();
        EventHubReaders node = new EventHubReaders(new EventHubReaders.Announcer() {
            @Override
            public void opened(String consumerGroup, String partition, long epoch) {
                announced.add("opened " + consumerGroup + "/" + partition + " " + epoch);
            }

            @Override
            public void closed(String consumerGroup, String partition, long epoch) {
                announced.add("closed " + consumerGroup + "/" + partition + " " + epoch);
            }
        });
        node.join("$Default", "0", null, description -> stolen.add("plain"));
        EventHubReaders.Registration e3 = node.join("$Default", "0", 3L, description -> stolen.add("e3"));
        assertEquals(List.of("plain"), stolen);
        assertEquals(List.of("opened $default/0 3"), announced, "only readers with an epoch are announced");

        node.openedElsewhere("node2", "$default", "0", 3);
        assertEquals(List.of("plain", "e3"), stolen, "an equal epoch elsewhere steals it");
        e3.leave();
        assertEquals(List.of("opened $default/0 3"), announced, "a stolen reader's leaving is not announced");
        LinkRefusedException lower = assertThrows(LinkRefusedException.class,
                () -> node.join("$DEFAULT", "0", 2L, description -> stolen.add("e2")));
        assertEquals(AmqpConditions.LINK_STOLEN, lower.condition());
        assertThrows(LinkRefusedException.class, () -> node.join("$Default", "0", null, description -> stolen.add("none")));
        node.join("$Default", "1", null, description -> stolen.add("other partition"));

        node.closedElsewhere("node2", "$default", "0", 3);
        EventHubReaders.Registration again = node.join("$Default", "0", 1L, description -> stolen.add("e1"));
        again.leave();
        assertEquals(List.of("opened $default/0 3", "opened $default/0 1", "closed $default/0 1"), announced);

        node.openedElsewhere("node3", "$default", "0", 7);
        node.nodeLeft("node3");
        node.join("$Default", "0", null, description -> stolen.add("after node3 left"));
        assertEquals(1, node.count("$Default", "0"));
    }
}
