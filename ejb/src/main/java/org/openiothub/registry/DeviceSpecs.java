package org.openiothub.registry;

import java.util.Locale;
import java.util.regex.Pattern;

import org.openiothub.auth.SymmetricKeys;
import org.openiothub.errors.HubException;

/** Checks an operator's device description and fills in what IoT Hub generates. */
final class DeviceSpecs {

    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64}");

    private DeviceSpecs() {
    }

    /**
     * @return the spec with generated keys for a SAS device that has none
     * @throws HubException {@code ArgumentInvalid} for keys that are not base64 of 16-64 bytes, or missing/bad thumbprints
     */
    static DeviceSpec complete(DeviceSpec spec) {
        return switch (spec.authenticationType()) {
            case SAS -> new DeviceSpec(spec.deviceId(), spec.status(), spec.statusReason(), spec.authenticationType(),
                    key(spec.primaryKey(), "primaryKey"), key(spec.secondaryKey(), "secondaryKey"), null, null,
                    spec.iotEdge());
            case SELF_SIGNED -> {
                String primary = thumbprint(spec.primaryThumbprint(), "primaryThumbprint", true);
                String secondary = thumbprint(spec.secondaryThumbprint(), "secondaryThumbprint", false);
                yield new DeviceSpec(spec.deviceId(), spec.status(), spec.statusReason(), spec.authenticationType(),
                        null, null, primary, secondary, spec.iotEdge());
            }
            case CERTIFICATE_AUTHORITY, NONE -> new DeviceSpec(spec.deviceId(), spec.status(), spec.statusReason(),
                    spec.authenticationType(), null, null, null, null, spec.iotEdge());
        };
    }

    private static String key(String key, String field) {
        if (key == null || key.isEmpty()) {
            return SymmetricKeys.generate();
        }
        if (!SymmetricKeys.isValid(key)) {
            throw HubException.invalid("authentication.symmetricKey." + field + " must be base64 of 16 to 64 bytes.");
        }
        return key;
    }

    private static String thumbprint(String value, String field, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw HubException.invalid("authentication.x509Thumbprint." + field + " is required for selfSigned devices.");
            }
            return null;
        }
        if (!THUMBPRINT.matcher(value).matches()) {
            throw HubException.invalid("authentication.x509Thumbprint." + field + " must be 40 or 64 hex digits.");
        }
        return value.toUpperCase(Locale.ROOT);
    }
}
