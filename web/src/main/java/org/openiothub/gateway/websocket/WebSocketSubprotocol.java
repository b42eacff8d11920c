package org.openiothub.gateway.websocket;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.openiothub.gateway.GatewayTunnels;

/** The WebSocket subprotocols IoT Hub speaks on {@code /$iothub/websocket}, and the gateway each leads to. */
enum WebSocketSubprotocol {

    /** MQTT 3.1.1 in binary messages. */
    MQTT("mqtt", GatewayTunnels.Protocol.MQTT),
    /** AMQP 1.0 in binary messages. */
    AMQP("AMQPWSB10", GatewayTunnels.Protocol.AMQP);

    private final String token;
    private final GatewayTunnels.Protocol gateway;

    WebSocketSubprotocol(String token, GatewayTunnels.Protocol gateway) {
        this.token = token;
        this.gateway = gateway;
    }

    /** The name in {@code Sec-WebSocket-Protocol}. */
    String token() {
        return token;
    }

    GatewayTunnels.Protocol gateway() {
        return gateway;
    }

    static Set<String> tokens() {
        return Arrays.stream(values()).map(WebSocketSubprotocol::token).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The first subprotocol the client offers that the hub speaks, as the handshake picks it.
     *
     * @param offered the {@code Sec-WebSocket-Protocol} request header (comma-separated); {@code null} when absent
     */
    static Optional<WebSocketSubprotocol> firstOffered(String offered) {
        if (offered == null) {
            return Optional.empty();
        }
        for (String name : offered.split(",")) {
            Optional<WebSocketSubprotocol> known = named(name.trim());
            if (known.isPresent()) {
                return known;
            }
        }
        return Optional.empty();
    }

    /** The subprotocol called {@code token}, compared exactly. */
    static Optional<WebSocketSubprotocol> named(String token) {
        return Arrays.stream(values()).filter(protocol -> protocol.token.equals(token)).findFirst();
    }
}
