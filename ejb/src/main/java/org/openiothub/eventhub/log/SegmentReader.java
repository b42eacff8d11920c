package org.openiothub.eventhub.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A cursor's view of the segment it is in: its own file channel and a read-ahead buffer, so that reading one record
 * usually costs no system call, and one pread brings in the next 64 KB.
 *
 * <p>The channel is the cursor's own, not the writer's: an interrupted reader closes only its channel (NIO closes an
 * interruptible channel on interrupt), and a segment that retention deletes stays readable through a channel already
 * open on it. Opening a segment already deleted throws {@link java.nio.file.NoSuchFileException}; the caller then
 * moves to the partition's new beginning.
 */
final class SegmentReader implements AutoCloseable {

    private static final int READ_AHEAD = 64 * 1024;

    private ByteBuffer buffer = ByteBuffer.allocate(READ_AHEAD).flip();
    private Segment segment;
    private FileChannel channel;
    private long bufferStart = -1;

    /**
     * Brings the record at {@code position} of {@code in} (before {@code limit}, the durable size) into the buffer.
     *
     * @return the record's index in {@link #buffer()}
     * @throws IOException when the record there is damaged, or the segment is gone
     */
    int record(Segment in, long position, long limit) throws IOException {
        if (in != segment) {
            close();
            channel = FileChannel.open(in.file(), StandardOpenOption.READ);
            segment = in;
            bufferStart = -1;
        }
        if (bufferStart >= 0 && position >= bufferStart && position - bufferStart <= buffer.limit()) {
            int at = (int) (position - bufferStart);
            int size = LogRecord.check(buffer, at);
            if (size > 0) {
                return at;
            }
        }
        fill(position, limit);
        int size = LogRecord.check(buffer, 0);
        if (size == 0 && buffer.limit() >= LogRecord.HEADER_BYTES) {
            int needed = LogRecord.size(LogRecord.messageLength(buffer, 0));
            if (needed > buffer.capacity()) {
                buffer = ByteBuffer.allocate(needed);
                fill(position, limit);
                size = LogRecord.check(buffer, 0);
            }
        }
        if (size <= 0) {
            throw new IOException("Event log segment " + in.file() + " is damaged at position " + position);
        }
        return 0;
    }

    /** Where {@link #record} put the record. */
    ByteBuffer buffer() {
        return buffer;
    }

    private void fill(long position, long limit) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), limit - position));
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        buffer.flip();
        bufferStart = position;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            segment = null;
            open.close();
        }
    }
}
