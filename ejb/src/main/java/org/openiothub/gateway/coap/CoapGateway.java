package org.openiothub.gateway.coap;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.PreSharedKeys;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.config.HubConfig;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.method.DirectMethods;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.twin.DeviceTwins;

/**
 * The device-facing CoAP endpoint over DTLS 1.2 with pre-shared keys ({@link HubConfig#coapsPort()}, UDP 5684 by
 * default), with Connection IDs so that a device whose address changes (NAT rebinding) keeps its DTLS session; and plain
 * CoAP ({@link HubConfig#coapPort()}) only when an operator turns it on. It starts with the application, and the
 * deployment fails when its port cannot be bound.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ArtemisTelemetrySink"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CoapGateway {

    /** Bytes of a Connection ID the hub hands out: enough for a million devices with room to spare. */
    static final int CONNECTION_ID_LENGTH = 6;
    /** DTLS sessions kept; beyond this the least recently used one goes, and its device shakes hands again. */
    static final int MAX_SESSIONS = 200_000;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    @Inject
    HubConfig config;

    @Inject
    TelemetrySink telemetry;

    @Inject
    PreSharedKeys keys;

    @Inject
    Instance<DeviceTwins> twins;

    @Inject
    Instance<DeviceAuthenticator> authenticators;

    @Inject
    DeviceConnectionListener connections;

    @EJB
    JpaCloudToDeviceQueue cloudToDevice;

    @Inject
    CoapDtlsSessions sessions;

    @Inject
    CoapDeviceLinks links;

    @Inject
    DirectMethods directMethods;

    @Inject
    Event<DeviceFeatureSubscribed> subscriptions;

    @Resource
    ManagedExecutorService executor;

    private CoapServer server;

    @PostConstruct
    void start() {
        String address = config.bindAddress();
        Configuration configuration = Configuration.createStandardWithoutFile()
                .set(CoapConfig.MAX_RESOURCE_BODY_SIZE, CoapDeviceResources.MAX_TELEMETRY_BYTES)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH)
                .set(DtlsConfig.DTLS_MAX_CONNECTIONS, MAX_SESSIONS)
                .set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, 24L, TimeUnit.HOURS)
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST_FOR_PSK, true);
        CoapServices services = new CoapServices(executor, telemetry.direct(),
                twins.isResolvable() ? twins.get() : null, cloudToDevice,
                authenticators.isResolvable() ? authenticators.get() : null, Clock.systemUTC(), connections.direct(), links,
                directMethods::responded, subscriptions::fire);
        server = new CoapServer(configuration);
        server.add(new CoapDeviceResources(services));
        int coapsPort = config.coapsPort();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(address, coapsPort))
                .setAdvancedPskStore(new CoapPskStore(keys, executor))
                .setApplicationLevelInfoSupplier((principal, device) -> device == null ? AdditionalInfo.empty()
                        : AdditionalInfo.from(Map.of(CoapPskStore.DEVICE_IDENTITY, device)))
                .setLoggingTag("coaps")
                .build();
        DTLSConnector connector = new DTLSConnector(dtls);
        server.addEndpoint(new CoapEndpoint.Builder()
                .setConfiguration(configuration)
                .setConnector(connector)
                .build());
        Integer coapPort = config.coapPort().orElse(null);
        if (coapPort != null) {
            server.addEndpoint(new CoapEndpoint.Builder()
                    .setConfiguration(configuration)
                    .setInetSocketAddress(new InetSocketAddress(address, coapPort))
                    .build());
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            server.destroy();
            throw new IllegalStateException(CoapLogger.LOG.cannotBind(coapsPort, address, String.valueOf(e.getMessage()),
                    "HUB_COAPS_PORT"), e);
        }
        if (server.getEndpoints().stream().anyMatch(endpoint -> !endpoint.isStarted())) {
            server.destroy();
            throw new IllegalStateException(CoapLogger.LOG.cannotBind(coapsPort, address, "an endpoint did not start",
                    coapPort == null ? "HUB_COAPS_PORT" : "HUB_COAPS_PORT or HUB_COAP_PORT"));
        }
        sessions.started(connector);
        CoapLogger.LOG.listening(address, coapsPort, "DTLS 1.2, PSK");
        if (coapPort != null) {
            CoapLogger.LOG.listening(address, coapPort, "plain, SAS tokens only");
            CoapLogger.LOG.plainCoapOn(coapPort);
        }
    }

    @PreDestroy
    void stop() {
        sessions.stopped();
        if (server != null) {
            server.destroy();
        }
        CoapLogger.LOG.stopped();
    }
}
