package org.openiothub.benchmark;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One AMQP 1.0 connection over TLS carrying one or more {@link AmqpCbsClient}s (clients, or a back end), shaped
 * like the Java SDKs' (and the device SDK's MultiplexingClient's): SASL ANONYMOUS, one {@code $cbs} session with a
 * sender and a receiver, then per client a session, a put-token with its SAS token and, once answered 200, its
 * links.
 * <p>
 * A Proton-J engine (transport, connection, collector) runs on the channel's event loop: bytes read go into the
 * transport, the events that produces are handled, and what the engine has to send is written once per read
 * (so that acknowledgements arriving together trigger their successors in one TLS record).
 */
final class AmqpClientConnection<C extends AmqpCbsClient> extends ChannelInboundHandlerAdapter {

    static final String CBS = "$cbs";
    static final Symbol API_VERSION = Symbol.valueOf("com.microsoft:api-version");
    static final String API_VERSION_VALUE = "2020-09-30";
    /** Empty frames keep the hub's idle time-out (240 s) from firing on a connection that waits for others. */
    private static final long TICK_MILLIS = 15_000;
    private static final int CBS_CREDIT = 1_000;

    private final String hubHostName;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    /** Devices whose put-token is unanswered, by its message id. */
    private final Map<Object, C> putTokens = new HashMap<>();
    /** Every client given to this connection. */
    private final List<C> clients = new ArrayList<>();
    private final byte[] scratch = new byte[64 * 1024];
    private Sender cbsSender;
    private Receiver cbsReceiver;
    private boolean open;
    private boolean closing;
    private volatile Channel channel;

    AmqpClientConnection(String hubHostName) {
        this.hubHostName = hubHostName;
    }

