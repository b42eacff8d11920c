package org.openiothub.gateway.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

        @Override
        public ServiceCaller authenticateSignedWithKeyText(String token) {
            asked.add("eventhub");
            return token.contains("skn=registryRead") ? new ServiceCaller("registryRead", Set.of(AccessRight.RegistryRead))
                    : new ServiceCaller("service", Set.of(AccessRight.ServiceConnect));
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

    private static String eventHubToken(String resource, String policy) {
        return "SharedAccessSignature sr=" + java.net.URLEncoder.encode(resource, java.nio.charset.StandardCharsets.UTF_8)
                + "&sig=abc%3D&se=" + EXPIRY + "&skn=" + policy;
    }

    @Test
    void theJavaEventHubsReceiverAudienceIsAnEventHubClaimForThatPartition() {
        String audience = "amqp://HUB.example/MyHub/ConsumerGroups/$Default/Partitions/0";
        Claim claim = checker.check(audience, eventHubToken(audience, "service"));
        Claim.EventHub eventHub = assertInstanceOf(Claim.EventHub.class, claim);
        assertEquals(List.of("eventhub"), asked);
        assertEquals("/myhub/consumergroups/$default/partitions/0", eventHub.scope());
        assertEquals(Instant.ofEpochSecond(EXPIRY), eventHub.expiry());
        assertTrue(eventHub.covers("/myhub/ConsumerGroups/$Default/Partitions/0"));
        assertFalse(eventHub.covers("/myhub/ConsumerGroups/$Default/Partitions/1"));
        assertFalse(eventHub.covers("/myhub/ConsumerGroups/$Default/Partitions/01"));
    }

    @Test
    void aTokenForTheEntityCoversEveryPathBelowItInTheSbForm() {
        Claim claim = checker.check("sb://hub.example/myhub/$management", eventHubToken("sb://hub.example/myhub", "service"));
        Claim.EventHub eventHub = assertInstanceOf(Claim.EventHub.class, claim);
        assertTrue(eventHub.covers("/myhub/$management"));
        assertTrue(eventHub.covers("/MyHub/ConsumerGroups/cg/Partitions/3"));
        assertFalse(eventHub.covers("/myhubother/$management"));
        assertTrue(checker.checkEventHub(eventHubToken("amqp://hub.example/myhub", "service")).covers("/myhub/$management"));
    }

    @Test
    void anEventHubTokenForAnotherPartitionPolicyOrHostIsRefused() {
        String audience = "amqp://hub.example/myhub/ConsumerGroups/$Default/Partitions/0";
        HubException otherPartition = assertThrows(HubException.class, () -> checker.check(audience,
                eventHubToken("amqp://hub.example/myhub/ConsumerGroups/$Default/Partitions/1", "service")));
        assertEquals(ErrorCode.UNAUTHORIZED, otherPartition.errorCode());
        HubException noServiceConnect = assertThrows(HubException.class, () -> checker.check(audience,
                eventHubToken(audience, "registryRead")));
        assertEquals(ErrorCode.UNAUTHORIZED, noServiceConnect.errorCode());
        HubException otherHost = assertThrows(HubException.class, () -> checker.checkEventHub(
                eventHubToken("amqp://other.example/myhub", "service")));
        assertEquals(ErrorCode.UNAUTHORIZED, otherHost.errorCode());
        HubException otherEntity = assertThrows(HubException.class, () -> checker.checkEventHub(
                eventHubToken("amqp://hub.example/otherhub", "service")));
        assertEquals(ErrorCode.UNAUTHORIZED, otherEntity.errorCode());
    }
}
