package org.openiothub.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.registry.ModuleIdentity;
import org.openiothub.registry.ModuleRegistry;

/**
 * The secrets of devices and modules that authenticate with a pre-shared key (DTLS PSK): one of the symmetric keys
 * the registry keeps for them, as the text IoT Hub shows (its base64, ASCII-encoded, not decoded), so that the key from
 * a connection string works as it is in any DTLS client, including those that take a PSK only as text. Only enabled
 * identities of authentication type {@code sas} have one.
 */
@ApplicationScoped
public class PreSharedKeys {

    /**
     * A device's secret, with the identity it proves.
     *
     * @param secret the key's base64 text in ASCII; the caller owns the array
     */
    public record PreSharedKey(DeviceIdentity identity, byte[] secret) {
    }

    /** Which of its two keys the device uses. */
    public enum KeySlot { PRIMARY, SECONDARY }

    @Inject
    DeviceRegistry registry;

    @Inject
    ModuleRegistry modules;

    /**
     * Blocks on the registry: never call it on an event loop.
     *
     * @param moduleId {@code null} for the device itself
     * @return empty for an unknown, disabled or non-{@code sas} identity, or when that key is not set
     */
    public Optional<PreSharedKey> find(String deviceId, String moduleId, KeySlot slot) {
        Optional<Device> device = registry.find(deviceId);
        if (device.isEmpty() || device.get().status() != DeviceStatus.ENABLED) {
            return Optional.empty();
        }
        AuthenticationType type;
        String key;
        if (moduleId == null) {
            type = device.get().authenticationType();
            key = slot == KeySlot.PRIMARY ? device.get().primaryKey() : device.get().secondaryKey();
        } else {
            Optional<ModuleIdentity> module = modules.find(deviceId, moduleId);
            if (module.isEmpty()) {
                return Optional.empty();
            }
            type = module.get().authenticationType();
            key = slot == KeySlot.PRIMARY ? module.get().primaryKey() : module.get().secondaryKey();
        }
        if (type != AuthenticationType.SAS || !SymmetricKeys.isValid(key)) {
            return Optional.empty();
        }
        return Optional.of(new PreSharedKey(new DeviceIdentity(deviceId, moduleId, device.get().generationId(),
                CredentialKind.DEVICE_KEY), key.getBytes(StandardCharsets.US_ASCII)));
    }
}
