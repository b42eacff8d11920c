package org.openiothub.gateway.amqp;

import static org.jboss.logging.Logger.Level.ERROR;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What the AMQP endpoint tells operators. Message ids 3100-3199. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface AmqpLogger extends BasicLogger {

    AmqpLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), AmqpLogger.class, AmqpLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 3100, value = "AMQP endpoint listening on %s:%d (TLS)")
    void listening(String address, int port);

    @LogMessage(level = INFO)
    @Message(id = 3101, value = "AMQP endpoint on port %d stopped")
    void stopped(int port);

    @Message(id = 3102, value = "Cannot bind the AMQP port %d on %s: %s. Free it or choose another with HUB_AMQPS_PORT=<port>.")
    String cannotBind(int port, String address, String reason);

    @LogMessage(level = ERROR)
    @Message(id = 3103, value = "A put-token for %s failed with an internal error; the client was answered 500")
    void tokenCheckFailed(String audience, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 3104, value = "[device-id: %s] telemetry could not be stored and was released for the device to send again: %s")
    void telemetryNotStored(String clientId, String reason);

    @LogMessage(level = ERROR)
    @Message(id = 3105, value = "AMQP connection from %s failed with an internal error and is closed")
    void connectionFailed(String remote, @Cause Throwable cause);

    @LogMessage(level = ERROR)
    @Message(id = 3106, value = "[device-id: %s] a twin request failed with an internal error; the device was answered 500")
    void twinRequestFailed(String deviceId, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 3107, value = "A cloud-to-device message sent over AMQP could not be queued and was rejected: %s")
    void cloudToDeviceNotQueued(String reason);

    @LogMessage(level = WARN)
    @Message(id = 3108, value = "The broker queue of the service link from %s failed; the link is closed and what it held goes back to the queue: %s")
    void serviceBoundReadFailed(String address, String reason);

    @LogMessage(level = WARN)
    @Message(id = 3109, value = "[partition: %d, consumer-group: %s] reading the Event Hub failed; the receiver is detached: %s")
    void eventHubReadFailed(int partition, String consumerGroup, String reason);

    @LogMessage(level = ERROR)
    @Message(id = 3110, value = "An Event Hub management request (%s) failed with an internal error; the client was answered 500")
    void eventHubManagementFailed(String type, @Cause Throwable cause);
}
