package org.openiothub.eventhub.database;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What the Event Hub kept in the database tells operators. Message ids 4110-4119. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface EventHubDatabaseLogger extends BasicLogger {

    EventHubDatabaseLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), EventHubDatabaseLogger.class,
            EventHubDatabaseLogger.class.getPackageName());

    @LogMessage(level = WARN)
    @Message(id = 4110, value = "Event Hub partition %d could not store %d events in the database; their senders are "
            + "told so and send them again: %s")
    void writeFailed(int partition, int events, String cause);

    @LogMessage(level = INFO)
    @Message(id = 4111, value = "Event Hub partition %d: deleted %d events older than the retention")
    void eventsExpired(int partition, int events);

    @LogMessage(level = WARN)
    @Message(id = 4112, value = "Event Hub partitions could not be read from the database, tried again shortly: %s")
    void watchFailed(String cause);

    @LogMessage(level = WARN)
    @Message(id = 4113, value = "Event Hub partition %d could not delete expired events, tried again later: %s")
    void retentionFailed(int partition, String cause);
}
