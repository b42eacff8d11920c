package org.openiothub.method;

import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What direct methods tell operators. Message ids 7000-7099. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface MethodLogger extends BasicLogger {

    MethodLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), MethodLogger.class, MethodLogger.class.getPackageName());

    @LogMessage(level = WARN)
    @Message(id = 7000, value = "[device-id: %s] answered method request %s, which was sent to another device; the answer is dropped")
    void answerFromWrongIdentity(String from, String requestId);
}
