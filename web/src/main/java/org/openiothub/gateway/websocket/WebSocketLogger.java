package org.openiothub.gateway.websocket;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** What the WebSocket transport tells operators. Message ids 3200-3299. */
@MessageLogger(projectCode = "IOTHUB", length = 4)
interface WebSocketLogger extends BasicLogger {

    WebSocketLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), WebSocketLogger.class,
            WebSocketLogger.class.getPackageName());

    @LogMessage(level = INFO)
    @Message(id = 3200, value = "MQTT and AMQP over WebSockets at %s on the HTTPS port (subprotocols %s)")
    void listening(String path, String subprotocols);

    @LogMessage(level = WARN)
    @Message(id = 3201, value = "A WebSocket connection from %s for %s was refused: that gateway is not running")
    void gatewayNotRunning(String remoteAddress, String subprotocol);
}
