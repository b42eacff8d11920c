package org.openiothub.gateway.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jboss.logging.Logger;
import org.openiothub.gateway.GatewayTls;
import org.openiothub.gateway.GatewayTunnels;
import org.xnio.IoUtils;

import io.undertow.servlet.websockets.ServletWebSocketHttpExchange;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.extensions.PerMessageDeflateHandshake;

/**
 * {@code GET /$iothub/websocket} on the HTTPS port: a WebSocket (version 13) with subprotocol {@code mqtt} or
 * {@code AMQPWSB10} becomes a connection of the MQTT or AMQP gateway, which authenticates and serves it as one on its
 * own port. {@code permessage-deflate} is accepted when offered. Anything else is answered {@code 400} (or
 * {@code 405}, or {@code 503} while the gateway is not running) with a line of text saying why, and no upgrade.
 * The client certificate presented to the HTTPS listener, if any, goes with the connection to the gateway, which
 * judges it as on its own port (X.509 devices). The query string ({@code iothub-no-client-cert=true}) changes nothing.
 */
@WebServlet(urlPatterns = WebSocketTunnelServlet.PATH, loadOnStartup = 1)
public class WebSocketTunnelServlet extends HttpServlet {

    static final String PATH = "/$iothub/websocket";
    /**
     * The largest message a client may send: above the largest MQTT packet the gateway takes (a 256 KB payload and a
     * 64 KB topic) and the AMQP frames it negotiates (64 KB), which a client may batch into one message. Each
     * connection buffers one message at most.
     */
    static final long MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(WebSocketTunnelServlet.class);

    @Inject
    transient GatewayTunnels gateways;

    private final transient Handshake handshake = handshake();

    private static Handshake handshake() {
        Handshake handshake = new Hybi13Handshake(WebSocketSubprotocol.tokens(), true);
        handshake.addExtension(new PerMessageDeflateHandshake(false, Deflater.DEFAULT_COMPRESSION));
        return handshake;
    }

    @Override
    public void init() {
        WebSocketLogger.LOG.listening(PATH, String.join(", ", WebSocketSubprotocol.tokens()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Only GET, upgraded to a WebSocket, is served here.");
            return;
        }
        // the set of a channel's peers is for broadcasting, which nothing here does: each connection has its own
        ServletWebSocketHttpExchange exchange = new ServletWebSocketHttpExchange(request, response, ConcurrentHashMap.newKeySet());
        if (!handshake.matches(exchange)) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST,
                    "This is the WebSocket endpoint for MQTT and AMQP: upgrade to a WebSocket (version 13).");
            return;
        }
        Optional<WebSocketSubprotocol> subprotocol = WebSocketSubprotocol.firstOffered(request.getHeader("Sec-WebSocket-Protocol"));
        if (subprotocol.isEmpty()) {
            LOG.debugf("WebSocket from %s refused: subprotocols offered %s", request.getRemoteAddr(),
                    request.getHeader("Sec-WebSocket-Protocol"));
            refuse(response, HttpServletResponse.SC_BAD_REQUEST,
                    "The WebSocket subprotocol (Sec-WebSocket-Protocol) must be one of " + WebSocketSubprotocol.tokens() + ".");
            return;
        }
        GatewayTunnels.Protocol gateway = subprotocol.get().gateway();
        if (!gateways.isOpen(gateway)) {
            WebSocketLogger.LOG.gatewayNotRunning(request.getRemoteAddr(), subprotocol.get().token());
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The " + gateway + " gateway is not running.");
            return;
        }
        List<X509Certificate> clientCertificates = clientCertificates(request);
        exchange.upgradeChannel((connection, upgraded) -> {
            WebSocketChannel webSocket = handshake.createChannel(exchange, connection, exchange.getBufferPool());
            WebSocketSubprotocol chosen = WebSocketSubprotocol.named(webSocket.getSubProtocol()).orElse(subprotocol.get());
            WebSocketNettyChannel channel = new WebSocketNettyChannel(webSocket, MAX_MESSAGE_BYTES);
            GatewayTls.terminatedElsewhere(channel, clientCertificates);
            if (!gateways.serve(chosen.gateway(), channel)) {
                WebSocketLogger.LOG.gatewayNotRunning(String.valueOf(webSocket.getSourceAddress()), chosen.token());
                IoUtils.safeClose(webSocket);
            }
        });
        handshake.handshake(exchange);
    }

    /** The chain the client presented to the HTTPS listener, its own certificate first; empty without one. */
    private static List<X509Certificate> clientCertificates(HttpServletRequest request) {
        Object chain = request.getAttribute("jakarta.servlet.request.X509Certificate");
        return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((reason + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