    /**
     * Opens TCP and TLS (verifying the certificate against {@code host}), then the AMQP connection and its
     * {@code $cbs} links; clients {@link #add added} meanwhile wait for them.
     */
    void connect(Bootstrap bootstrap, SslContext tls, String host, int port, long timeoutMillis) {
        ChannelFuture tcp = bootstrap.handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                SslHandler handshake = tls.newHandler(ch.alloc(), host, port);
                handshake.setHandshakeTimeoutMillis(timeoutMillis);
                ch.pipeline().addLast(handshake, AmqpClientConnection.this);
            }
        }).connect(host, port);
        channel = tcp.channel();
        tcp.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failAll("TCP connect: " + MqttDeviceClient.describe(f.cause()));
            }
        });
    }

    /** Adds a client: it connects now if the connection is open, else once it is; fails after {@code timeoutMillis}. */
    void add(C client, long timeoutMillis) {
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            clients.add(client);
            if (open) {
                start(client);
                writeOutput();
            } else if (!ch.isOpen()) {
                client.fail("connection closed before the client was added");
            }
        });
        ch.eventLoop().schedule(() -> client.fail("not ready within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} for every client on the event loop, then sends what it produced. */
    void forEachClient(Consumer<C> task) {
        execute(() -> clients.forEach(task));
    }

    /** Runs {@code task} on the event loop, then sends what it produced; a no-op when never opened. */
    void execute(Runnable task) {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ch.eventLoop().execute(() -> {
            task.run();
            writeOutput();
        });
    }

    /**
     * Closes the AMQP connection; the socket closes when the hub answers.
     *
     * @return completes when the channel is closed; {@code null} when it was never opened
     */
    ChannelFuture disconnect() {
        Channel ch = channel;
        if (ch == null) {
            return null;
        }
        ch.eventLoop().execute(() -> {
            closing = true;
            if (open) {
                connection.close();
                writeOutput();
            } else {
                ch.close();
            }
        });
        return ch.closeFuture();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                openConnection();
            } else {
                failAll("TLS handshake: " + MqttDeviceClient.describe(handshake.cause()));
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void openConnection() {
        // With one mechanism configured Proton sends its init at once, as the SDK's does.
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        // A flow event for every send would only wake the sender that caused it.
        transport.setEmitFlowEventOnSend(false);
        transport.bind(connection);
        connection.collect(collector);
        connection.setHostname(hubHostName);
        connection.setContainer("");
        connection.open();

        Session cbs = connection.session();
        cbs.open();
        cbsSender = openSender(cbs, "cbs-sender", CBS, null, Map.of(API_VERSION, API_VERSION_VALUE));
        cbsReceiver = cbs.receiver("cbs-receiver");
        Source source = new Source();
        source.setAddress(CBS);
        cbsReceiver.setSource(source);
        cbsReceiver.setProperties(Map.of(API_VERSION, API_VERSION_VALUE));
        cbsReceiver.open();
        cbsReceiver.flow(CBS_CREDIT);
        open = true;
        clients.forEach(this::start);
        writeOutput();
        scheduleTick();
    }

    /** Begins the client's session and puts its token; Proton holds the request until the hub gives credit. */
    private void start(C client) {
        if (client.ready().isDone()) {
            return;
        }
        client.begin(connection.session());
        Message request = Message.Factory.create();
        UUID id = UUID.randomUUID();
        request.setMessageId(id);
        request.setAddress(CBS);
        request.setReplyTo("cbs");
        request.setApplicationProperties(new ApplicationProperties(Map.of(
                "operation", "put-token",
                "type", "servicebus.windows.net:sastoken",
                "name", client.audience())));
        request.setBody(new AmqpValue(client.token()));
        byte[] encoded = encode(request);
        cbsSender.delivery(uuidTag(id));
        cbsSender.send(encoded, 0, encoded.length);
        cbsSender.advance();
        putTokens.put(id, client);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            while (bytes.isReadable()) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    break;
                }
                ByteBuffer tail = transport.tail();
                tail.limit(tail.position() + Math.min(capacity, bytes.readableBytes()));
                bytes.readBytes(tail);
                transport.process();
                dispatch();
            }
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        writeOutput();
        ctx.fireChannelReadComplete();
    }

    private void dispatch() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                onEvent(event);
            } finally {
                collector.pop();
            }
        }
    }

    private void onEvent(Event event) {
        switch (event.getType()) {
            case DELIVERY -> onDelivery(event.getDelivery());
            case LINK_REMOTE_OPEN -> {
                Link link = event.getLink();
                // A refused attach comes back without the terminus the client asked for.
                boolean accepted = link instanceof Receiver ? link.getRemoteSource() != null
                        : link.getRemoteTarget() != null;
                if (link.getContext() instanceof AmqpCbsClient client && accepted) {
                    client.attached();
                }
            }
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof AmqpCbsClient client) {
                    client.flow();
                }
            }
            case LINK_REMOTE_DETACH, LINK_REMOTE_CLOSE -> {
                Link link = event.getLink();
                String reason = "link closed by the hub: " + condition(link.getRemoteCondition());
                if (link.getContext() instanceof AmqpCbsClient client) {
                    client.closed(closing, reason);
                } else if (!closing) {
                    failAll("$cbs " + reason);
                }
                link.close();
            }
            case CONNECTION_REMOTE_CLOSE -> {
                if (!closing) {
                    failAll("connection closed by the hub: " + condition(connection.getRemoteCondition()));
                }
                if (connection.getLocalState() != EndpointState.CLOSED) {
                    connection.close();
                }
            }
            case TRANSPORT_ERROR -> failAll("AMQP transport: " + condition(transport.getCondition()));
            default -> {
                // nothing to do
            }
        }
    }

    private void onDelivery(Delivery delivery) {
        Link link = delivery.getLink();
        if (link.getContext() instanceof AmqpCbsClient client && link instanceof Receiver) {
            client.received(delivery);
        } else if (link.getContext() instanceof AmqpCbsClient client) {
            if (delivery.remotelySettled() || delivery.getRemoteState() != null) {
                client.settled(delivery);
            }
        } else if (link == cbsReceiver) {
            if (!delivery.isPartial()) {
                onPutTokenAnswer(delivery);
            }
        } else if (link == cbsSender && delivery.remotelySettled()) {
            delivery.settle();
        }
    }

    private void onPutTokenAnswer(Delivery delivery) {
        int length = cbsReceiver.recv(scratch, 0, scratch.length);
        cbsReceiver.advance();
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        cbsReceiver.flow(1);
        Message answer = Message.Factory.create();
        answer.decode(scratch, 0, Math.max(length, 0));
        C client = answer.getCorrelationId() == null ? null
                : putTokens.remove(answer.getCorrelationId());
        if (client == null) {
            return;
        }
        Map<?, ?> properties = answer.getApplicationProperties() == null ? Map.of()
                : answer.getApplicationProperties().getValue();
        Object status = properties.get("status-code");
        if (Integer.valueOf(200).equals(status)) {
            client.authorized();
        } else {
            client.fail("put-token answered " + status + ": " + properties.get("status-description"));
        }
    }

    private void writeOutput() {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        boolean wrote = false;
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            ByteBuf out = ch.alloc().ioBuffer(pending);
            out.writeBytes(head.duplicate().limit(head.position() + pending));
            transport.pop(pending);
            ch.write(out, ch.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
        if (pending < 0) {
            // the engine is done: close frames went out, or it failed
            ch.close();
        }
    }

    private void scheduleTick() {
        Channel ch = channel;
        ch.eventLoop().schedule(() -> {
            if (ch.isActive()) {
                transport.tick(System.currentTimeMillis());
                dispatch();
                writeOutput();
                scheduleTick();
            }
        }, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String reason = closing ? "closed" : "connection lost";
        clients.forEach(client -> client.closed(closing, reason));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            failAll(MqttDeviceClient.describe(cause));
        }
        ctx.close();
    }

    /** Every client fails (or, connected, counts a disconnect) and the connection closes. Event loop. */
    private void failAll(String reason) {
        clients.forEach(client -> client.closed(closing, reason));
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private static byte[] uuidTag(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    private static String condition(ErrorCondition condition) {
        return condition == null || condition.getCondition() == null ? "no condition"
                : condition.getCondition()
                        + (condition.getDescription() == null ? "" : " " + condition.getDescription());
    }

    /**
     * Attaches a sender to {@code address} in {@code session}, sending unsettled, as the SDKs' senders do.
     *
     * @param context the client whose link it is, which the link's events go to
     */
    static Sender openSender(Session session, String name, String address, AmqpCbsClient context,
            Map<Symbol, Object> properties) {
        Sender sender = session.sender(name);
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        sender.setProperties(properties);
        sender.setContext(context);
        sender.open();
        return sender;
    }

    /** The message's AMQP encoding. */
    static byte[] encode(Message message) {
        for (int size = 1024;; size *= 4) {
            byte[] buffer = new byte[size];
            try {
                int length = message.encode(buffer, 0, size);
                if (length <= size) {
                    return Arrays.copyOf(buffer, length);
                }
            } catch (BufferOverflowException e) {
                // too small: try a bigger buffer
            }
        }
    }

    /** Why the hub did not accept a delivery: its outcome and any error condition. */
    static String describe(DeliveryState state) {
        if (state instanceof Rejected rejected && rejected.getError() != null) {
            return "rejected: " + condition(rejected.getError());
        }
        return state == null ? "settled without an outcome" : state.getType().toString().toLowerCase(Locale.ROOT);
    }
}
