package org.openiothub.gateway.coap;

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

/** What the CoAP gateway tells operators. Message ids 3300-3399. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface CoapLogger extends BasicLogger {

    CoapLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), CoapLogger.class, CoapLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 3300, value = "CoAP gateway listening on %s:%d (UDP, %s)")
    void listening(String address, int port, String security);

    @LogMessage(level = INFO)
    @Message(id = 3301, value = "CoAP gateway stopped")
    void stopped();

    @Message(id = 3302, value = "Cannot bind the CoAP port %d on %s: %s. Free it or choose another with %s=<port>.")
    String cannotBind(int port, String address, String reason, String variable);

    @LogMessage(level = WARN)
    @Message(id = 3303, value = "Plain CoAP (no DTLS) is on at port %d: devices authenticate with SAS tokens sent in clear")
    void plainCoapOn(int port);

    @LogMessage(level = ERROR)
    @Message(id = 3304, value = "[device-id: %s] looking up the pre-shared key failed; the handshake is refused")
    void keyLookupFailed(String identity, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 3305, value = "[device-id: %s] telemetry could not be stored; the device was answered 5.03 and may send it again: %s")
    void telemetryNotStored(String deviceId, String reason);

    @LogMessage(level = ERROR)
    @Message(id = 3306, value = "[device-id: %s] a request failed with an internal error; the device was answered 5.00")
    void requestFailed(String deviceId, @Cause Throwable cause);
}
