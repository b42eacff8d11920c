package org.openiothub.gateway.websocket;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;

import org.jboss.logging.Logger;
import org.xnio.IoUtils;
import org.xnio.Pooled;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;

/**
 * A Netty channel whose bytes travel in the binary messages of one WebSocket connection that Undertow accepted on the
 * HTTPS port, so that a device gateway serves it with the pipeline of its own port, minus TLS.
 *
 * <p>Flow control is the socket's: a message is received only when the pipeline asks to read (until then the
 * WebSocket receives nothing more, and the client's sends back up in TCP), and what the pipeline writes counts against
 * the channel's write buffer until Undertow has sent it, so that the gateway sees a slow reader as it would on its
 * own port. Closing either side closes the other. The remote address is the WebSocket client's.
 */
final class WebSocketNettyChannel extends AbstractChannel {

    private static final Logger LOG = Logger.getLogger(WebSocketNettyChannel.class);
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);
    /** How many bytes of written packets, at most, one WebSocket message carries (a larger packet goes whole). */
    static final int MAX_SEND_BYTES = 64 * 1024;
    private static final int MAX_SEND_BUFFERS = 1024;

    private final WebSocketChannel webSocket;
    private final ChannelConfig config = new DefaultChannelConfig(this);
    private volatile boolean open = true;
    /** Whether a message is on its way out; the next waits for it. Event loop only. */
    private boolean sending;

    /**
     * @param maxMessageBytes the largest message received; a larger one closes the connection
     */
    WebSocketNettyChannel(WebSocketChannel webSocket, long maxMessageBytes) {
        super(null);
        this.webSocket = webSocket;
        webSocket.getReceiveSetter().set(new Receiver(maxMessageBytes));
        webSocket.addCloseTask(closed -> closedByWebSocket());
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new WebSocketUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        // nothing is registered with a selector: any event loop runs it
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return webSocket.getDestinationAddress();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return webSocket.getSourceAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a WebSocket connection is accepted, never bound");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
        if (!webSocket.isOpen()) {
            return;
        }
        if (webSocket.isCloseFrameSent()) {
            IoUtils.safeClose(webSocket);
            return;
        }
        // after what is already on its way out, the close frame; then the connection, whatever the client answers
        WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "", webSocket, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                IoUtils.safeClose(channel);
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                IoUtils.safeClose(channel);
            }
        });
    }

    @Override
    protected void doBeginRead() {
        if (open) {
            webSocket.resumeReceives();
        }
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        if (sending) {
            return;
        }
        Object message;
        while ((message = in.current()) != null) {
            if (!(message instanceof ByteBuf)) {
                in.remove(new UnsupportedOperationException("only bytes travel in WebSocket messages: "
                        + message.getClass().getName()));
            } else if (!((ByteBuf) message).isReadable()) {
                in.remove();
            } else {
                break;
            }
        }
        if (message == null) {
            return;
        }
        ByteBuffer[] buffers = in.nioBuffers(MAX_SEND_BUFFERS, MAX_SEND_BYTES);
        // the array is the event loop's own, reused by the next call: the send keeps a copy
        ByteBuffer[] data = Arrays.copyOf(buffers, in.nioBufferCount());
        long bytes = in.nioBufferSize();
        sending = true;
        WebSockets.sendBinary(data, webSocket, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                onEventLoop(() -> sent(bytes));
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                onEventLoop(() -> sendFailed(throwable));
            }
        });
    }

    private void sent(long bytes) {
        sending = false;
        ChannelOutboundBuffer in = unsafe().outboundBuffer();
        if (in == null) {
            // closed meanwhile: what was waiting has been failed
            return;
        }
        in.removeBytes(bytes);
        ((WebSocketUnsafe) unsafe()).writeMore();
    }

    private void sendFailed(Throwable cause) {
        sending = false;
        LOG.debugf("Sending to the WebSocket connection from %s failed: %s", remoteAddress(), cause);
        unsafe().close(unsafe().voidPromise());
    }

    /** A message received: handed to the pipeline, and nothing more received until the pipeline reads again. */
    private void received(ByteBuf bytes) {
        if (!open) {
            bytes.release();
            return;
        }
        pipeline().fireChannelRead(bytes);
        pipeline().fireChannelReadComplete();
    }

    private void closedByWebSocket() {
        if (!open) {
            return;
        }
        onEventLoop(() -> {
            if (open) {
                unsafe().close(unsafe().voidPromise());
            }
        });
    }

    private void onEventLoop(Runnable task) {
        try {
            eventLoop().execute(task);
        } catch (IllegalStateException | RejectedExecutionException e) {
            // never registered, or the gateway stopped: its event loops closed the channel
            open = false;
            IoUtils.safeClose(webSocket);
        }
    }

    private final class WebSocketUnsafe extends AbstractUnsafe {

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a WebSocket connection is accepted, never connected"));
        }

        /** Sends what waits once the message before it is out. */
        void writeMore() {
            flush0();
        }
    }

    /** Runs on the connection's IO thread. */
    private final class Receiver extends AbstractReceiveListener {

        private final long maxMessageBytes;

        Receiver(long maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        protected long getMaxBinaryBufferSize() {
            return maxMessageBytes;
        }

        @Override
        protected long getMaxTextBufferSize() {
            return maxMessageBytes;
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            ByteBuf bytes;
            Pooled<ByteBuffer[]> data = message.getData();
            try {
                ByteBuffer[] buffers = data.getResource();
                long size = 0;
                for (ByteBuffer buffer : buffers) {
                    size += buffer.remaining();
                }
                bytes = alloc().buffer((int) size);
                for (ByteBuffer buffer : buffers) {
                    bytes.writeBytes(buffer);
                }
            } finally {
                data.close();
            }
            channel.suspendReceives();
            ByteBuf received = bytes;
            try {
                eventLoop().execute(() -> received(received));
            } catch (RejectedExecutionException e) {
                ReferenceCountUtil.release(received);
                IoUtils.safeClose(channel);
            }
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            LOG.debugf("The WebSocket connection from %s sent a text message: closed", channel.getSourceAddress());
            WebSockets.sendClose(CloseMessage.WRONG_CODE, "binary messages only", channel, null);
        }

        @Override
        protected void onError(WebSocketChannel channel, Throwable error) {
            LOG.debugf("The WebSocket connection from %s failed: %s", channel.getSourceAddress(), error);
            super.onError(channel, error);
        }
    }
}
