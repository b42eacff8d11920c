package org.openiothub.telemetry;

import static org.jboss.logging.Logger.Level.INFO;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What the telemetry path tells operators. Message ids 4000-4099. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface TelemetryLogger extends BasicLogger {

    TelemetryLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), TelemetryLogger.class,
            TelemetryLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 4000, value = "Telemetry goes to the broker address %s over %d send lanes")
    void opened(String address, int lanes);
}
