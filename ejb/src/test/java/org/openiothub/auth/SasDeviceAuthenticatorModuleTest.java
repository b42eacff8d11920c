package org.openiothub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiothub.config.HubConfig;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;
import org.openiothub.registry.AuthenticationType;
import org.openiothub.registry.Device;
import org.openiothub.registry.DeviceRegistry;
import org.openiothub.registry.DeviceStatus;
import org.openiothub.registry.ModuleIdentity;
import org.openiothub.registry.ModuleRegistry;

/** How modules authenticate: with their own keys, and a module's token covers only that module. */
class SasDeviceAuthenticatorModuleTest {

    private static final String HOST = "127.0.0.1";
    private static final String DEVICE_KEY = SymmetricKeys.generate();
    private static final String M1_KEY = SymmetricKeys.generate();
    private static final String M2_KEY = SymmetricKeys.generate();

    private final SasDeviceAuthenticator authenticator = new SasDeviceAuthenticator();

    @BeforeEach
    void deviceWithTwoModules() {
        Device device = new Device() {
            @Override
            public AuthenticationType authenticationType() {
                return AuthenticationType.SAS;
            }

            @Override
            public String primaryKey() {
                return DEVICE_KEY;
            }

            @Override
            public DeviceStatus status() {
                return DeviceStatus.ENABLED;
            }
        };
        authenticator.registry = new DeviceRegistry() {
            @Override
            public Optional<Device> find(String deviceId) {
                return Optional.ofNullable(deviceId.equals("d") ? device : null);
            }
        };
        authenticator.modules = new ModuleRegistry() {
            @Override
            public Optional<ModuleIdentity> find(String deviceId, String moduleId) {
                if (!deviceId.equals("d")) {
                    return Optional.empty();
                }
                return switch (moduleId) {
                    case "m1" -> Optional.of(module(M1_KEY));
                    case "m2" -> Optional.of(module(M2_KEY));
                    default -> Optional.empty();
                };
            }
        };
        authenticator.config = new HubConfig();
    }

    private static ModuleIdentity module(String key) {
        return new ModuleIdentity() {
            @Override
            public AuthenticationType authenticationType() {
                return AuthenticationType.SAS;
            }

            @Override
            public String primaryKey() {
                return key;
            }
        };
    }

    private static String token(String resource, String key) {
        long expiry = Instant.now().getEpochSecond() + 3600;
        String signature = Base64.getEncoder().encodeToString(SasToken.sign(key, resource, expiry));
        return "SharedAccessSignature sr=" + resource + "&sig="
                + java.net.URLEncoder.encode(signature, StandardCharsets.UTF_8) + "&se=" + expiry;
    }

    private ErrorCode refusal(String deviceId, String moduleId, String token) {
        return assertThrows(HubException.class, () -> authenticator.authenticate(deviceId, moduleId, token)).errorCode();
    }

    @Test
    void aModuleSignsInWithItsOwnKey() {
        DeviceIdentity identity = authenticator.authenticate("d", "m1", token(HOST + "/devices/d/modules/m1", M1_KEY));
        assertEquals("m1", identity.moduleId());
        assertEquals(DeviceIdentity.CredentialKind.DEVICE_KEY, identity.credential());
    }

    @Test
    void aModuleTokenOpensNeitherAnotherModuleNorTheDevice() {
        String m1 = token(HOST + "/devices/d/modules/m1", M1_KEY);
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("d", "m2", m1));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("d", null, m1));
    }

    @Test
    void theDevicesKeyDoesNotOpenItsModule() {
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("d", "m1", token(HOST + "/devices/d/modules/m1", DEVICE_KEY)));
        assertEquals(ErrorCode.UNAUTHORIZED, refusal("d", "m1", token(HOST + "/devices/d", DEVICE_KEY)));
    }

    @Test
    void anUnknownModuleIsNotFound() {
        assertEquals(ErrorCode.MODULE_NOT_FOUND, refusal("d", "m3", token(HOST + "/devices/d/modules/m3", M1_KEY)));
    }

    @Test
    void theDeviceStillSignsInWithItsOwnKey() {
        assertEquals(null, authenticator.authenticate("d", null, token(HOST + "/devices/d", DEVICE_KEY)).moduleId());
    }
}
