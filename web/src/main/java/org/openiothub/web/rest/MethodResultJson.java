package org.openiothub.web.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.openiothub.method.MethodResult;

/** IoT Hub's method response, {@code {"status":<device's status>,"payload":<device's JSON>}}, written without a parse. */
final class MethodResultJson {

    private static final byte[] PAYLOAD = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    private MethodResultJson() {
    }

    static byte[] format(MethodResult result) {
        byte[] payload = result.payloadJson();
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 40);
        out.writeBytes(("{\"status\":" + result.status()).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(PAYLOAD);
        out.writeBytes(payload);
        out.write('}');
        return out.toByteArray();
    }
}
