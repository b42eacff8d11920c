package org.openiothub.gateway.amqp;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.jboss.logging.Logger;
import org.openiothub.gateway.GatewayTls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Drives one connection's Proton engine from its Netty channel: bytes read go into the transport, the events that
 * produces go to the {@link AmqpConnection}, and what the engine has to send goes out. Everything that touches the
 * engine runs on the channel's event loop; other threads hand work over with {@link #execute}.
 */
final class ProtonDriver extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(ProtonDriver.class);

    /** The largest frame either side sends; a telemetry message of 256 KB spans several. */
    static final int MAX_FRAME_BYTES = 64 * 1024;
    /** IoT Hub's idle time-out: a peer silent this long is gone. The engine sends empty frames to keep the peer's. */
    static final int IDLE_TIMEOUT_MILLIS = 240_000;
    private static final long IDLE_TICK_MILLIS = 5_000;
    /**
     * How long a client has from opening the socket (TLS included) to its AMQP open: a deadline, so that a client
     * trickling bytes cannot hold a connection for ever.
     */
    static final long OPEN_TIMEOUT_MILLIS = 30_000;

    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final AmqpConnection logic;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;
    private boolean closed;

    ProtonDriver(AmqpServices services) {
        this.logic = new AmqpConnection(services, this, connection);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        transport.setMaxFrameSize(MAX_FRAME_BYTES);
        transport.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.setMechanisms("ANONYMOUS");
        sasl.setListener(new AnonymousOnly());
        // a device authenticating with its TLS client certificate sends no SASL layer at all
        sasl.allowSkip(true);
        transport.bind(connection);
        connection.collect(collector);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        scheduleTick(IDLE_TICK_MILLIS);
        ctx.executor().schedule(() -> {
            if (connection.getRemoteState() == EndpointState.UNINITIALIZED) {
                LOG.debugf("AMQP connection from %s closed: no open within %d ms", ctx.channel().remoteAddress(), OPEN_TIMEOUT_MILLIS);
                closeNow();
            }
        }, OPEN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            while (bytes.isReadable() && !closed) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    // the engine stopped reading (the peer closed, or sent something it could not parse)
                    break;
                }
                ByteBuffer tail = transport.tail();
                tail.limit(tail.position() + Math.min(capacity, bytes.readableBytes()));
                bytes.readBytes(tail);
                transport.process();
                dispatch();
            }
        } catch (RuntimeException e) {
            AmqpLogger.LOG.connectionFailed(String.valueOf(ctx.channel().remoteAddress()), e);
            closeNow();
        } finally {
            bytes.release();
        }
        writeOutput();
    }

    /** Runs {@code task} on the event loop, then sends what it produced. Dropped once the connection is closed. */
    void execute(Runnable task) {
        try {
            ctx.executor().execute(() -> {
                if (!closed) {
                    run(task);
                }
            });
        } catch (RejectedExecutionException e) {
            // the gateway is stopping: the connection goes with it
        }
    }

    /** As {@link #execute}, after {@code delayMillis}. */
    ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        try {
            return ctx.executor().schedule(() -> {
                if (!closed) {
                    run(task);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Whether the caller runs on this connection's event loop. */
    boolean inEventLoop() {
        return ctx.executor().inEventLoop();
    }

    /** Whether the channel's outbound buffer is below its high-water mark. */
    boolean isWritable() {
        return ctx.channel().isWritable();
    }

    /** @return the chain of the client's TLS certificate, its own first; empty when it sent none */
    List<X509Certificate> clientCertificates() {
        return GatewayTls.clientCertificates(ctx.channel());
    }

    String remoteAddress() {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    private void run(Runnable task) {
        try {
            task.run();
            dispatch();
        } catch (RuntimeException e) {
            AmqpLogger.LOG.connectionFailed(remoteAddress(), e);
            closeNow();
        }
        writeOutput();
    }

    /** Hands every pending engine event to the connection logic, which may produce more. */
    private void dispatch() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                logic.onEvent(event);
            } finally {
                collector.pop();
            }
        }
    }

    private void writeOutput() {
        if (closed) {
            return;
        }
        boolean wrote = false;
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().ioBuffer(pending);
            out.writeBytes(head.duplicate().limit(head.position() + pending));
            transport.pop(pending);
            ctx.write(out, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending < 0) {
            // the engine finished the connection (close frames sent, or a protocol error): the socket goes too
            closeNow();
        }
    }

    private void scheduleTick(long delayMillis) {
        ticker = ctx.executor().schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        long next;
        try {
            next = transport.tick(now);
            dispatch();
        } catch (RuntimeException e) {
            AmqpLogger.LOG.connectionFailed(remoteAddress(), e);
            closeNow();
            return;
        }
        writeOutput();
        if (!closed) {
            scheduleTick(next > now ? Math.min(next - now, IDLE_TICK_MILLIS) : IDLE_TICK_MILLIS);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        logic.onWritabilityChanged();
        dispatch();
        writeOutput();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("AMQP connection from %s failed: %s", ctx.channel().remoteAddress(), cause);
        closeNow();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        logic.onDisconnected();
        super.channelInactive(ctx);
    }

    /** Closes the socket without a close frame. */
    void closeNow() {
        if (!closed) {
            closed = true;
            ctx.close();
        }
    }

    /** SASL with ANONYMOUS only: who a client is, its put-tokens tell. */
    private static final class AnonymousOnly implements SaslListener {

        @Override
        public void onSaslInit(Sasl sasl, Transport transport) {
            String[] mechanisms = sasl.getRemoteMechanisms();
            boolean anonymous = mechanisms.length > 0 && "ANONYMOUS".equals(mechanisms[0]);
            sasl.done(anonymous ? Sasl.SaslOutcome.PN_SASL_OK : Sasl.SaslOutcome.PN_SASL_AUTH);
        }

        @Override
        public void onSaslMechanisms(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslChallenge(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslResponse(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslOutcome(Sasl sasl, Transport transport) {
        }
    }
}
