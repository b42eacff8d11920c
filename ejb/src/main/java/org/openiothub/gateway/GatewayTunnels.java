package org.openiothub.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.channel.Channel;

/**
 * The device gateways' doors for connections whose bytes reach the hub over another transport, TLS terminated
 * there: MQTT and AMQP in WebSocket frames on the HTTPS port. A gateway opens its door when it starts and closes it
 * before it stops; such a connection then goes through the same pipeline, minus TLS, as one on the gateway's own
 * port, with the same authentication, limits and behaviour.
 */
@ApplicationScoped
public class GatewayTunnels {

    /** The protocols a tunnelled connection may speak. */
    public enum Protocol {
        MQTT, AMQP
    }

    private final Map<Protocol, Consumer<Channel>> open = new ConcurrentHashMap<>();

    /** {@code gateway} takes each new, unregistered channel speaking {@code protocol} from now on. */
    public void open(Protocol protocol, Consumer<Channel> gateway) {
        open.put(protocol, gateway);
    }

    /** No new channel reaches the gateway of {@code protocol}; the ones it has stay its own. */
    public void close(Protocol protocol) {
        open.remove(protocol);
    }

    /** Whether the gateway of {@code protocol} takes channels now. */
    public boolean isOpen(Protocol protocol) {
        return open.containsKey(protocol);
    }

    /**
     * Hands {@code channel}, not yet registered with an event loop, to the gateway of {@code protocol}, which
     * registers it and serves it.
     *
     * @return false when that gateway is not running; the channel is then untouched and the caller closes it
     */
    public boolean serve(Protocol protocol, Channel channel) {
        Consumer<Channel> gateway = open.get(protocol);
        if (gateway == null) {
            return false;
        }
        gateway.accept(channel);
        return true;
    }
}
