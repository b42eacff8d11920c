package org.openiothub.eventhub;

/**
 * CDI event: an Event Hubs reader with an epoch (the SDKs' owner level) opened or closed on {@code node}. Readers of the
 * same partition and consumer group on other nodes of a cluster obey it as they obey one on their own node: an open
 * reader steals the partition from readers with a lower or equal epoch or none, and refuses those that come later with
 * a lower one, until it closes.
 *
 * @param consumerGroup lower case, as consumer groups compare
 */
public record EpochReader(State state, String node, String consumerGroup, String partition, long epoch) {

    public enum State {
        OPENED, CLOSED
    }
}
