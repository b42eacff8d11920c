package org.openiothub.c2d;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The feedback records waiting to be published, in the order their messages ended. IoT Hub batches feedback:
 * a batch goes out when it holds {@value #BATCH_SIZE} records or when its oldest record is {@link #BATCH_WINDOW}
 * old.
 */
@Stateless
public class JpaFeedbackOutbox {

    public static final int BATCH_SIZE = 64;
    public static final Duration BATCH_WINDOW = Duration.ofSeconds(15);

    @PersistenceContext
    EntityManager em;

    /** @return the next batch that is due at {@code now}, oldest first; empty when none is */
    public List<FeedbackRecord> dueBatch(Instant now) {
        List<FeedbackRecord> oldest = em.createQuery("select f from FeedbackRecord f order by f.sequence", FeedbackRecord.class)
                .setMaxResults(BATCH_SIZE)
                .getResultList();
        return isDue(oldest, now) ? oldest : List.of();
    }

    /** Removes records once the broker holds their batch. */
    public void remove(List<FeedbackRecord> published) {
        em.createQuery("delete from FeedbackRecord f where f.sequence in :sequences")
                .setParameter("sequences", published.stream().map(FeedbackRecord::sequence).toList())
                .executeUpdate();
    }

    static boolean isDue(List<FeedbackRecord> oldestFirst, Instant now) {
        return oldestFirst.size() >= BATCH_SIZE
                || (!oldestFirst.isEmpty() && !oldestFirst.get(0).enqueuedTime().plus(BATCH_WINDOW).isAfter(now));
    }
}
