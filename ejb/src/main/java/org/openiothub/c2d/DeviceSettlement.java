package org.openiothub.c2d;

/** How a device settled a cloud-to-device message it was sent. */
public enum DeviceSettlement {
    /** It took the message (MQTT PUBACK, AMQP accepted, HTTPS complete): the message is done. */
    COMPLETED,
    /** It gave the message back (AMQP released or modified, HTTPS abandon): the message is delivered again. */
    ABANDONED,
    /** It refused the message for good (AMQP rejected, HTTPS reject): the message is dead-lettered. */
    REJECTED
}
