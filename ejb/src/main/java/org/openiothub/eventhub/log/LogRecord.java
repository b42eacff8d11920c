package org.openiothub.eventhub.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * How one event is laid out in a segment file, little to decode and nothing to trust:
 *
 * <pre>
 * magic   2 bytes  'E' 'H'      tells a record from zeros or garbage left by a torn write
 * version 1 byte   1
 * flags   1 byte   0            reserved
 * crc     4 bytes  CRC32C of everything after it: length, sequence number, time, message
 * length  4 bytes  message length, at most {@link #MAX_MESSAGE_BYTES}
 * seq     8 bytes  sequence number
 * time    8 bytes  enqueued time, epoch milliseconds
 * message length bytes
 * </pre>
 *
 * Big-endian. A record's offset is its byte position in the partition, so the next record's offset is this one's
 * plus {@link #size(int)}.
 */
final class LogRecord {

    static final short MAGIC = 0x4548;
    static final byte VERSION = 1;
    static final int HEADER_BYTES = 28;
    /** Larger than any message the hub accepts (256 KB); a length beyond it can only be garbage. */
    static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final int CRC_AT = 4;
    private static final int LENGTH_AT = 8;
    private static final int SEQUENCE_AT = 12;
    private static final int TIME_AT = 20;

    private LogRecord() {
    }

    static int size(int messageLength) {
        return HEADER_BYTES + messageLength;
    }

    /** Writes the record at {@code into}'s position and moves it past the record. */
    static void encode(ByteBuffer into, long sequenceNumber, long enqueuedTimeMillis, byte[] message) {
        int start = into.position();
        into.putShort(MAGIC).put(VERSION).put((byte) 0).putInt(0).putInt(message.length)
                .putLong(sequenceNumber).putLong(enqueuedTimeMillis).put(message);
        int end = into.position();
        CRC32C crc = new CRC32C();
        crc.update(into.duplicate().position(start + LENGTH_AT).limit(end));
        into.putInt(start + CRC_AT, (int) crc.getValue());
    }

    /**
     * The size of the intact record at {@code at} in {@code buffer} (absolute indexes, the buffer's limit is the end
     * of what was read), or 0 when the record there is incomplete in the buffer, or -1 when it is not a record: wrong
     * magic or version, impossible length, or a CRC that does not match.
     */
    static int check(ByteBuffer buffer, int at) {
        int available = buffer.limit() - at;
        if (available < HEADER_BYTES) {
            return available > 2 && buffer.getShort(at) != MAGIC ? -1 : 0;
        }
        if (buffer.getShort(at) != MAGIC || buffer.get(at + 2) != VERSION) {
            return -1;
        }
        int length = buffer.getInt(at + LENGTH_AT);
        if (length < 0 || length > MAX_MESSAGE_BYTES) {
            return -1;
        }
        int size = size(length);
        if (available < size) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(at + LENGTH_AT).limit(at + size));
        return (int) crc.getValue() == buffer.getInt(at + CRC_AT) ? size : -1;
    }

    /** The message length of a record whose header is in the buffer at {@code at}, for sizing a read. */
    static int messageLength(ByteBuffer buffer, int at) {
        return buffer.getInt(at + LENGTH_AT);
    }

    static long sequenceNumber(ByteBuffer buffer, int at) {
        return buffer.getLong(at + SEQUENCE_AT);
    }

    static long enqueuedTimeMillis(ByteBuffer buffer, int at) {
        return buffer.getLong(at + TIME_AT);
    }

    static byte[] message(ByteBuffer buffer, int at) {
        byte[] message = new byte[messageLength(buffer, at)];
        buffer.get(at + HEADER_BYTES, message);
        return message;
    }
}
