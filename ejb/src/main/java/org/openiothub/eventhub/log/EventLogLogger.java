package org.openiothub.eventhub.log;

import static org.jboss.logging.Logger.Level.ERROR;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What the Event Hub log tells operators. Message ids 4100-4199. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface EventLogLogger extends BasicLogger {

    EventLogLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), EventLogLogger.class,
            EventLogLogger.class.getPackageName());

    @LogMessage(level = WARN)
    @Message(id = 4100, value = "Event log segment %s ended in %d bytes of an unfinished write (never acknowledged); "
            + "cut back to its %d intact bytes")
    void tailTruncated(String file, long bytes, long intact);

    @LogMessage(level = ERROR)
    @Message(id = 4101, value = "Event log segment %s is damaged after its first %d of %d bytes; readers skip the rest. "
            + "The file is left as it is for inspection")
    void damagedSegment(String file, long intact, long size);

    @LogMessage(level = INFO)
    @Message(id = 4102, value = "Event log partition %d: deleted %d segments older than the retention; the partition "
            + "now begins at sequence number %d")
    void segmentsExpired(int partition, int segments, long beginSequenceNumber);

    @LogMessage(level = ERROR)
    @Message(id = 4103, value = "Event log partition %d cannot write to disk; appends fail until the hub restarts: %s")
    void writeFailed(int partition, String cause);

    @LogMessage(level = WARN)
    @Message(id = 4104, value = "Event log partition %d could not delete expired segments, tried again later: %s")
    void retentionFailed(int partition, String cause);
}
