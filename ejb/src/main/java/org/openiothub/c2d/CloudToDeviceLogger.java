package org.openiothub.c2d;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What cloud-to-device messaging tells operators. Message ids 6000-6099. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface CloudToDeviceLogger extends BasicLogger {

    CloudToDeviceLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), CloudToDeviceLogger.class,
            CloudToDeviceLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 6000, value = "[device-id: %s] cloud-to-device queue purged: %d messages")
    void purged(String deviceId, int count);

    @LogMessage(level = INFO)
    @Message(id = 6001, value = "%d cloud-to-device messages locked when the hub stopped are waiting again")
    void locksReleased(int count);

    @LogMessage(level = WARN)
    @Message(id = 6002, value = "[device-id: %s] cloud-to-device delivery failed, tried again in %d ms: %s")
    void deliveryFailed(String deviceId, long retryMillis, String reason);

    @LogMessage(level = WARN)
    @Message(id = 6003, value = "Feedback could not be published to %s, tried again in a second: %s")
    void feedbackNotPublished(String address, String reason);

    @LogMessage(level = INFO)
    @Message(id = 6004, value = "Feedback goes to the broker queue %s in batches of up to %d records or every %d s")
    void feedbackPublishing(String address, int batchSize, long windowSeconds);

    @LogMessage(level = WARN)
    @Message(id = 6005, value = "Cloud-to-device housekeeping failed, tried again with the next sweep: %s")
    void sweepFailed(String reason);
}
