package org.openiothub.it;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.messaging.eventhubs.CheckpointStore;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.PartitionOwnership;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link CheckpointStore} in memory, for {@code EventProcessorClient}s of one test JVM: ownership claimed with
 * optimistic concurrency on the entity tag, as the blob store does, and checkpoints kept per partition. Thread-safe.
 */
final class InMemoryCheckpointStore implements CheckpointStore {

    private final Map<String, PartitionOwnership> ownership = new ConcurrentHashMap<>();
    private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

    @Override
    public Flux<PartitionOwnership> listOwnership(String namespace, String eventHub, String consumerGroup) {
        String prefix = prefix(namespace, eventHub, consumerGroup);
        return Flux.fromIterable(List.copyOf(ownership.entrySet())).filter(entry -> entry.getKey().startsWith(prefix))
                .map(entry -> copy(entry.getValue()));
    }

    @Override
    public Flux<PartitionOwnership> claimOwnership(List<PartitionOwnership> requested) {
        return Flux.fromIterable(requested).flatMap(claim -> Mono.justOrEmpty(claim(claim)));
    }

    /** @return the claim as stored, or {@code null} when its entity tag is not the stored one's */
    private PartitionOwnership claim(PartitionOwnership request) {
        String key = prefix(request.getFullyQualifiedNamespace(), request.getEventHubName(), request.getConsumerGroup())
                + request.getPartitionId();
        PartitionOwnership[] claimed = new PartitionOwnership[1];
        ownership.compute(key, (ignored, current) -> {
            String expected = current == null ? null : current.getETag();
            if (!Objects.equals(expected, request.getETag())) {
                return current;
            }
            claimed[0] = copy(request).setETag(UUID.randomUUID().toString())
                    .setLastModifiedTime(System.currentTimeMillis());
            return claimed[0];
        });
        return claimed[0] == null ? null : copy(claimed[0]);
    }

    @Override
    public Flux<Checkpoint> listCheckpoints(String namespace, String eventHub, String consumerGroup) {
        String prefix = prefix(namespace, eventHub, consumerGroup);
        return Flux.fromIterable(List.copyOf(checkpoints.entrySet())).filter(entry -> entry.getKey().startsWith(prefix))
                .map(Map.Entry::getValue);
    }

    @Override
    public Mono<Void> updateCheckpoint(Checkpoint checkpoint) {
        return Mono.fromRunnable(() -> checkpoints.put(prefix(checkpoint.getFullyQualifiedNamespace(),
                checkpoint.getEventHubName(), checkpoint.getConsumerGroup()) + checkpoint.getPartitionId(), checkpoint));
    }

    /** The checkpoints stored, whatever their hub or consumer group. */
    List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints.values());
    }

    private static String prefix(String namespace, String eventHub, String consumerGroup) {
        return (namespace + "/" + eventHub + "/" + consumerGroup + "/").toLowerCase(Locale.ROOT);
    }

    private static PartitionOwnership copy(PartitionOwnership from) {
        return new PartitionOwnership().setFullyQualifiedNamespace(from.getFullyQualifiedNamespace())
                .setEventHubName(from.getEventHubName()).setConsumerGroup(from.getConsumerGroup())
                .setPartitionId(from.getPartitionId()).setOwnerId(from.getOwnerId()).setETag(from.getETag())
                .setLastModifiedTime(from.getLastModifiedTime());
    }
}
