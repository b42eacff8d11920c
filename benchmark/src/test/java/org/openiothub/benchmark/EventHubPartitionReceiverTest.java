package org.openiothub.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventHubPartitionReceiverTest {

    @Test
    void consecutiveNumbersFromTheFirstSeenAreNeitherGapsNorDuplicates() {
        EventHubPartitionReceiver.SequenceCheck check = new EventHubPartitionReceiver.SequenceCheck();
        for (long number = 42; number < 142; number++) {
            check.record(number);
        }
        assertEquals(100, check.distinct());
        assertEquals(0, check.gaps());
        assertEquals(0, check.duplicates());
    }

    @Test
    void aNumberSeenAgainIsADuplicateAndASkippedOneAGap() {
        EventHubPartitionReceiver.SequenceCheck check = new EventHubPartitionReceiver.SequenceCheck();
        check.record(0);
        check.record(1);
        check.record(1);
        check.record(0);
        check.record(5);
        check.record(6);
        assertEquals(4, check.distinct());
        assertEquals(2, check.duplicates());
        assertEquals(3, check.gaps());
    }

    @Test
    void theReceiverPutsAnEventHubTokenForItsPartitionAddress() {
        EventHubPartitionReceiver latest = new EventHubPartitionReceiver("127.0.0.1", "hub", "$Default", 2,
                "iothubowner", "a2V5a2V5=", 1_700_000_000L, 500, false);
        assertEquals("hub/ConsumerGroups/$Default/Partitions/2", latest.address());
        assertEquals("amqp://127.0.0.1/hub/ConsumerGroups/$Default/Partitions/2", latest.audience());
        assertEquals(SasTokens.forEventHub(latest.audience(), "iothubowner", "a2V5a2V5=", 1_700_000_000L),
                latest.token());
    }
}
