package org.openiothub.gateway.amqp;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.Source;
import org.apache.qpid.proton.amqp.transport.Target;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Endpoint;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.jboss.logging.Logger;
import org.openiothub.auth.DeviceIdentity;

/**
 * One AMQP connection's protocol logic, on its event loop: opens what the peer opens, keeps the claims its
 * put-tokens proved, and gives each link it attaches the endpoint its address names, once a claim covers it. A
 * link without one is refused with {@code amqp:unauthorized-access}; when a claim expires unrenewed, the links
 * living on it are closed with that condition.
 */
final class AmqpConnection {

    private static final Logger LOG = Logger.getLogger(AmqpConnection.class);
    /** How long past its expiry a claim still counts: clocks differ, and renewals travel. */
    static final Duration EXPIRY_GRACE = Duration.ofSeconds(5);

    private final AmqpServices services;
    private final ProtonDriver driver;
    private final Connection connection;
    private final CbsNode cbs;
    private final DeviceNodes deviceNodes;
    private final ServiceNodes serviceNodes;
    private final EventHubManagementNode management;
    private final EventHubNodes eventHubNodes;
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> expiries = new HashMap<>();
    /** The endpoint of every link attached and not yet closed. */
    private final Map<Link, LinkEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, AmqpDevice> devices = new HashMap<>();
    /** Links to a device's nodes waiting while its client certificate is judged, by claim key. */
    private final Map<String, List<Link>> awaitingCertificate = new HashMap<>();
    private boolean disconnected;

    AmqpConnection(AmqpServices services, ProtonDriver driver, Connection connection) {
        this.services = services;
        this.driver = driver;
        this.connection = connection;
        this.cbs = new CbsNode(services, driver, this::onClaim);
        this.deviceNodes = new DeviceNodes(services, driver);
        this.serviceNodes = new ServiceNodes(services, driver);
        this.management = new EventHubManagementNode(services, driver, this::eventHubClaim);
        this.eventHubNodes = new EventHubNodes(services, driver, this::eventHubClaim, this::closeLink);
    }

