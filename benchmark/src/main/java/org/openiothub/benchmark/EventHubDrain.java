package org.openiothub.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.handler.ssl.SslContext;

/**
 * Reads the hub's Event Hub as an Event Hubs SDK consumer does: one AMQP/TLS connection (SASL ANONYMOUS, tokens
 * put on {@code $cbs}) carrying one {@link EventHubPartitionReceiver} per partition of the {@code $Default}
 * consumer group, on an event loop thread of its own. At the end it says whether every acknowledged message was
 * received, from the partitions' sequence numbers.
 */
final class EventHubDrain implements TelemetryDrain {

    static final String CONSUMER_GROUP = "$Default";

    private final ClientEventLoops loops;
    private final AmqpClientConnection<EventHubPartitionReceiver> connection;
    private final List<EventHubPartitionReceiver> receivers;

    private EventHubDrain(ClientEventLoops loops, AmqpClientConnection<EventHubPartitionReceiver> connection,
            List<EventHubPartitionReceiver> receivers) {
        this.loops = loops;
        this.connection = connection;
        this.receivers = receivers;
    }

    /**
     * Connects and attaches a receiver to each partition.
     *
     * @param hubHostName the host name tokens and the AMQP open name
     * @param keyText     the policy's key as its text
     * @throws IllegalStateException when a receiver is not attached within {@code timeout}
     */
    static EventHubDrain start(SslContext tls, String host, int port, String hubHostName, String eventHub,
            int partitions, String keyName, String keyText, long tokenExpiry, int prefetch, boolean earliest,
            Duration timeout) throws InterruptedException {
        ClientEventLoops loops = new ClientEventLoops(1, "eventhub-drain");
        AmqpClientConnection<EventHubPartitionReceiver> connection = new AmqpClientConnection<>(hubHostName);
        List<EventHubPartitionReceiver> receivers = new ArrayList<>(partitions);
        EventHubDrain drain = new EventHubDrain(loops, connection, receivers);
        try {
            connection.connect(loops.bootstrap(), tls, host, port, timeout.toMillis());
            for (int partition = 0; partition < partitions; partition++) {
                EventHubPartitionReceiver receiver = new EventHubPartitionReceiver(hubHostName, eventHub,
                        CONSUMER_GROUP, partition, keyName, keyText, tokenExpiry, prefetch, earliest);
                receivers.add(receiver);
                connection.add(receiver, timeout.toMillis());
            }
            CompletableFuture.allOf(receivers.stream().map(EventHubPartitionReceiver::ready)
                    .toArray(CompletableFuture[]::new)).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return drain;
        } catch (ExecutionException | TimeoutException e) {
            drain.close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Attaching the Event Hub receivers of " + eventHub + " at " + host + ":"
                    + port + " failed: " + cause.getMessage(), cause);
        }
    }

    @Override
    public long received() {
        long sum = 0;
        for (EventHubPartitionReceiver receiver : receivers) {
            sum += receiver.received();
        }
        return sum;
    }

    @Override
    public String failure() {
        for (EventHubPartitionReceiver receiver : receivers) {
            if (receiver.failure() != null) {
                return receiver.failure();
            }
        }
        return null;
    }

    @Override
    public String label() {
        return "Event Hub";
    }

    /**
     * Every acknowledged message is in its partition's log, whose sequence numbers are consecutive: none is
     * missing when no number was skipped and at least as many distinct events arrived as were acknowledged (more
     * when a message was stored but its acknowledgement lost with its connection).
     */
    @Override
    public String verdict(long acked) {
        long distinct = 0;
        long duplicates = 0;
        long gaps = 0;
        long malformed = 0;
        for (EventHubPartitionReceiver receiver : receivers) {
            distinct += receiver.sequence().distinct();
            duplicates += receiver.sequence().duplicates();
            gaps += receiver.sequence().gaps();
            malformed += receiver.malformed();
        }
        boolean complete = gaps == 0 && malformed == 0 && distinct >= acked;
        return String.format(Locale.ROOT, "%s: %d distinct events for %d acknowledged, %d skipped sequence numbers,"
                        + " %d duplicates%s", complete ? "none missing" : "MISSING " + Math.max(acked - distinct, gaps),
                distinct, acked, gaps, duplicates, malformed == 0 ? "" : ", " + malformed + " malformed");
    }

    @Override
    public void close() throws InterruptedException {
        ClientEventLoops.closeAll(List.of(connection), AmqpClientConnection::disconnect, Duration.ofSeconds(5));
        loops.close();
    }
}
