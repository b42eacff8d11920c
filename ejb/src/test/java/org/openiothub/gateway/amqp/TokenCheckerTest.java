package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openiothub.auth.AccessRight;
import org.openiothub.auth.DeviceIdentity;
import org.openiothub.auth.DeviceIdentity.CredentialKind;
import org.openiothub.auth.ServiceAuthenticator;
import org.openiothub.auth.ServiceCaller;
import org.openiothub.errors.ErrorCode;
import org.openiothub.errors.HubException;

class TokenCheckerTest {

    private static final long EXPIRY = 2_000_000_000L;

    private final List<String> asked = new ArrayList<>();
    private final TokenChecker checker = new TokenChecker((deviceId, moduleId, token) -> {
        asked.add(deviceId + "|" + moduleId);
        return new DeviceIdentity(deviceId, moduleId, "g", CredentialKind.DEVICE_KEY);
    }, new ServiceAuthenticator() {
        @Override
        public ServiceCaller authenticate(String authorization) {
            asked.add("service");
            return new ServiceCaller("iothubowner", Set.of(AccessRight.ServiceConnect));
        }
    }, Set.of("hub.example", "127.0.0.1"), "myhub");

    private static String token(String resource) {
        return "SharedAccessSignature sr=" + resource + "&sig=abc%3D&se=" + EXPIRY;
    }

    @Test
    void theHubItselfIsAServiceClaimUntilTheTokenExpires() {
        Claim claim = checker.check("hub.example", token("hub.example") + "&skn=iothubowner");
        Claim.Service service = assertInstanceOf(Claim.Service.class, claim);
        assertEquals(Instant.ofEpochSecond(EXPIRY), service.expiry());
        assertEquals(List.of("service"), asked);
    }

    @Test
    void aDeviceAudienceAuthenticatesThatDevice() {
        Claim claim = checker.check("hub.example/devices/dev 1", token("hub.example/devices/dev+1"));
        DeviceIdentity identity = assertInstanceOf(Claim.Device.class, claim).identity();
        assertEquals("dev 1", identity.deviceId());
        assertNull(identity.moduleId());
        assertEquals("/devices/dev 1", claim.key());
    }

    @Test
    void theJavaSdkNamesTheDeviceForAModuleTokenAndTheTokenSaysWhichModule() {
        Claim claim = checker.check("hub.example/devices/Dev1", token("hub.example/devices/Dev1/modules/Mod1"));
        assertEquals(List.of("Dev1|Mod1"), asked);
        assertEquals("/devices/Dev1/modules/Mod1", claim.key());
    }

    @Test
    void theNodeSdkSendsTheEncodedResourceWithAScheme() {
        checker.check("hub.example%2Fdevices%2Fdev1", token("hub.example%2Fdevices%2Fdev1"));
        checker.check("amqps://HUB.example/devices/dev2/", token("hub.example/devices/dev2"));
        assertEquals(List.of("dev1|null", "dev2|null"), asked);
    }

    @Test
    void anAudienceOfAnotherHubOrNoIdentityIsRefused() {
        HubException otherHub = assertThrows(HubException.class, () -> checker.check("other.example/devices/d", token("other.example/devices/d")));
        assertEquals(ErrorCode.ARGUMENT_INVALID, otherHub.errorCode());
        HubException notADevice = assertThrows(HubException.class, () -> checker.check("hub.example/jobs/j", token("hub.example/jobs/j")));
        assertEquals(ErrorCode.ARGUMENT_INVALID, notADevice.errorCode());
        HubException noToken = assertThrows(HubException.class, () -> checker.check("hub.example", " "));
        assertEquals(ErrorCode.UNAUTHORIZED, noToken.errorCode());
        assertEquals(List.of(), asked);
    }
}
