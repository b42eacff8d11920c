package org.openiothub.gateway.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

/**
 * Who reads each partition of the Event Hub for each consumer group on this node, and the rules Event Hubs sets for
 * them: at most {@value #MAX_READERS} readers per partition and consumer group; a reader with an epoch (an owner
 * level) takes the partition from readers with a lower or equal epoch and from those without one, which are stolen
 * ({@code amqp:link:stolen}); while a reader with an epoch holds it, a reader with a lower epoch or none is refused
 * with the same condition. Consumer group names compare case-insensitively, as Event Hubs' do.
 *
 * <p>This node only: readers of the same partition on another node of a cluster are not counted, nor stolen.
 * Thread-safe: connections on every event loop share it.
 */
final class EventHubReaders {

    /** IoT Hub's limit of concurrent readers per partition and consumer group. */
    static final int MAX_READERS = 5;

    /** A reader as the registry knows it. */
    interface Reader {
        /**
         * A reader with a higher epoch took the partition: end the link with {@code amqp:link:stolen} and
         * {@code description}. Called with the registry's lock held, on the thread of the new reader: hand it over
         * to the reader's own event loop.
         */
        void stolen(String description);
    }

    /** A reader's place; leaving twice, or after it was stolen, changes nothing. */
    interface Registration {
        void leave();
    }

    private record Entry(Reader reader, Long epoch) {
    }

    private final Map<String, List<Entry>> readers = new HashMap<>();

    /**
     * Registers {@code reader} of {@code partition} for {@code consumerGroup}, stealing it from the readers its
     * epoch outranks.
     *
     * @param epoch {@code null} for a reader without an owner level
     * @throws LinkRefusedException {@code amqp:link:stolen} when a reader with a higher epoch holds the partition
     *                              (or any epoch, for a reader without one); {@code amqp:resource-limit-exceeded}
     *                              when it has {@value #MAX_READERS} readers already
     */
    synchronized Registration join(String consumerGroup, String partition, Long epoch, Reader reader) {
        String key = consumerGroup.toLowerCase(Locale.ROOT) + "/" + partition;
        List<Entry> current = readers.computeIfAbsent(key, ignored -> new ArrayList<>());
        Long owner = current.stream().map(Entry::epoch).filter(Objects::nonNull).max(Long::compare).orElse(null);
        if (owner != null && (epoch == null || epoch < owner)) {
            throw new LinkRefusedException(AmqpConditions.LINK_STOLEN, "A receiver with a higher epoch '" + owner
                    + "' already exists on partition " + partition + " of consumer group " + consumerGroup
                    + ". A receiver with epoch '" + (epoch == null ? "none" : epoch) + "' cannot be created.");
        }
        List<Entry> outranked = epoch == null ? List.of() : List.copyOf(current);
        if (current.size() - outranked.size() >= MAX_READERS) {
            throw new LinkRefusedException(AmqpConditions.RESOURCE_LIMIT_EXCEEDED, "Partition " + partition
                    + " of consumer group " + consumerGroup + " has " + MAX_READERS + " readers already, the most it allows.");
        }
        for (Entry stolen : outranked) {
            current.remove(stolen);
            stolen.reader().stolen("A receiver with epoch '" + epoch + "' took partition " + partition
                    + " of consumer group " + consumerGroup + "; this receiver (epoch '"
                    + (stolen.epoch() == null ? "none" : stolen.epoch()) + "') is disconnected.");
        }
        Entry entry = new Entry(reader, epoch);
        current.add(entry);
        return () -> leave(key, entry);
    }

    private synchronized void leave(String key, Entry entry) {
        List<Entry> current = readers.get(key);
        if (current != null && current.remove(entry) && current.isEmpty()) {
            readers.remove(key);
        }
    }

    /** How many readers {@code partition} has for {@code consumerGroup} on this node. */
    synchronized int count(String consumerGroup, String partition) {
        List<Entry> current = readers.get(consumerGroup.toLowerCase(Locale.ROOT) + "/" + partition);
        return current == null ? 0 : current.size();
    }
}
