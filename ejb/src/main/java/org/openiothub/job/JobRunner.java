package org.openiothub.job;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.config.HubConfig;
import org.openiothub.method.DirectMethods;
import org.openiothub.query.store.DeviceSelection;
import org.openiothub.twin.Twins;

/**
 * Runs the jobs this node has claimed, each on its own thread ({@link JobRun}), all paced by one
 * {@link DeviceOperationThrottle} at the hub's jobs device rate. Twin updates run on the hub's worker threads.
 */
@ApplicationScoped
public class JobRunner {

    /** How long a claim holds without renewal; a job whose node stopped is resumed by another claim after it. */
    static final Duration LEASE = Duration.ofSeconds(15);

    @Inject
    HubConfig config;

    @EJB
    JpaScheduledJobs store;

    @Inject
    DeviceSelection selection;

    @Inject
    DirectMethods methods;

    @EJB
    Twins twins;

    @Resource(lookup = "java:jboss/ee/concurrency/factory/default")
    ManagedThreadFactory threads;

    /** Where twin updates run, several at once, so that a job is not bound by one update's round trip. */
    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    Executor workers;

    /** Names this node's claims; new at every start, so a restarted node resumes its jobs by claiming them anew. */
    private final String node = UUID.randomUUID().toString();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private JobSettings settings;
    private DeviceOperationThrottle throttle;
    private volatile boolean stopping;

    @PostConstruct
    void readSettings() {
        settings = JobSettings.from(config);
        throttle = new DeviceOperationThrottle(settings.deviceRate());
    }

    /**
     * The hub is stopping: runs leave their jobs running, as they are, for the next start (or another node) to
     * resume once the lease lapses, rather than failing them on the way down.
     */
    @PreDestroy
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    public String node() {
        return node;
    }

    public JobSettings settings() {
        return settings;
    }

    /** Runs a job this node has just claimed; a job it runs already is left to that run. */
    public void start(String jobId) {
        if (!running.add(jobId)) {
            return;
        }
        Thread thread = threads.newThread(() -> {
            try {
                new JobRun(jobId, this).run();
            } finally {
                running.remove(jobId);
            }
        });
        thread.setName("scheduled-job-" + jobId);
        thread.start();
    }

    DeviceOperationThrottle throttle() {
        return throttle;
    }
}
