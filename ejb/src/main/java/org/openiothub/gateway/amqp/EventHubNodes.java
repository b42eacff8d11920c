package org.openiothub.gateway.amqp;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;
import org.openiothub.eventhub.EventHub;
import org.openiothub.eventhub.EventHub.StartPosition;
import org.openiothub.gateway.amqp.AmqpConnection.LinkRefusedException;
import org.openiothub.gateway.amqp.EventHubFilters.InvalidFilterException;

/**
 * Serves the links Event Hubs receivers attach to {@code <hub name>/ConsumerGroups/<group>/Partitions/<p>}: the
 * entity must be this hub's Event Hub, the partition one of its own and the consumer group one of the built-in
 * endpoint's (else {@code amqp:not-found} with the wording the SDKs treat as final), and a claim of the connection
 * must cover the address. Since the consumer group is looked up in the broker, the link's attach is answered once
 * that is known; then the reader joins the partition's readers ({@link EventHubReaders}) and the link opens.
 */
final class EventHubNodes {

    static final Symbol EPOCH = Symbol.valueOf("com.microsoft:epoch");
    static final Symbol RUNTIME_METRIC = Symbol.valueOf("com.microsoft:enable-receiver-runtime-metric");

    /** Closes a link with a condition, attached or not yet; the connection's. */
    @FunctionalInterface
    interface LinkCloser {
        void close(Link link, Symbol condition, String description);
    }

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Function<String, Claim.EventHub> claims;
    private final LinkCloser closer;

    /** @param claims the connection's valid claim covering an Event Hub path, {@code null} when none does */
    EventHubNodes(AmqpServices services, ProtonDriver driver, Function<String, Claim.EventHub> claims, LinkCloser closer) {
        this.services = services;
        this.driver = driver;
        this.claims = claims;
        this.closer = closer;
    }

    /**
     * @return the link's endpoint, its link not yet open
     * @throws LinkRefusedException when the address, the claim or the filter does not allow the link
     */
    LinkEndpoint attach(AmqpAddress.EventHubPartition address, Link link) {
        EventHub hub = services.eventHub();
        if (hub == null || !address.entity().equalsIgnoreCase(services.hubName())) {
            throw notFound(address.entity());
        }
        int partition = partitionOf(address.partition(), hub.partitionCount());
        if (partition < 0) {
            throw notFound(address.path().substring(1));
        }
        if (!(link instanceof Sender sender)) {
            throw new LinkRefusedException(AmqpConditions.NOT_ALLOWED, "Event Hub partitions are read from, not sent to.");
        }
        Claim.EventHub claim = claims.apply(address.path());
        if (claim == null) {
            throw new LinkRefusedException(AmqpConditions.UNAUTHORIZED_ACCESS,
                    "No valid put-token for " + address.path() + " on this connection: put one on $cbs before attaching.");
        }
        StartPosition start;
        try {
            Source source = link.getRemoteSource() instanceof Source remote ? remote : null;
            start = EventHubFilters.startPosition(source == null ? null : source.getFilter());
        } catch (InvalidFilterException e) {
            throw new LinkRefusedException(AmqpConditions.ARGUMENT_ERROR, e.getMessage());
        }
        boolean runtimeMetric = link.getRemoteDesiredCapabilities() != null
                && Arrays.asList(link.getRemoteDesiredCapabilities()).contains(RUNTIME_METRIC);
        if (runtimeMetric) {
            link.setOfferedCapabilities(new Symbol[] {RUNTIME_METRIC});
        }
        Long epoch = epochOf(link.getRemoteProperties());
        EventHubPartitionSender endpoint = new EventHubPartitionSender(driver, sender, services.blockingWork(), hub,
                partition, address.consumerGroup(), start, runtimeMetric, services.clock(), claim.key());
        try {
            services.blockingWork().execute(() -> {
                boolean exists;
                try {
                    exists = services.consumerGroups().exists(address.consumerGroup());
                } catch (RuntimeException e) {
                    driver.execute(() -> closer.close(link, AmqpConditions.INTERNAL_ERROR, "The hub cannot look up consumer group "
                            + address.consumerGroup() + "; attach again."));
                    return;
                }
                driver.execute(() -> open(address, sender, endpoint, epoch, exists));
            });
        } catch (RejectedExecutionException e) {
            throw new LinkRefusedException(AmqpConditions.INTERNAL_ERROR, "The hub is too busy; attach again.");
        }
        return endpoint;
    }

    private void open(AmqpAddress.EventHubPartition address, Sender sender, EventHubPartitionSender endpoint, Long epoch,
            boolean consumerGroupExists) {
        if (endpoint.isClosed()) {
            return;
        }
        if (!consumerGroupExists) {
            closer.close(sender, AmqpConditions.NOT_FOUND, notFoundDescription(address.entity() + "/ConsumerGroups/" + address.consumerGroup()));
            return;
        }
        EventHubReaders.Registration registration;
        try {
            registration = services.eventHubReaders().join(address.consumerGroup(), address.partition(), epoch,
                    description -> driver.execute(() -> closer.close(sender, AmqpConditions.LINK_STOLEN, description)));
        } catch (LinkRefusedException e) {
            closer.close(sender, e.condition(), e.getMessage());
            return;
        }
        sender.open();
        endpoint.start(registration);
    }

    /** @return the partition {@code id} names, or -1 when it is not one of {@code count} */
    static int partitionOf(String id, int count) {
        if (id == null || !id.matches("[0-9]{1,9}")) {
            return -1;
        }
        int partition = Integer.parseInt(id);
        return partition < count ? partition : -1;
    }

    /** The link's {@code com.microsoft:epoch} (the SDKs' owner level), {@code null} without one. */
    static Long epochOf(Map<Symbol, Object> properties) {
        Object epoch = properties == null ? null : properties.get(EPOCH);
        return epoch instanceof Number number ? number.longValue() : null;
    }

    /** The description the Event Hubs SDKs read as "the entity does not exist" and stop retrying on. */
    static String notFoundDescription(String entity) {
        return "The messaging entity '" + entity + "' could not be found.";
    }

    private static LinkRefusedException notFound(String entity) {
        return new LinkRefusedException(AmqpConditions.NOT_FOUND, notFoundDescription(entity));
    }
}
