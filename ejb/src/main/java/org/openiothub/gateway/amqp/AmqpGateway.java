package org.openiothub.gateway.amqp;

import java.time.Clock;

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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.openiothub.auth.CertificateAuthenticator;
import org.openiothub.auth.DeviceAuthenticator;
import org.openiothub.auth.InternalBrokerCredentials;
import org.openiothub.auth.ServiceAuthenticator;
import org.openiothub.c2d.CloudToDeviceDelivery;
import org.openiothub.c2d.JpaCloudToDeviceQueue;
import org.openiothub.config.HubConfig;
import org.openiothub.endpoint.ArtemisConsumerGroups;
import org.openiothub.cluster.FromOtherNode;
import org.openiothub.cluster.NodeLeft;
import org.openiothub.eventhub.EpochReader;
import org.openiothub.eventhub.EventHub;
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
 * The AMQP 1.0 endpoint over TLS ({@link HubConfig#amqpsPort()}, 5671 by default) for devices and back ends, with
 * IoT Hub's claims-based security. It starts with the application, and the deployment fails when its port cannot
 * be bound.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ArtemisTelemetrySink", "ArtemisFeedbackPublisher"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AmqpGateway {

    private static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(64 * 1024, 512 * 1024);

    @Inject
    HubConfig config;

    @Inject
    TelemetrySink telemetry;

    @Inject
    AmqpDeviceSessions sessions;

    @Inject
    Instance<DeviceAuthenticator> authenticators;

    @Inject
    Instance<CertificateAuthenticator> certificates;

    @Inject
    ServiceAuthenticator serviceAuthenticator;

    @Inject
    DeviceConnectionListener connections;

    @Inject
    DirectMethods directMethods;

    @Inject
    Event<DeviceFeatureSubscribed> subscriptions;

    @Inject
    CloudToDeviceDelivery cloudToDevice;

    @Inject
    DeviceTwins twins;

    @EJB
    JpaCloudToDeviceQueue cloudToDeviceQueue;

    @EJB
    ArtemisConsumerGroups consumerGroups;

    /** Unsatisfied until the hub has its partitioned log: Event Hub links are then refused. */
    @Inject
    Instance<EventHub> eventHub;

    @Resource(lookup = "java:/jms/hub/GatewayConnectionFactory")
    ConnectionFactory brokerConnections;

    @Inject
    InternalBrokerCredentials brokerCredentials;

    @Inject
    GatewayTunnels tunnels;

    @Resource
    ManagedThreadFactory threadFactory;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Event<EpochReader> epochReaders;

    private final EventHubReaders eventHubReaders = new EventHubReaders(new EventHubReaders.Announcer() {
        @Override
        public void opened(String consumerGroup, String partition, long epoch) {
            epochReaders.fire(new EpochReader(EpochReader.State.OPENED, config.nodeName(), consumerGroup, partition, epoch));
        }

        @Override
        public void closed(String consumerGroup, String partition, long epoch) {
            epochReaders.fire(new EpochReader(EpochReader.State.CLOSED, config.nodeName(), consumerGroup, partition, epoch));
        }
    });
    private GatewayServer server;
    private ClientSessionFactory brokerSessions;
    private int port;

    @PostConstruct
    void start() {
        port = config.amqpsPort();
        String address = config.bindAddress();
        SslContext tls = GatewayTls.fromPkcs12(config.keyStore(), config.keyStorePassword());
        TokenChecker tokens = new TokenChecker(authenticators.isResolvable() ? authenticators.get() : null,
                serviceAuthenticator, config.hostNames(), config.hubName());
        AmqpServices services = new AmqpServices(tokens, executor, telemetry.direct(), sessions, connections.direct(),
                Clock.systemUTC(), directMethods::responded, subscriptions::fire, cloudToDevice, twins, config.hostName(),
                cloudToDeviceQueue::enqueue, serviceBoundQueues(), config.hubName(),
                eventHub.isResolvable() ? eventHub.get() : null, consumerGroups::exists, eventHubReaders,
                certificates.isResolvable() ? certificates.get() : null);
        try {
            server = GatewayServer.bind(address, port, new AmqpChannelInitializer(tls, services), WRITE_BUFFER, threadFactory);
        } catch (RuntimeException e) {
            throw new IllegalStateException(AmqpLogger.LOG.cannotBind(port, address, String.valueOf(e.getMessage())), e);
        }
        AmqpChannelInitializer tunnelled = new AmqpChannelInitializer(null, services);
        GatewayServer listening = server;
        tunnels.open(GatewayTunnels.Protocol.AMQP, channel -> listening.serve(channel, tunnelled));
        AmqpLogger.LOG.listening(address, port);
    }

    /** Readers of the broker queues back ends receive from; the queues exist once this returns. */
    private ServiceBoundQueues serviceBoundQueues() {
        try {
            brokerSessions = ((ActiveMQConnectionFactory) brokerConnections).getServerLocator().createSessionFactory();
            ArtemisServiceBoundQueues queues = new ArtemisServiceBoundQueues(brokerSessions, brokerCredentials);
            queues.ensureQueues();
            return queues;
        } catch (Exception e) {
            if (brokerSessions != null) {
                brokerSessions.close();
            }
            throw new IllegalStateException("Cannot set up the service-bound queues on the embedded broker: " + e.getMessage(), e);
        }
    }

    /** A reader with an epoch opened or closed on another node of the cluster. */
    public void onEpochReaderElsewhere(@Observes @FromOtherNode EpochReader reader) {
        if (reader.state() == EpochReader.State.OPENED) {
            eventHubReaders.openedElsewhere(reader.node(), reader.consumerGroup(), reader.partition(), reader.epoch());
        } else {
            eventHubReaders.closedElsewhere(reader.node(), reader.consumerGroup(), reader.partition(), reader.epoch());
        }
    }

    public void onNodeLeft(@Observes NodeLeft left) {
        eventHubReaders.nodeLeft(left.node());
    }

    @PreDestroy
    void stop() {
        tunnels.close(GatewayTunnels.Protocol.AMQP);
        if (server != null) {
            server.close(sessions::closeAll);
        }
        if (brokerSessions != null) {
            brokerSessions.close();
        }
        AmqpLogger.LOG.stopped(port);
    }
}
