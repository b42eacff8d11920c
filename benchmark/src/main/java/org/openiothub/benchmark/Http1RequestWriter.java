package org.openiothub.benchmark;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Renders {@link ServiceRequest}s as HTTP/1.1 request bytes. The {@code Host} line and the headers every request
 * carries are rendered once, at construction, so that a request costs a few buffer writes.
 */
final class Http1RequestWriter {

    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(US_ASCII);
    private static final byte[] CONTENT_TYPE = "Content-Type: ".getBytes(US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(US_ASCII);
    private static final byte[] SEPARATOR = ": ".getBytes(US_ASCII);
    private static final byte[] CRLF = "\r\n".getBytes(US_ASCII);

    private final byte[] commonHeaders;

    /**
     * @param authority the {@code Host} header's value, {@code host:port}
     * @param headers   sent with every request, in the map's iteration order; US-ASCII without line breaks
     * @throws IllegalArgumentException when a name or value holds a line break
     */
    Http1RequestWriter(String authority, Map<String, String> headers) {
        StringBuilder lines = new StringBuilder("Host: ").append(authority).append("\r\n");
        headers.forEach((name, value) -> {
            if (containsLineBreak(name) || containsLineBreak(value)) {
                throw new IllegalArgumentException("line break in header " + name);
            }
            lines.append(name).append(": ").append(value).append("\r\n");
        });
        this.commonHeaders = lines.toString().getBytes(US_ASCII);
    }

    /** @return a new buffer from {@code alloc} holding the whole request, which the caller then owns */
    ByteBuf write(ServiceRequest request, ByteBufAllocator alloc) {
        byte[] body = request.body();
        ByteBuf out = alloc.buffer(commonHeaders.length + request.target().length() + body.length + 128);
        out.writeCharSequence(request.method(), US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(request.target(), US_ASCII);
        out.writeBytes(VERSION);
        out.writeBytes(commonHeaders);
        out.writeBytes(CONTENT_TYPE);
        out.writeCharSequence(request.contentType(), US_ASCII);
        out.writeBytes(CRLF);
        if (!request.headers().isEmpty()) {
            request.headers().forEach((name, value) -> {
                out.writeCharSequence(name, US_ASCII);
                out.writeBytes(SEPARATOR);
                out.writeCharSequence(value, US_ASCII);
                out.writeBytes(CRLF);
            });
        }
        out.writeBytes(CONTENT_LENGTH);
        out.writeCharSequence(Integer.toString(body.length), US_ASCII);
        out.writeBytes(CRLF);
        out.writeBytes(CRLF);
        out.writeBytes(body);
        return out;
    }

    private static boolean containsLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }
}
