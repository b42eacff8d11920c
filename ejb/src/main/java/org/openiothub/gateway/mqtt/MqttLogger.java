package org.openiothub.gateway.mqtt;

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

/** What the MQTT gateway tells operators. Message ids 3000-3099. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface MqttLogger extends BasicLogger {

    MqttLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), MqttLogger.class, MqttLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 3000, value = "MQTT gateway listening on %s:%d (TLS)")
    void listening(String address, int port);

    @LogMessage(level = INFO)
    @Message(id = 3001, value = "MQTT gateway on port %d stopped")
    void stopped(int port);

    @LogMessage(level = WARN)
    @Message(id = 3002, value = "No DeviceAuthenticator is deployed: every MQTT connection is refused with 'server unavailable'")
    void noAuthenticator();

    @LogMessage(level = ERROR)
    @Message(id = 3003, value = "[device-id: %s] authentication failed with an internal error; the device was told the server is unavailable")
    void authenticationError(String clientId, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 3004, value = "[device-id: %s] telemetry could not be stored, closing the connection so that the device sends it again: %s")
    void telemetryNotStored(String clientId, String reason);

    @LogMessage(level = WARN)
    @Message(id = 3005, value = "[device-id: %s] telemetry at QoS 0 could not be stored and is lost: %s")
    void telemetryLost(String clientId, String reason);

    @LogMessage(level = WARN)
    @Message(id = 3008, value = "No DeviceConnectionListener is deployed: the registry does not learn of MQTT connections")
    void noConnectionListener();

    @Message(id = 3006, value = "Cannot bind the MQTT port %d on %s: %s. Free it or choose another with HUB_MQTT_PORT=<port>.")
    String cannotBind(int port, String address, String reason);


    @LogMessage(level = ERROR)
    @Message(id = 3009, value = "[device-id: %s] a twin request failed with an internal error; the device was answered 500")
    void twinRequestFailed(String deviceId, @Cause Throwable cause);
}
