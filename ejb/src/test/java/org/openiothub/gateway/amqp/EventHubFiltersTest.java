package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.junit.jupiter.api.Test;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.gateway.amqp.EventHubFilters.InvalidFilterException;

class EventHubFiltersTest {

    private static final Symbol KEY = Symbol.valueOf("apache.org:selector-filter:string");

    /** The filter as the Java SDK sends it: described by the symbol. */
    private static StartPosition java(String selector) {
        return EventHubFilters.startPosition(Map.of(KEY, new UnknownDescribedType(KEY, selector)));
    }

    /** The filter as the Node SDK sends it: described by the ulong code. */
    private static StartPosition node(String selector) {
        return EventHubFilters.startPosition(Map.of(KEY, new UnknownDescribedType(UnsignedLong.valueOf(0x0000468C00000004L), selector)));
    }

    @Test
    void earliestAndLatestInBothDescriptorForms() {
        assertEquals(new StartPosition.Earliest(), java("amqp.annotation.x-opt-offset > '-1'"));
        assertEquals(new StartPosition.Earliest(), node("amqp.annotation.x-opt-offset > '-1'"));
        assertEquals(new StartPosition.Latest(), java("amqp.annotation.x-opt-offset > '@latest'"));
        assertEquals(new StartPosition.Latest(), node("amqp.annotation.x-opt-offset > '@latest'"));
    }

    @Test
    void offsetsExclusiveAndInclusive() {
        assertEquals(new StartPosition.AfterOffset(1234, false), java("amqp.annotation.x-opt-offset > '1234'"));
        assertEquals(new StartPosition.AfterOffset(1234, true), node("amqp.annotation.x-opt-offset >= '1234'"));
        assertEquals(new StartPosition.AfterOffset(0, true), java("x-opt-offset >= '0'"));
    }

    @Test
    void sequenceNumbersExclusiveAndInclusive() {
        assertEquals(new StartPosition.AfterSequenceNumber(42, false), java("amqp.annotation.x-opt-sequence-number > '42'"));
        assertEquals(new StartPosition.AfterSequenceNumber(42, true), node("amqp.annotation.x-opt-sequence-number >= '42'"));
    }

    @Test
    void enqueuedTimeInEpochMillis() {
        assertEquals(new StartPosition.AfterEnqueuedTime(Instant.ofEpochMilli(1_700_000_000_123L)),
                java("amqp.annotation.x-opt-enqueued-time > '1700000000123'"));
        assertEquals(new StartPosition.AfterEnqueuedTime(Instant.ofEpochMilli(1_700_000_000_123L).minusNanos(1)),
                node("amqp.annotation.x-opt-enqueued-time >= '1700000000123'"));
    }

    @Test
    void noFilterStartsAtTheOldestEvent() {
        assertEquals(new StartPosition.Earliest(), EventHubFilters.startPosition(null));
        assertEquals(new StartPosition.Earliest(), EventHubFilters.startPosition(Map.of()));
    }

    @Test
    void aFilterSurvivesTheWireAsTheSdksEncodeIt() {
        Source source = new Source();
        source.setFilter(Map.of(KEY, new UnknownDescribedType(UnsignedLong.valueOf(0x0000468C00000004L),
                "amqp.annotation.x-opt-sequence-number > '7'")));
        org.apache.qpid.proton.message.Message carrier = org.apache.qpid.proton.message.Message.Factory.create();
        carrier.setBody(new org.apache.qpid.proton.amqp.messaging.AmqpValue(source.getFilter()));
        @SuppressWarnings("unchecked")
        Map<Symbol, Object> decoded = (Map<Symbol, Object>) ((org.apache.qpid.proton.amqp.messaging.AmqpValue)
                AmqpWire.onTheWire(carrier).getBody()).getValue();
        assertEquals(new StartPosition.AfterSequenceNumber(7, false), EventHubFilters.startPosition(decoded));
    }

    @Test
    void aSelectorThatIsNoStartPositionIsRefused() {
        assertThrows(InvalidFilterException.class, () -> java("color = 'red'"));
        assertThrows(InvalidFilterException.class, () -> java("amqp.annotation.x-opt-offset < '5'"));
        assertThrows(InvalidFilterException.class, () -> node("amqp.annotation.x-opt-sequence-number > 'abc'"));
    }
}