    void onEvent(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                connection.setContainer(services.hostName());
                connection.open();
            }
            case CONNECTION_REMOTE_CLOSE -> {
                if (connection.getLocalState() != EndpointState.CLOSED) {
                    connection.close();
                }
            }
            case SESSION_REMOTE_OPEN -> {
                if (event.getSession().getLocalState() == EndpointState.UNINITIALIZED) {
                    event.getSession().open();
                }
            }
            case SESSION_REMOTE_CLOSE -> closeSession(event.getSession());
            case LINK_REMOTE_OPEN -> {
                if (event.getLink().getLocalState() == EndpointState.UNINITIALIZED) {
                    attach(event.getLink());
                }
            }
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> {
                Link link = event.getLink();
                closed(link);
                if (link.getLocalState() != EndpointState.CLOSED) {
                    if (event.getType() == Event.Type.LINK_REMOTE_DETACH) {
                        link.detach();
                    } else {
                        link.close();
                    }
                } else {
                    freeWhenDone(link);
                }
            }
            case LINK_FLOW -> {
                LinkEndpoint endpoint = endpoints.get(event.getLink());
                if (endpoint != null) {
                    endpoint.onFlow();
                }
            }
            case DELIVERY -> {
                Delivery delivery = event.getDelivery();
                LinkEndpoint endpoint = endpoints.get(delivery.getLink());
                if (endpoint != null) {
                    endpoint.onDelivery(delivery);
                } else if (delivery.getLink() instanceof Receiver receiver && !delivery.isPartial()) {
                    // a transfer on a link this hub refused or already closed: drop it
                    receiver.advance();
                    delivery.settle();
                }
            }
            case LINK_LOCAL_CLOSE, LINK_LOCAL_DETACH -> freeWhenDone(event.getLink());
            case SESSION_LOCAL_CLOSE -> freeWhenDone(event.getSession());
            case TRANSPORT_ERROR -> LOG.debugf("AMQP connection from %s failed: %s", driver.remoteAddress(),
                    event.getTransport().getCondition());
            default -> {
                // nothing to do
            }
        }
    }

    /** The outbound buffer drained: senders that paused may go on. */
    void onWritabilityChanged() {
        if (driver.isWritable()) {
            List.copyOf(endpoints.values()).forEach(LinkEndpoint::onWritable);
        }
    }

    /** The socket closed: every link ends, every device goes. */
    void onDisconnected() {
        disconnected = true;
        expiries.values().forEach(expiry -> expiry.cancel(false));
        expiries.clear();
        for (Link link : List.copyOf(endpoints.keySet())) {
            closed(link);
        }
        for (AmqpDevice device : List.copyOf(devices.values())) {
            device.gone();
        }
    }

    // --- links --------------------------------------------------------------------------------------------------

    private void attach(Link link) {
        Target remoteTarget = link.getRemoteTarget();
        Source remoteSource = link.getRemoteSource();
        String address = link instanceof Receiver
                ? (remoteTarget == null ? null : remoteTarget.getAddress())
                : (remoteSource == null ? null : remoteSource.getAddress());
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(link instanceof Receiver ? ReceiverSettleMode.FIRST : link.getRemoteReceiverSettleMode());
        LinkEndpoint endpoint;
        try {
            AmqpAddress target = AmqpAddress.parse(address);
            if (target instanceof AmqpAddress.Cbs) {
                link.open();
                endpoint = register(link, cbs.attach(link));
            } else if (target instanceof AmqpAddress.DeviceNode node) {
                endpoint = attachDeviceNode(link, node);
            } else if (target instanceof AmqpAddress.ServiceNode node) {
                endpoint = attachServiceNode(link, node);
            } else if (target instanceof AmqpAddress.Management) {
                link.open();
                endpoint = register(link, management.attach(link));
            } else if (target instanceof AmqpAddress.EventHubPartition partition) {
                // the link opens once its consumer group is known to exist
                endpoint = register(link, eventHubNodes.attach(partition, link));
            } else {
                endpoint = refuse(link, AmqpConditions.NOT_FOUND, "This hub has no node " + address + ".");
            }
        } catch (LinkRefusedException e) {
            endpoint = refuse(link, e.condition(), e.getMessage());
        }
        LOG.debugf("AMQP link %s %s %s: %s", link.getName(), link instanceof Receiver ? "to" : "from", address,
                endpoint != null ? "attached" : link.getLocalState() == EndpointState.UNINITIALIZED ? "waiting" : "refused");
    }

    private LinkEndpoint register(Link link, LinkEndpoint endpoint) {
        endpoints.put(link, endpoint);
        return endpoint;
    }

    private LinkEndpoint attachDeviceNode(Link link, AmqpAddress.DeviceNode node) {
        String key = Claim.keyOf(node.deviceId(), node.moduleId());
        if (!(valid(key) instanceof Claim.Device claim)) {
            List<X509Certificate> certificates = driver.clientCertificates();
            if (certificates.isEmpty() || services.certificates() == null) {
                throw new LinkRefusedException(AmqpConditions.UNAUTHORIZED_ACCESS,
                        "No valid put-token for " + key + " on this connection: put one on $cbs before attaching.");
            }
            authenticateByCertificate(link, node, key, certificates);
            return null;
        }
        AmqpDevice device = devices.computeIfAbsent(key, ignored -> connect(claim.identity()));
        LinkEndpoint endpoint;
        try {
            endpoint = deviceNodes.attach(node.kind(), link, device);
        } catch (LinkRefusedException e) {
            if (device.links() == 0) {
                device.gone(); // a device is connected while it has a link
            }
            throw e;
        }
        device.linkOpened();
        endpoints.put(link, new DeviceLinkEndpoint(endpoint, device, key));
        return endpoint;
    }

    private LinkEndpoint attachServiceNode(Link link, AmqpAddress.ServiceNode node) {
        if (!(valid(Claim.Service.KEY) instanceof Claim.Service claim)) {
            throw new LinkRefusedException(AmqpConditions.UNAUTHORIZED_ACCESS,
                    "No valid put-token for the hub on this connection: put one on $cbs before attaching.");
        }
        LinkEndpoint endpoint = serviceNodes.attach(node.kind(), link, claim);
        return register(link, endpoint);
    }

    /** Attaches the link and detaches it at once with {@code condition}: AMQP's way of refusing a link. */
    private LinkEndpoint refuse(Link link, Symbol condition, String description) {
        LOG.debugf("AMQP link %s refused: %s", link.getName(), description);
        if (link.getLocalState() == EndpointState.UNINITIALIZED) {
            if (link instanceof Receiver) {
                link.setTarget(null);
            } else {
                link.setSource(null);
            }
            link.open();
        }
        link.setCondition(new ErrorCondition(condition, description));
        link.close();
        return null;
    }

    /**
     * Closes a link from this side with {@code condition}, or refuses it when its attach is not answered yet; its
     * endpoint ends at once.
     */
    void closeLink(Link link, Symbol condition, String description) {
        closed(link);
        if (link.getLocalState() == EndpointState.UNINITIALIZED) {
            refuse(link, condition, description);
        } else if (link.getLocalState() != EndpointState.CLOSED) {
            link.setCondition(new ErrorCondition(condition, description));
            link.close();
        }
    }

    private void closed(Link link) {
        LinkEndpoint endpoint = endpoints.remove(link);
        if (endpoint != null) {
            endpoint.onClosed();
        }
    }

    /**
     * Releases a link or session the engine would otherwise keep for the life of the connection, once both sides
     * closed it: a connection may open and close links for days.
     */
    private static void freeWhenDone(Endpoint endpoint) {
        if (endpoint.getLocalState() == EndpointState.CLOSED && endpoint.getRemoteState() == EndpointState.CLOSED) {
            endpoint.free();
        }
    }

    private void closeSession(Session session) {
        for (Link link : List.copyOf(endpoints.keySet())) {
            if (link.getSession() == session) {
                closed(link);
            }
        }
        if (session.getLocalState() != EndpointState.CLOSED) {
            session.close();
        } else {
            freeWhenDone(session);
        }
    }

    // --- devices ------------------------------------------------------------------------------------------------

    private AmqpDevice connect(DeviceIdentity identity) {
        String key = Claim.keyOf(identity.deviceId(), identity.moduleId());
        AmqpDevice[] holder = new AmqpDevice[1];
        AmqpDevice device = new AmqpDevice(identity, driver, () -> disconnect(holder[0]),
                reason -> closeLinksOf(key, AmqpConditions.UNAUTHORIZED_ACCESS, reason));
        holder[0] = device;
        services.sessions().register(device);
        try {
            services.connections().connected(identity);
        } catch (RuntimeException e) {
            LOG.warnf("[device-id: %s] the connection listener failed: %s", device.clientId(), e);
        }
        LOG.debugf("[device-id: %s] connected over AMQP from %s", device.clientId(), driver.remoteAddress());
        return device;
    }

    private void disconnect(AmqpDevice device) {
        devices.remove(Claim.keyOf(device.identity().deviceId(), device.identity().moduleId()), device);
        deviceNodes.gone(device);
        services.cloudToDevice().detach(device);
        if (services.sessions().unregister(device) && !services.sessions().isStopping()) {
            try {
                services.connections().disconnected(device.identity());
            } catch (RuntimeException e) {
                LOG.warnf("[device-id: %s] the connection listener failed: %s", device.clientId(), e);
            }
            LOG.debugf("[device-id: %s] disconnected from AMQP", device.clientId());
        }
    }

    private void closeLinksOf(String claimKey, Symbol condition, String reason) {
        for (Map.Entry<Link, LinkEndpoint> entry : List.copyOf(endpoints.entrySet())) {
            if (claimKey.equals(entry.getValue().claimKey())) {
                closeLink(entry.getKey(), condition, reason);
            }
        }
    }

    /**
     * A device that connected with a TLS client certificate and no SAS layer names itself in its link addresses: the
     * link's attach is answered once the certificate is judged, as a claim lasting until the certificate expires.
     */
    private void authenticateByCertificate(Link link, AmqpAddress.DeviceNode node, String key, List<X509Certificate> chain) {
        List<Link> waiting = awaitingCertificate.get(key);
        if (waiting != null) {
            waiting.add(link);
            return;
        }
        CompletableFuture<DeviceIdentity> checked;
        try {
            checked = CompletableFuture.supplyAsync(() -> services.certificates()
                    .authenticate(node.deviceId(), node.moduleId(), chain), services.blockingWork());
        } catch (RejectedExecutionException e) {
            throw new LinkRefusedException(AmqpConditions.THROTTLED, "The hub is too busy to authenticate " + key + ".");
        }
        waiting = new ArrayList<>();
        waiting.add(link);
        awaitingCertificate.put(key, waiting);
        Instant notAfter = chain.get(0).getNotAfter().toInstant();
        checked.whenComplete((identity, failure) -> driver.execute(() -> onCertificateChecked(key, notAfter, identity, failure)));
    }

    private void onCertificateChecked(String key, Instant notAfter, DeviceIdentity identity, Throwable failure) {
        List<Link> waiting = awaitingCertificate.remove(key);
        if (waiting == null || disconnected) {
            return;
        }
        ErrorCondition refusal = null;
        if (failure == null) {
            onClaim(new Claim.Device(identity, notAfter));
        } else {
            refusal = AmqpConditions.of(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
            LOG.debugf("[device-id: %s] client certificate refused: %s", key, refusal.getDescription());
        }
        for (Link link : waiting) {
            if (link.getLocalState() != EndpointState.UNINITIALIZED || link.getRemoteState() != EndpointState.ACTIVE) {
                continue;
            }
            if (refusal == null) {
                attach(link);
            } else {
                refuse(link, refusal.getCondition(), refusal.getDescription());
            }
        }
    }

    // --- claims -------------------------------------------------------------------------------------------------

    private void onClaim(Claim claim) {
        if (disconnected) {
            return;
        }
        claims.put(claim.key(), claim);
        ScheduledFuture<?> previous = expiries.remove(claim.key());
        if (previous != null) {
            previous.cancel(false);
        }
        long delay = Math.max(0, Duration.between(services.clock().instant(), claim.expiry().plus(EXPIRY_GRACE)).toMillis());
        ScheduledFuture<?> expiry = driver.schedule(() -> onExpired(claim), delay);
        if (expiry != null) {
            expiries.put(claim.key(), expiry);
        }
    }

    private void onExpired(Claim claim) {
        if (!claims.remove(claim.key(), claim)) {
            return; // renewed meanwhile
        }
        expiries.remove(claim.key());
        LOG.debugf("The token for %s expired on the connection from %s", claim.key(), driver.remoteAddress());
        closeLinksOf(claim.key(), AmqpConditions.UNAUTHORIZED_ACCESS, "The token for " + claim.key()
                + " expired at " + claim.expiry() + "; put a new one on $cbs before it does.");
    }

    /** @return a claim for the Event Hub covering {@code path} unless it expired, else {@code null} */
    private Claim.EventHub eventHubClaim(String path) {
        Instant now = services.clock().instant();
        for (Claim claim : claims.values()) {
            if (claim instanceof Claim.EventHub eventHub && eventHub.covers(path)
                    && !now.isAfter(claim.expiry().plus(EXPIRY_GRACE))) {
                return eventHub;
            }
        }
        return null;
    }

    /** @return the claim under {@code key} unless it expired, else {@code null} */
    private Claim valid(String key) {
        Claim claim = claims.get(key);
        Instant now = services.clock().instant();
        return claim == null || now.isAfter(claim.expiry().plus(EXPIRY_GRACE)) ? null : claim;
    }

    /** Device links count towards their device's connection. */
    private static final class DeviceLinkEndpoint implements LinkEndpoint {

        private final LinkEndpoint endpoint;
        private final AmqpDevice device;
        private final String claimKey;

        DeviceLinkEndpoint(LinkEndpoint endpoint, AmqpDevice device, String claimKey) {
            this.endpoint = endpoint;
            this.device = device;
            this.claimKey = claimKey;
        }

        @Override
        public void onDelivery(Delivery delivery) {
            endpoint.onDelivery(delivery);
        }

        @Override
        public void onFlow() {
            endpoint.onFlow();
        }

        @Override
        public void onWritable() {
            endpoint.onWritable();
        }

        @Override
        public String claimKey() {
            return claimKey;
        }

        @Override
        public void onClosed() {
            endpoint.onClosed();
            device.linkClosed();
        }
    }

    /** Why a link cannot attach; the link is refused with the condition. */
    static final class LinkRefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient Symbol condition;

        LinkRefusedException(Symbol condition, String message) {
            super(message, null, false, false);
            this.condition = condition;
        }

        Symbol condition() {
            return condition;
        }
    }
}
