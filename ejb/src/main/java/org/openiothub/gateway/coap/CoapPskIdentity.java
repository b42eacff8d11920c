package org.openiothub.gateway.coap;

import org.openiothub.auth.PreSharedKeys.KeySlot;

/**
 * The PSK identity a device presents in its DTLS handshake: {@code deviceId} or {@code deviceId/moduleId}, with the
 * device's primary key as the secret; {@code ;secondary} appended selects its secondary key (DTLS tries one secret per
 * handshake, so the device says which). IoT Hub's identifiers contain neither {@code /} nor {@code ;}.
 *
 * @param moduleId {@code null} for the device itself
 */
record CoapPskIdentity(String deviceId, String moduleId, KeySlot slot) {

    static final String SECONDARY_SUFFIX = ";secondary";

    /** @throws IllegalArgumentException when {@code identity} names no device */
    static CoapPskIdentity parse(String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("The PSK identity is empty");
        }
        KeySlot slot = KeySlot.PRIMARY;
        String name = identity;
        if (name.endsWith(SECONDARY_SUFFIX)) {
            slot = KeySlot.SECONDARY;
            name = name.substring(0, name.length() - SECONDARY_SUFFIX.length());
        }
        String[] parts = name.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty()) || name.indexOf(';') >= 0) {
            throw new IllegalArgumentException("The PSK identity '" + identity
                    + "' is not deviceId or deviceId/moduleId, optionally followed by " + SECONDARY_SUFFIX);
        }
        return new CoapPskIdentity(parts[0], parts.length == 2 ? parts[1] : null, slot);
    }

    @Override
    public String toString() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }
}
