package org.openiothub.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class JobStatusTest {

    @Test
    void aJobMovesForwardFromScheduledThroughQueuedAndRunningToAnEnd() {
        assertTrue(JobStatus.SCHEDULED.canBecome(JobStatus.QUEUED));
        assertTrue(JobStatus.SCHEDULED.canBecome(JobStatus.RUNNING));
        assertTrue(JobStatus.QUEUED.canBecome(JobStatus.RUNNING));
        assertTrue(JobStatus.RUNNING.canBecome(JobStatus.COMPLETED));
        assertTrue(JobStatus.RUNNING.canBecome(JobStatus.FAILED));
        assertFalse(JobStatus.RUNNING.canBecome(JobStatus.QUEUED));
        assertFalse(JobStatus.QUEUED.canBecome(JobStatus.SCHEDULED));
        assertFalse(JobStatus.SCHEDULED.canBecome(JobStatus.COMPLETED), "a job that never ran does not complete");
    }

    @Test
    void everyActiveJobCanBeCancelledAndAnEndedJobNeverChanges() {
        for (JobStatus status : JobStatus.ACTIVE) {
            assertTrue(status.canBecome(JobStatus.CANCELLED), status.name());
            assertFalse(status.isFinal());
        }
        for (JobStatus ended : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED}) {
            assertTrue(ended.isFinal());
            for (JobStatus next : JobStatus.values()) {
                assertFalse(ended.canBecome(next), ended + " -> " + next);
            }
        }
    }

    @Test
    void wireNamesAreIotHubsLowerCaseNames() {
        assertEquals("running", JobStatus.RUNNING.wireName());
        assertEquals(Optional.of(JobStatus.CANCELLED), JobStatus.ofWireName("Cancelled"));
        assertEquals(Optional.empty(), JobStatus.ofWireName("paused"));
        assertEquals(Optional.of(JobType.SCHEDULE_UPDATE_TWIN), JobType.ofWireName("scheduleUpdateTwin"));
        assertEquals(Optional.empty(), JobType.ofWireName("export"));
    }

    @Test
    void statisticsCountCancelledDevicesAsFailedSoTheCountsAddUp() {
        JobStatistics statistics = JobStatistics.of(java.util.Map.of(DeviceJobStatus.PENDING, 4L,
                DeviceJobStatus.RUNNING, 1L, DeviceJobStatus.COMPLETED, 10L, DeviceJobStatus.FAILED, 2L,
                DeviceJobStatus.CANCELLED, 3L));
        assertEquals(new JobStatistics(20, 5, 10, 1, 4), statistics);
        assertEquals(JobStatistics.NONE, JobStatistics.of(java.util.Map.of()));
    }
}
