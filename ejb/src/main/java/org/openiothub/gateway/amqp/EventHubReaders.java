package org.openiothub.gateway.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;

/**
 * Who reads each partition of the Event Hub for each consumer group on this node, and the rules Event Hubs sets for
 * them: at most {@value #MAX_READERS} readers per partition and consumer group; a reader with an epoch (an owner
 * level) takes the partition from readers with a lower or equal epoch and from those without one, which are stolen
 * ({@code amqp:link:stolen}); while a reader with an epoch holds it, a reader with a lower epoch or none is refused
 * with the same condition. Consumer group names compare case-insensitively, as Event Hubs' do.
 *
 * <p>In a cluster, epochs hold across nodes: this node tells the others of its readers with an epoch
 * ({@link Announcer}), steals its own readers for one opened elsewhere, and refuses lower epochs while it is open there.
 * The limit of readers counts this node's only. Thread-safe: connections on every event loop share it.
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

    /** Tells the other nodes of a cluster when a reader with an epoch opens and closes here. */
    interface Announcer {
        Announcer NONE = new Announcer() {
            @Override
            public void opened(String consumerGroup, String partition, long epoch) {
                // no other node
            }

            @Override
            public void closed(String consumerGroup, String partition, long epoch) {
                // no other node
            }
        };

        /** @param consumerGroup lower case */
        void opened(String consumerGroup, String partition, long epoch);

        /** @param consumerGroup lower case */
        void closed(String consumerGroup, String partition, long epoch);
    }

    private record Entry(Reader reader, Long epoch) {
    }

    /** A reader with an epoch open on another node. */
    private record Elsewhere(String node, long epoch) {
    }

    private final Map<String, List<Entry>> readers = new HashMap<>();
    private final Map<String, Elsewhere> elsewhere = new HashMap<>();
    private final Announcer announcer;

    EventHubReaders() {
        this(Announcer.NONE);
    }

    EventHubReaders(Announcer announcer) {
        this.announcer = announcer;
    }

    /**
     * Registers {@code reader} of {@code partition} for {@code consumerGroup}, stealing it from the readers its
     * epoch outranks.
     *
     * @param epoch {@code null} for a reader without an owner level
     * @throws LinkRefusedException {@code amqp:link:stolen} when a reader with a higher epoch holds the partition
     *                              (or any epoch, for a reader without one); {@code amqp:resource-limit-exceeded}
     *                              when it has {@value #MAX_READERS} readers already
     */
    Registration join(String consumerGroup, String partition, Long epoch, Reader reader) {
        String group = consumerGroup.toLowerCase(Locale.ROOT);
        String key = group + "/" + partition;
        Entry entry = joinHere(key, consumerGroup, partition, epoch, reader);
        if (epoch != null) {
            announcer.opened(group, partition, epoch);
        }
        return () -> {
            if (leave(key, entry) && epoch != null) {
                announcer.closed(group, partition, epoch);
            }
        };
    }

    private synchronized Entry joinHere(String key, String consumerGroup, String partition, Long epoch, Reader reader) {
        List<Entry> current = readers.getOrDefault(key, List.of());
        Long owner = Stream.concat(current.stream().map(Entry::epoch), Stream.ofNullable(elsewhere.get(key)).map(Elsewhere::epoch))
                .filter(Objects::nonNull).max(Long::compare).orElse(null);
        if (owner != null && (epoch == null || epoch < owner)) {
            throw new LinkRefusedException(AmqpConditions.LINK_STOLEN, "A receiver with a higher epoch '" + owner
                    + "' already exists on partition " + partition + " of consumer group " + consumerGroup
                    + ". A receiver with epoch '" + (epoch == null ? "none" : epoch) + "' cannot be created.");
        }
        if (epoch == null && current.size() >= MAX_READERS) {
            throw new LinkRefusedException(AmqpConditions.RESOURCE_LIMIT_EXCEEDED, "Partition " + partition
                    + " of consumer group " + consumerGroup + " has " + MAX_READERS + " readers already, the most it allows.");
        }
        List<Entry> joined = readers.computeIfAbsent(key, ignored -> new ArrayList<>());
        if (epoch != null) {
            // A reader with an epoch outranks every reader it was not refused by: they are all stolen.
            for (Entry stolen : joined) {
                stolen.reader().stolen("A receiver with epoch '" + epoch + "' took partition " + partition
                        + " of consumer group " + consumerGroup + "; this receiver (epoch '"
                        + (stolen.epoch() == null ? "none" : stolen.epoch()) + "') is disconnected.");
            }
            joined.clear();
            elsewhere.remove(key);
        }
        Entry entry = new Entry(reader, epoch);
        joined.add(entry);
        return entry;
    }

    /** @return whether the entry was still registered (not stolen, not left before) */
    private synchronized boolean leave(String key, Entry entry) {
        List<Entry> current = readers.get(key);
        if (current == null || !current.remove(entry)) {
            return false;
        }
        if (current.isEmpty()) {
            readers.remove(key);
        }
        return true;
    }

    /**
     * A reader with {@code epoch} opened on {@code node}: this node's readers of the partition with a lower or equal
     * epoch, or none, are stolen, and lower epochs refused until it closes there.
     */
    synchronized void openedElsewhere(String node, String consumerGroup, String partition, long epoch) {
        String key = consumerGroup.toLowerCase(Locale.ROOT) + "/" + partition;
        Elsewhere known = elsewhere.get(key);
        if (known == null || known.epoch() <= epoch) {
            elsewhere.put(key, new Elsewhere(node, epoch));
        }
        List<Entry> current = readers.get(key);
        if (current == null) {
            return;
        }
        for (Entry stolen : List.copyOf(current)) {
            if (stolen.epoch() == null || stolen.epoch() <= epoch) {
                current.remove(stolen);
                stolen.reader().stolen("A receiver with epoch '" + epoch + "' on another node took partition "
                        + partition + " of consumer group " + consumerGroup + "; this receiver (epoch '"
                        + (stolen.epoch() == null ? "none" : stolen.epoch()) + "') is disconnected.");
            }
        }
        if (current.isEmpty()) {
            readers.remove(key);
        }
    }

    /** The reader with {@code epoch} on {@code node} closed: lower epochs may read here again. */
    synchronized void closedElsewhere(String node, String consumerGroup, String partition, long epoch) {
        elsewhere.remove(consumerGroup.toLowerCase(Locale.ROOT) + "/" + partition, new Elsewhere(node, epoch));
    }

    /** {@code node} left the cluster: its readers are gone. */
    synchronized void nodeLeft(String node) {
        elsewhere.values().removeIf(remote -> remote.node().equals(node));
    }

    /** How many readers {@code partition} has for {@code consumerGroup} on this node. */
    synchronized int count(String consumerGroup, String partition) {
        List<Entry> current = readers.get(consumerGroup.toLowerCase(Locale.ROOT) + "/" + partition);
        return current == null ? 0 : current.size();
    }
}
