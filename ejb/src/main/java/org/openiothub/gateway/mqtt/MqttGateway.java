package org.openiothub.gateway.mqtt;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.openiothub.auth.CertificateAuthenticator;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.config.HubConfig;
import org.openiothub.gateway.DeviceFeatureSubscribed;
import org.openiothub.gateway.GatewayServer;
import org.openiothub.gateway.GatewayTunnels;
import org.openiothub.gateway.GatewayTls;
import org.openiothub.method.DirectMethods;
import org.openiothub.registry.DeviceConnectionListener;
import org.openiothub.telemetry.TelemetrySink;
import org.openiothub.twin.DeviceTwins;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;

/**
 * The device-facing MQTT 3.1.1 endpoint over TLS ({@link HubConfig#mqttPort()}, 8883 by default). It starts with
 * the application, and the deployment fails when its port cannot be bound.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ArtemisTelemetrySink"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MqttGateway {

    /**
     * Bytes waiting to be written to one connection beyond which it counts as not reading (and the hub stops reading
     * from it and sends it no more QoS 0 traffic): the largest packet, so that one large message alone does not.
     */
    private static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(64 * 1024, MqttChannelInitializer.MAX_PACKET_BYTES);

    @Inject
    HubConfig config;

    @Inject
    TelemetrySink telemetry;

    @Inject
    MqttDeviceSessions sessions;

    @Inject
    Instance<DeviceAuthenticator> authenticators;

    @Inject
    Instance<CertificateAuthenticator> certificates;

    @Inject
    Instance<DeviceConnectionListener> connectionListeners;

    @Inject
    DirectMethods directMethods;

    @Inject
    Event<DeviceFeatureSubscribed> subscriptions;

    @Inject
    CloudToDeviceDelivery cloudToDevice;

    @Inject
    DeviceTwins twins;

    @Inject
    GatewayTunnels tunnels;

    @Resource
    ManagedThreadFactory threadFactory;

    @Resource
    ManagedExecutorService executor;

    private GatewayServer server;
    private int port;

    @PostConstruct
    void start() {
        port = config.mqttPort();
        String address = config.bindAddress();
        SslContext tls = GatewayTls.fromPkcs12(config.keyStore(), config.keyStorePassword());
        Duration connectTimeout = config.mqttConnectTimeout();
        MqttServices services = new MqttServices(authenticator(), executor, telemetry.direct(), sessions,
                connectionListener().direct(), Clock.systemUTC(), new MqttMethodHandler(directMethods::responded),
                subscriptions::fire, cloudToDevice, twins, certificates.isResolvable() ? certificates.get() : null);
        try {
            server = GatewayServer.bind(address, port, new MqttChannelInitializer(tls, services, connectTimeout),
                    WRITE_BUFFER, threadFactory);
        } catch (RuntimeException e) {
            throw new IllegalStateException(MqttLogger.LOG.cannotBind(port, address, String.valueOf(e.getMessage())), e);
        }
        MqttChannelInitializer tunnelled = new MqttChannelInitializer(null, services, connectTimeout);
        GatewayServer listening = server;
        tunnels.open(GatewayTunnels.Protocol.MQTT, channel -> listening.serve(channel, tunnelled));
        MqttLogger.LOG.listening(address, port);
    }

    @PreDestroy
    void stop() {
        tunnels.close(GatewayTunnels.Protocol.MQTT);
        if (server != null) {
            server.close(sessions::closeAll);
        }
        MqttLogger.LOG.stopped(port);
    }

    private DeviceAuthenticator authenticator() {
        if (authenticators.isResolvable()) {
            return authenticators.get();
        }
        MqttLogger.LOG.noAuthenticator();
        return null;
    }

    private DeviceConnectionListener connectionListener() {
        if (connectionListeners.isResolvable()) {
            return connectionListeners.get();
        }
        MqttLogger.LOG.noConnectionListener();
        return NO_LISTENER;
    }

    /** Until the registry tracks connections, nobody listens. */
    private static final DeviceConnectionListener NO_LISTENER = new DeviceConnectionListener() {
        @Override
        public void connected(org.openiothub.auth.DeviceIdentity device) {
        }

        @Override
        public void disconnected(org.openiothub.auth.DeviceIdentity device) {
        }

        @Override
        public void activity(org.openiothub.auth.DeviceIdentity device) {
        }
    };
}
