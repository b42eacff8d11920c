package org.openiothub.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiothub.server.HubSettings.Port;

class HubSettingsTest {

    @Test
    void withoutMembersTheHubIsOneNodeAndBindsNoClusterPort() {
        HubSettings settings = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub"));
        assertTrue(settings.cluster().isEmpty());
        assertFalse(settings.boundPorts().containsKey(Port.CLUSTER));
        assertEquals("127.0.0.1", settings.internalAddress());
    }

    @Test
    void coapOverDtlsIsOnAndPlainCoapOffUnlessAPortIsSet() {
        HubSettings settings = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub"));
        assertEquals(5684, settings.boundPorts().get(Port.COAPS));
        assertFalse(settings.boundPorts().containsKey(Port.COAP));
        HubSettings plain = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_COAP_PORT", "5683"));
        assertEquals(5683, plain.boundPorts().get(Port.COAP));
    }

    @Test
    void aNodeOnItsOwnLoopbackAddressKeepsItsInternalPortsThere() {
        HubSettings settings = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_BIND_ADDRESS", "127.0.0.3",
                "HUB_CLUSTER_MEMBERS", "127.0.0.2[7600], 127.0.0.3[7600]"));
        HubSettings.Cluster cluster = settings.cluster().orElseThrow();
        assertEquals("127.0.0.2[7600],127.0.0.3[7600]", cluster.members());
        assertEquals("127.0.0.3", cluster.address());
        assertTrue(cluster.nodeName().endsWith("-127.0.0.3"), cluster.nodeName());
        assertEquals("127.0.0.3", settings.internalAddress());
        assertEquals(7600, settings.boundPorts().get(Port.CLUSTER));
        assertEquals(61616, settings.boundPorts().get(Port.CLUSTER_MESSAGING));
    }

    @Test
    void aNodeListeningOnEveryAddressMustNameItsClusterAddress() {
        LaunchException refused = assertThrows(LaunchException.class, () -> HubSettings.from(Map.of(
                "HUB_DATA_DIR", "/tmp/hub", "HUB_CLUSTER_MEMBERS", "10.0.0.1[7600]")));
        assertTrue(refused.getMessage().contains("HUB_CLUSTER_ADDRESS"), refused.getMessage());
        HubSettings settings = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_CLUSTER_MEMBERS", "10.0.0.1[7600]",
                "HUB_CLUSTER_ADDRESS", "10.0.0.1", "HUB_NODE_NAME", "edge-1"));
        assertEquals("10.0.0.1", settings.cluster().orElseThrow().address());
        assertEquals("edge-1", settings.cluster().orElseThrow().nodeName());
    }

    @Test
    void membersMustBeHostsWithPorts() {
        assertThrows(LaunchException.class, () -> HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub",
                "HUB_BIND_ADDRESS", "127.0.0.2", "HUB_CLUSTER_MEMBERS", "127.0.0.2,127.0.0.3")));
    }

    @Test
    void aLongNodeNameGivesAShortUniqueTransactionNodeId() {
        HubSettings.Cluster shortName = new HubSettings.Cluster("a[7600]", "10.0.0.1", "node1", java.util.Optional.empty());
        assertEquals("node1", shortName.transactionNodeId());
        HubSettings.Cluster longName = new HubSettings.Cluster("a[7600]", "10.0.0.1",
                "hub-production-eu-west-1-node-17", java.util.Optional.empty());
        HubSettings.Cluster otherLongName = new HubSettings.Cluster("a[7600]", "10.0.0.1",
                "hub-production-eu-west-1-node-18", java.util.Optional.empty());
        assertTrue(longName.transactionNodeId().length() <= 23);
        assertFalse(longName.transactionNodeId().equals(otherLongName.transactionNodeId()));
    }

    @Test
    void theServerConnectsToPostgreSqlWithCustomPlansUnlessTheUrlSetsItsOwnOptions() {
        HubSettings.Database database = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub",
                "HUB_DB_URL", "jdbc:postgresql://db:5432/hub")).database().orElseThrow();
        assertEquals("jdbc:postgresql://db:5432/hub?options=-c%20plan_cache_mode%3Dforce_custom_plan", database.serverUrl());
        assertEquals("hub", database.user());
        assertEquals("jdbc:postgresql://db/hub?ssl=true&options=-c%20plan_cache_mode%3Dforce_custom_plan",
                new HubSettings.Database("jdbc:postgresql://db/hub?ssl=true", "u", "p").serverUrl());
        String own = "jdbc:postgresql://db/hub?options=-c%20statement_timeout%3D5000";
        assertEquals(own, new HubSettings.Database(own, "u", "p").serverUrl());
    }

    @Test
    void aDatabaseUrlThatIsNotPostgreSqlIsRefused() {
        LaunchException refused = assertThrows(LaunchException.class, () -> HubSettings.from(Map.of(
                "HUB_DATA_DIR", "/tmp/hub", "HUB_DB_URL", "jdbc:mysql://db/hub")));
        assertTrue(refused.getMessage().contains("HUB_DB_URL"), refused.getMessage());
    }

    @Test
    void theEventHubIsNamedAfterTheHostAndKeepsIotHubsDefaults() {
        HubSettings.EventHub byIp = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub")).eventHub();
        assertEquals(new HubSettings.EventHub("hub", 4, 1, false), byIp);
        HubSettings.EventHub byName = HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_HOSTNAME", "plant7.example.com",
                "HUB_PARTITIONS", "32", "HUB_RETENTION_DAYS", "7")).eventHub();
        assertEquals(new HubSettings.EventHub("plant7", 32, 7, false), byName);
        assertEquals("north", HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_NAME", "north")).eventHub().name());
        assertEquals("localhost", HubSettings.EventHub.defaultName("localhost"));
        assertEquals("hub", HubSettings.EventHub.defaultName("::1"));
    }

    @Test
    void aClusterKeepsItsEventHubInTheDatabaseAndOneNodeMayChooseTo() {
        Map<String, String> cluster = Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_CLUSTER_MEMBERS", "127.0.0.2[7600],127.0.0.3[7600]",
                "HUB_BIND_ADDRESS", "127.0.0.2", "HUB_DB_URL", "jdbc:postgresql://db/hub");
        assertTrue(HubSettings.from(cluster).eventHub().inDatabase());
        Map<String, String> local = new HashMap<>(cluster);
        local.put("HUB_EVENT_HUB_STORE", "local");
        LaunchException refused = assertThrows(LaunchException.class, () -> HubSettings.from(local));
        assertTrue(refused.getMessage().contains("HUB_EVENT_HUB_STORE"), refused.getMessage());
        assertTrue(HubSettings.from(Map.of("HUB_DATA_DIR", "/tmp/hub", "HUB_EVENT_HUB_STORE", "database")).eventHub()
                .inDatabase());
    }

    @Test
    void partitionsAndRetentionOutsideIotHubsRangesAreRefused() {
        for (Map<String, String> wrong : List.of(Map.of("HUB_PARTITIONS", "1"), Map.of("HUB_PARTITIONS", "33"),
                Map.of("HUB_RETENTION_DAYS", "0"), Map.of("HUB_RETENTION_DAYS", "8"), Map.of("HUB_PARTITIONS", "four"),
                Map.of("HUB_NAME", "no spaces"), Map.of("HUB_EVENT_HUB_STORE", "memory"))) {
            Map<String, String> settings = new HashMap<>(wrong);
            settings.put("HUB_DATA_DIR", "/tmp/hub");
            LaunchException refused = assertThrows(LaunchException.class, () -> HubSettings.from(settings));
            assertTrue(refused.getMessage().contains(wrong.keySet().iterator().next()), refused.getMessage());
        }
    }
}
