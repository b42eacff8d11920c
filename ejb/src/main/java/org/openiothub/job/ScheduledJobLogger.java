package org.openiothub.job;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What scheduled jobs tell operators. Message ids 8500-8599. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface ScheduledJobLogger extends BasicLogger {

    ScheduledJobLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), ScheduledJobLogger.class,
            ScheduledJobLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 8500, value = "[job-id: %s] %s job started on %d devices")
    void started(String jobId, String type, int devices);

    @LogMessage(level = INFO)
    @Message(id = 8501, value = "[job-id: %s] resumed with %d devices to go (%d were in flight when it stopped)")
    void resumed(String jobId, long remaining, int interrupted);

    @LogMessage(level = INFO)
    @Message(id = 8502, value = "[job-id: %s] ended %s: %d devices, %d succeeded, %d failed")
    void ended(String jobId, String status, int devices, int succeeded, int failed);

    @LogMessage(level = INFO)
    @Message(id = 8503, value = "[job-id: %s] maxExecutionTimeInSeconds %d ran out; %d devices did not get their turn")
    void timedOut(String jobId, long seconds, int devices);

    @LogMessage(level = WARN)
    @Message(id = 8504, value = "[job-id: %s] failed: %s")
    void failed(String jobId, String reason);

    @LogMessage(level = INFO)
    @Message(id = 8505, value = "%d scheduled jobs older than %s purged with their device records")
    void purged(int jobs, String history);

    @LogMessage(level = WARN)
    @Message(id = 8506, value = "Scheduled jobs could not be started or purged, tried again later: %s")
    void schedulerFailed(String reason);

    @LogMessage(level = WARN)
    @Message(id = 8507, value = "[job-id: %s] [device-id: %s] the outcome could not be recorded: %s")
    void outcomeNotRecorded(String jobId, String deviceId, String reason);

    @LogMessage(level = INFO)
    @Message(id = 8508, value = "[job-id: %s] cancelled")
    void cancelled(String jobId);
}
